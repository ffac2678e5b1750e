"""Platforms named short take their full name from the reporting agency's name where it says which one is meant, and
only when that agency is known with evidence (its name has a span in the text):
- short by level (市政府网站, 县政务服务中心, 市12345热线): the agency's place of that level (淮安市人民政府网站,
  青禾县政务服务中心, 淮安市12345热线);
- 政府网站, 政府门户网站, 门户网站, 政府公报 in a government's own report (淮安市人民政府, its 办公室): that government's
  (淮安市人民政府网站) — in a bureau's report they may be any level's, so they stay as written;
- the agency's own platform by a self-name (局网站, 本局网站, 我委微信公众号, 本机关门户网站) where the self-name fits the
  agency (self_names.py): the agency's own (淮安市交通运输局网站);
- 政务服务大厅 alone: the hall of the agency's place (淮安市政务服务大厅), not in a town's or a street's report (its
  hall may be the town's own or the county's).
A renamed platform keeps the short mention's spans and lists them in `short_spans`; `named_from` says the name came
from the reporting agency when no span spells it."""
from __future__ import annotations

import re

from service.base.schema import Agency, Platform
from service.core.extractors.name_edges import places
from service.core.extractors.self_names import fits, own_platform_word

# A name that opens with a bare level word: 市政府网站, 县人民政府门户网站, 区政务服务中心 (not 市场…, 县域…).
_SHORT = re.compile(r"^(?P<level>[市县区旗])(?P<rest>(?:人民)?政府|政务服务|政务|12345)")
# a government's own platforms named without any place
_GOVERNMENT_OWN = re.compile(r"^(?:本级)?(?:政府)?(?P<rest>(?:门户)?网站|公报)$")
_SITE_LEVELS = "省市县区旗州盟"
_GOVERNMENT = re.compile(r"^(?P<gov>.{2,}?(?:人民政府|政府))(?:办公室|办公厅)?$")
_HALL = "政务服务大厅"
# a body's (not a government's) report calls its own site by these words alone
_BODY_OWN = ("官方网站", "门户网站", "政务网站", "微信公众号", "官方微信", "政务微信", "官方微博", "政务微博")
_BODIES = ("局", "委员会", "委", "厅", "署")
_TOWN = re.compile("镇|乡|街道")


def with_place(platforms: list[Platform], agency: Agency) -> list[Platform]:
    """Each short platform renamed from the reporting agency's name (merged into a platform that already has the
    full name), its spans marked short; unchanged when the agency is unknown, has no evidence span, or its name
    holds no place of the level the short form needs."""
    if not agency.name or agency.span is None:
        return platforms
    by_name = {p.name: p for p in platforms}
    out: list[Platform] = []
    for platform in platforms:
        full = _full_name(platform.name, agency.name)
        if full is None or full == platform.name:
            out.append(platform)
            continue
        short = sorted({*map(tuple, platform.spans), *map(tuple, platform.short_spans)})
        twin = by_name.get(full)
        if twin is not None and twin is not platform:
            twin.spans = sorted({*map(tuple, twin.spans), *short})
            twin.short_spans = sorted({*map(tuple, twin.short_spans), *short})
            continue
        named_from = "reporting_agency" if set(short) >= set(map(tuple, platform.spans)) else None
        out.append(platform.model_copy(update={"name": full, "short_spans": short, "named_from": named_from}))
    return out


def _full_name(name: str, agency_name: str) -> str | None:
    own = _own_name(name, agency_name)
    if own:
        return own
    m = _SHORT.match(name)
    if not m:
        return None
    at = agency_name.find(m.group("level"), 1)
    if at < 1:
        return None
    place = agency_name[:at + 1]
    rest = name[1:]
    if rest.startswith("政府"):
        rest = "人民" + rest
    return place + rest


def _own_name(name: str, agency_name: str) -> str | None:
    """The full name of a government's, a bureau's or a place's own platform named without a place, or None."""
    gov, own = _GOVERNMENT.match(agency_name), _GOVERNMENT_OWN.match(name)
    if gov and own:
        body = gov.group("gov")
        place = body[:-4] if body.endswith("人民政府") else body[:-2]
        if place[-1:] not in _SITE_LEVELS:  # a town's report: 政府网站 is likely the county's
            return None
        return place + "人民政府" + own.group("rest")
    word = own_platform_word(name)
    if word:
        return agency_name + name[len(word):] if fits(word, agency_name) else None
    if name.startswith("局") and name[1:].endswith("网站") and agency_name.endswith("局"):  # 局网站, 局门户网站
        return agency_name + name[1:]
    if name == _HALL:
        return _hall(agency_name)
    if name in _BODY_OWN and agency_name.endswith(_BODIES) and not _TOWN.search(agency_name):
        return agency_name + name  # a bureau's own 官方网站 (淮安市交通运输局官方网站)
    return None


def _hall(agency_name: str) -> str | None:
    """政务服务大厅 of the agency's own place when that is of county level or above (淮安市清江浦区), else None: a
    town's or a street's hall may be its own or the county's, and a name without a place says nothing."""
    own = places(agency_name)
    if not own or own[0][-1] not in _SITE_LEVELS or _TOWN.search(agency_name[len(own[0]):]):
        return None
    return own[0] + _HALL
