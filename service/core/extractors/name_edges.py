"""Left edges of mentioned names completed from the reporting agency's place: the recogniser sometimes starts a name
one or two characters late (市黎远区政府 for 定源市黎远区政府) or a function word is trimmed that was the first
character of a place (和乡市溪庄县司法局 read as 乡市溪庄县司法局). Where the characters just before a mention and
its first characters spell a place of the reporting agency's own name, the mention starts where that place starts."""
from __future__ import annotations

import re

from service.base.schema import AgencyMention, Platform
from service.core.extractors.entities import clean_name

_LEVELS = "省市县区旗州盟镇乡"
_MAX_BACK = 6
_FUNCTION_WORDS = "和及与在向"
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_SPACE = re.compile(r"\s")


def places(agency_name: str) -> list[str]:
    """The agency name's place prefixes, longest first (定源市黎远区人民政府办公室 → 定源市黎远区, 定源市)."""
    out = [agency_name[:i + 1] for i, ch in enumerate(agency_name)
           if ch in _LEVELS and i >= 1 and agency_name[i + 1:i + 2] not in ("场", "级")]
    return sorted(out, key=len, reverse=True)


def _start(text: str, start: int, name: str, prefixes: list[str], agency_name: str) -> int:
    """Where the mention at `start` really starts: moved back over the characters that complete a place."""
    if name.startswith(tuple(prefixes)):
        return start
    for back in range(min(_MAX_BACK, start), 0, -1):
        before = text[start - back:start]
        if not _CJK_RUN.fullmatch(before):
            continue
        joined = before + name
        if any(joined.startswith(p) and len(p) > back for p in prefixes):
            return start - back
    return start - 1 if start and _trimmed_word(text[start - 1] + name[:1], agency_name) else start


def _trimmed_word(pair: str, agency_name: str) -> bool:
    """A function word trimmed from the name was its first character: the pair (和峡) opens a word of the agency's
    name (…人民政府和峡街道办事处, 和溪县…)."""
    if pair[:1] not in _FUNCTION_WORDS:
        return False
    at = agency_name.find(pair)
    return at == 0 or (at > 0 and agency_name[at - 1] in _LEVELS + "府")


def _moved(text: str, spans: list, prefixes: list[str], name: str, agency_name: str) -> tuple[str, list]:
    """The name and spans after completing each span's left edge (the name from the first span that moved)."""
    out, new_name = [], name
    for s, e in spans:
        said = clean_name(text[s:e])
        # an alias span (政府网站) keeps its edge
        s2 = _start(text, s, said, prefixes, agency_name) if said == name else s
        if s2 != s and new_name == name:
            new_name = _SPACE.sub("", text[s2:s]) + name
        out.append((s2, e))
    return new_name, out


# the government of one of those places, named in full (九阳县人民政府, 九阳县政府办公室), not a platform of it
_GOVERNMENT = re.compile(r"(?:人民政府|政府)(?:办公室|办公厅|办)?(?!网|门户|公报|官方|微信|微博|信息公开|办理)")


def _governments(text: str, prefixes: list[str]) -> list[tuple[int, int]]:
    """Spans of (?:prefix…)_GOVERNMENT in text, as that pattern's finditer gives them (prefixes longest first, each
    tried in turn where one starts; the scan goes on after a match), without compiling a pattern per agency: every
    prefix begins with the shortest one (they are prefixes of one name), so only where it stands can one start."""
    out, shortest = [], prefixes[-1]
    at = text.find(shortest)
    while at >= 0:
        for p in prefixes:
            m = _GOVERNMENT.match(text, at + len(p)) if text.startswith(p, at) else None
            if m:
                out.append((at, m.end()))
                break
        at = text.find(shortest, m.end() if m else at + 1)
    return out


def complete_agencies(text: str, agencies: list[AgencyMention], agency_name: str | None) -> list[AgencyMention]:
    """Mentioned agencies with their left edges completed, and the governments of the reporting agency's places
    where the text names them in full; mentions that then share a name are one."""
    prefixes = places(agency_name or "")
    if not prefixes:
        return agencies
    by_name: dict[str, AgencyMention] = {}

    def add(a: AgencyMention, name: str, spans: list) -> None:
        if name in by_name:
            twin = by_name[name]
            twin.spans = sorted({*map(tuple, twin.spans), *spans})
        else:
            by_name[name] = a.model_copy(update={"name": name, "spans": spans})

    for a in agencies:
        add(a, *_moved(text, [tuple(s) for s in a.spans], prefixes, a.name, agency_name))
    taken = [tuple(s) for a in by_name.values() for s in a.spans]
    for start, end in _governments(text, prefixes):
        if all(end <= s or start >= e for s, e in taken):
            name = text[start:end]
            add(AgencyMention(name=name, role="mentioned", spans=[]), name, [(start, end)])
    return list(by_name.values())


def complete_platforms(text: str, platforms: list[Platform], agency_name: str | None) -> list[Platform]:
    """Platforms whose name starts inside a place of the reporting agency's name, completed the same way."""
    prefixes = places(agency_name or "")
    if not prefixes:
        return platforms
    out = []
    for p in platforms:
        name, spans = _moved(text, [tuple(s) for s in p.spans], prefixes, p.name, agency_name)
        out.append(p if name == p.name else p.model_copy(update={"name": name, "spans": spans}))
    return out
