"""Agency keys: the place chain plus the canonical body of an agency name, by one documented rule.

The rule, applied to a name with spaces and bracketed notes removed:
1. Places are read from the left while a place word follows: a stem of 1–4 characters and a level from
   agency.yaml `places` (省 自治区 市 州 盟 地区 县 区 旗 镇 乡 街道; 自治州/自治县 allow a longer stem). A name that
   starts with a bare level (市科技局) has a place with no stem. Words in agency_keys.yaml `not_places` (市场, 城乡 …)
   never start a place.
2. The rest is the body. Every government form (人民政府, 政府, 人民政府办公室, 政府办 …) becomes 人民政府 — or
   办事处 under a 街道 — so 办公室 and 人民政府 of one place are one reporter; an abbreviation in agency_keys.yaml
   (科技局) becomes its full body (科学技术局); a trailing 委/办 becomes 委员会/办公室.
3. The key is the places and the body joined by "|": 安平市|绵庄县|商洲街道|办事处.

Two names are the same agency when their bodies agree (equal, or one is an in-order abbreviation of the other
with the same first character and kind) and their place chains agree from the lowest place up: a missing higher
place or a stem-less level (市) does not disagree, a different stem does.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from service.base.vocab import load_vocab

_BRACKETS = re.compile(r"[（(][^）)]*[）)]|\s+")
_STEM_CHARS = r"[^\W\d_和与及的、·]"  # 和 may only open a stem (和平区), never stand inside one (住房和城乡)
_SHORT_LEVEL = re.compile("[省市州县区旗盟]")


@dataclass(frozen=True)
class Place:
    stem: str  # 安平 ('' for a bare level such as 市 in 市科技局)
    level: str  # 市


@dataclass(frozen=True)
class AgencyName:
    """A parsed agency name: its place chain (highest first) and canonical body."""

    raw: str
    places: tuple[Place, ...]
    body: str

    @property
    def key(self) -> str:
        """The agency key: 安平市|科学技术局."""
        return "|".join([*(p.stem + p.level for p in self.places), self.body])

    @property
    def anchored(self) -> bool:
        """True when the lowest place is named (a stem), so the name cannot stand for another place's body."""
        return bool(self.places) and bool(self.places[-1].stem)


@cache
def _vocab() -> dict:
    return load_vocab("agency_keys")


@cache
def _place_re() -> re.Pattern:
    levels = sorted(load_vocab("agency")["places"], key=len, reverse=True)
    first = _STEM_CHARS.replace("和", "")
    auto = rf"(?P<astem>{first}{_STEM_CHARS}{{0,6}}?)(?P<alevel>自治州|自治县|自治旗|自治区)"
    plain = rf"(?P<stem>{first}{_STEM_CHARS}{{0,3}}?)(?P<level>{'|'.join(levels)})"
    return re.compile(rf"(?:{auto}|{plain})")


def _read_places(name: str) -> tuple[list[Place], str]:
    places: list[Place] = []
    rest = name
    bare = re.match("(省|自治区|市|州|县|区|旗)", rest)
    if bare and not rest.startswith(tuple(_vocab()["not_places"])) and len(rest) > 2:
        places.append(Place("", bare.group(1)))
        rest = rest[bare.end():]
    while rest:
        if rest.startswith(tuple(_vocab()["not_places"])):
            break
        m = _place_re().match(rest)
        if not m:
            break
        stem, level = (m.group("astem"), m.group("alevel")) if m.group("astem") else (m.group("stem"), m.group("level"))
        end = m.end()
        if any(stem.startswith(w) for w in _vocab()["not_places"]):
            break
        if _SHORT_LEVEL.match(rest, end) and not rest.startswith(tuple(_vocab()["not_places"]), end) and len(stem) < 4:
            stem, level, end = stem + level, rest[end], end + 1  # 苏州市: the stem ends in a level character
        places.append(Place(stem, level))
        rest = rest[end:]
    return places, rest


def canonical_body(body: str, places: list[Place] | tuple[Place, ...]) -> str:
    """The body in its canonical full form (rule 2 of the module docstring)."""
    street = bool(places) and places[-1].level == "街道"
    vocab = _vocab()
    if street and body in ("", *vocab["street_office"]):
        return "办事处"
    if body in ("", *vocab["government"]):
        return "人民政府"
    body = vocab["abbreviations"].get(body, body)
    for short, long in vocab["long_suffix"].items():
        if body.endswith(short) and not body.endswith(long):
            body = body[: -len(short)] + long
    return body


def parse_name(name: str) -> AgencyName:
    """Parse an agency name into places and canonical body."""
    clean = _BRACKETS.sub("", name or "")
    places, body = _read_places(clean)
    return AgencyName(clean, tuple(places), canonical_body(body, places))


def _in_order(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def bodies_agree(a: str, b: str) -> bool:
    """Equal bodies, or one an in-order abbreviation of the other with the same first and last character."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 2 and short[0] == long[0] and short[-1] == long[-1] and _in_order(short, long)


def places_agree(a: tuple[Place, ...], b: tuple[Place, ...]) -> bool:
    """Chains agree from the lowest place up; a missing higher place or a stem-less level does not disagree."""
    return all(pa.level == pb.level and (not pa.stem or not pb.stem or pa.stem == pb.stem)
               for pa, pb in zip(reversed(a), reversed(b)))


def same_agency(a: AgencyName, b: AgencyName) -> bool:
    """True when two parsed names may name one agency (see the module docstring)."""
    return bodies_agree(a.body, b.body) and places_agree(a.places, b.places)
