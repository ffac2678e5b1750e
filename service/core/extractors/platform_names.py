"""Platforms named short take their full name from the reporting agency's name where it says which one is meant:
- short by level (市政府网站, 县政务服务中心, 市12345热线): the agency's place of that level (淮安市人民政府网站,
  青禾县政务服务中心, 淮安市12345热线);
- 政府网站, 政府门户网站, 政府公报 in a government's own report (淮安市人民政府, its 办公室): that government's
  (淮安市人民政府网站) — in a bureau's report they may be any level's, so they stay as written;
- 局网站, 本局网站, 我局门户网站 in a bureau's report: the bureau's own (淮安市交通运输局网站)."""
from __future__ import annotations

import re

from service.base.schema import Platform

# A name that opens with a bare level word: 市政府网站, 县人民政府门户网站, 区政务服务中心 (not 市场…, 县域…).
_SHORT = re.compile(r"^(?P<level>[市县区旗])(?P<rest>(?:人民)?政府|政务服务|政务|12345)")
# a government's own platforms named without any place, and a bureau's own website
_GOVERNMENT_OWN = re.compile(r"^(?:本级)?政府(?P<rest>(?:门户)?网站|公报)$")
_BUREAU_OWN = re.compile(r"^(?:本局|我局|局)(?P<rest>(?:门户|政务|官方)?网站)$")
_SITE_LEVELS = "省市县区旗州盟"
_GOVERNMENT = re.compile(r"^(?P<gov>.{2,}?(?:人民政府|政府))(?:办公室|办公厅)?$")


def with_place(platforms: list[Platform], agency_name: str | None) -> list[Platform]:
    """Each short-by-level platform renamed with the agency's place of that level (merged into a platform that
    already has the full name); unchanged when the agency's name holds no place of that level."""
    if not agency_name:
        return platforms
    by_name = {p.name: p for p in platforms}
    out: list[Platform] = []
    for platform in platforms:
        full = _full_name(platform.name, agency_name)
        if full is None or full == platform.name:
            out.append(platform)
            continue
        twin = by_name.get(full)
        if twin is not None and twin is not platform:
            twin.spans = sorted({*map(tuple, twin.spans), *map(tuple, platform.spans)})
            continue
        out.append(platform.model_copy(update={"name": full}))
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
    """The full name of a government's or a bureau's own platform named without a place, or None."""
    gov, own = _GOVERNMENT.match(agency_name), _GOVERNMENT_OWN.match(name)
    if gov and own:
        body = gov.group("gov")
        place = body[:-4] if body.endswith("人民政府") else body[:-2]
        if place[-1:] not in _SITE_LEVELS:  # a town's report: 政府网站 is likely the county's
            return None
        return place + "人民政府" + own.group("rest")
    bureau = _BUREAU_OWN.match(name)
    if bureau and agency_name.endswith("局"):
        return agency_name + bureau.group("rest")
    return None
