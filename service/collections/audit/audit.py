"""The audit of a collection: group reports by agency, check consecutive years, list the coverage of a units list."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import product

from service.collections.audit.carryover import carry_over
from service.collections.audit.continuity import continuity_2019, continuity_2021
from service.collections.audit.coverage import duplicates, missing_units, unknown_agencies
from service.collections.audit.entries import Entry, read_rows
from service.collections.audit.findings import Pair
from service.collections.audit.grouping import Group, group_entries
from service.collections.audit.narrative_yoy import narrative_yoy
from service.collections.audit.template_change import template_change
from service.collections.audit.units import Unit

_MAX_VERSIONS = 3  # distinct reports of one agency-year compared pairwise; more is listed as duplicates only
_ORDER = {"fail": 0, "uncertain": 1, "pass": 2}


def _versions(group: Group, year: int) -> list[Entry]:
    """The distinct reports (by content) of a group for a year."""
    seen: dict[str, Entry] = {}
    for e in group.entries:
        if e.year == year:
            seen.setdefault(e.content, e)
    return list(seen.values())[:_MAX_VERSIONS]


def pairs(group: Group, years: list[int]) -> list[Pair]:
    """Every (last year, this year) pair of the group's reports for the audited years."""
    return [Pair(group.display, prev, cur) for year in years
            for prev, cur in product(_versions(group, year - 1), _versions(group, year))]


def _checks(pair: Pair) -> list[Callable[[Pair], list[dict]]]:
    t0, t1 = pair.prev.template(), pair.cur.template()
    if t0 == t1 == "2021":
        table = [continuity_2021]
    elif t0 == t1 == "2019":
        table = [continuity_2019]
    else:
        table = [template_change]
    return [carry_over, *table, narrative_yoy]


def _group_row(group: Group) -> dict:
    group.entries.sort(key=lambda e: e.year)
    return {"agency_key": group.key, "agency": group.display, "unit": group.unit.name if group.unit else None,
            "names": sorted({e.name for e in group.entries if e.name}), "files": [e.file for e in group.entries],
            "years": sorted({e.year for e in group.entries})}


def run_audit(rows: Iterable[dict], units: list[Unit] | None = None, year: int | None = None,
              include_pass: bool = False) -> dict:
    """The audit JSON of batch rows ({file, sha256, id, result} or {file, sha256, error})."""
    entries, skipped = read_rows(rows)
    grouping = group_entries(entries, units)
    years = [year] if year else sorted({e.year for e in entries})
    findings = [f for g in grouping.groups for p in pairs(g, years) for check in _checks(p) for f in check(p)]
    if not include_pass:
        findings = [f for f in findings if f["status"] != "pass"]
    findings.sort(key=lambda f: (_ORDER[f["status"]], f["agency"], f["years"], f["id"]))
    return {
        "findings": findings,
        "missing_units": missing_units(grouping, years) if units else [],
        "duplicates": duplicates(grouping, years),
        "unknown_agencies": unknown_agencies(grouping, years) if units else [],
        "groups": [_group_row(g) for g in grouping.groups if g.entries],
        "ambiguous": grouping.ambiguous,
        "skipped": skipped,
        "summary": {"reports": len(entries), "years": years, "agencies": sum(1 for g in grouping.groups if g.entries),
                    "fail": sum(f["status"] == "fail" for f in findings),
                    "uncertain": sum(f["status"] == "uncertain" for f in findings)},
    }
