"""Platforms named short by level (市政府网站, 县政务服务中心) take their full name from the reporting agency's place
(淮安市人民政府网站, 青禾县政务服务中心): the report names its own level's government, and the agency's name says
which one it is."""
from __future__ import annotations

import re

from service.base.schema import Platform

# A name that opens with a bare level word: 市政府网站, 县人民政府门户网站, 区政务服务中心 (not 市场…, 县域…).
_SHORT = re.compile(r"^(?P<level>[市县区旗])(?P<rest>(?:人民)?政府|政务服务|政务)")


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
