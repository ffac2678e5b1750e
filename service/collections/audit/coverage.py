"""Coverage of a units list for a year: units with no report, units with more than one, reports of no unit."""
from __future__ import annotations

from service.collections.audit.grouping import Grouping


def _year_entries(group, year: int) -> list:
    return [e for e in group.entries if e.year == year]


def duplicates(grouping: Grouping, years: list[int]) -> list[dict]:
    """Each agency (unit or cluster) with more than one report for a year, with the files."""
    out = []
    for group in grouping.groups:
        for year in years:
            entries = _year_entries(group, year)
            if len(entries) > 1:
                same = len({e.content for e in entries}) == 1
                out.append({"unit": group.display, "year": year, "files": [e.file for e in entries],
                            "same_content": same})
    return out


def missing_units(grouping: Grouping, years: list[int]) -> list[dict]:
    """Units of the list with no report for a year; reports that might be theirs (ambiguous) are named."""
    possible: dict[tuple[str, int], list[str]] = {}
    by_file = {e.file: e for e in grouping.unplaced}
    for item in grouping.ambiguous:
        entry = by_file.get(item["file"])
        for unit in item["candidates"]:
            if entry is not None:
                possible.setdefault((unit, entry.year), []).append(item["file"])
    out = []
    for group in grouping.groups:
        if group.unit is None:
            continue
        for year in years:
            if not _year_entries(group, year):
                row = {"unit": group.unit.name, "year": year}
                if (group.unit.name, year) in possible:
                    row["possible_files"] = possible[(group.unit.name, year)]
                out.append(row)
    return out


def unknown_agencies(grouping: Grouping, years: list[int]) -> list[dict]:
    """Reports of the audited years whose agency matches no unit, with the closest units."""
    by_file = {e.file: e for e in grouping.unplaced}
    return [u for u in grouping.unknown if by_file.get(u["file"]) is None or by_file[u["file"]].year in years]
