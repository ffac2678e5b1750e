"""Score an audit of a generated collection against what was planted: recall per kind and false flags."""
from __future__ import annotations

from training.collection import Planted


def _owner(planted: Planted) -> dict[str, str]:
    return {f: agency for agency, files in planted.groups.items() for f in files}


def expected_findings(planted: Planted) -> dict[tuple[str, str, int], str]:
    """(check, agency, year) → status of every finding a correct audit flags."""
    out = {(f"yoy.carry_over.{col}", unit, year): "fail" for unit, year, col in planted.carry_over}
    out |= {(f"yoy.continuity.{row}", unit, year): s for (unit, year, row), s in planted.continuity.items()}
    out |= {("yoy.narrative", unit, year): s for (unit, year), s in planted.narrative.items() if s != "pass"}
    out |= {("yoy.template_change", unit, year): "uncertain" for unit, year in planted.template_change}
    return out


def _kind(check: str) -> str:
    return check.rsplit(".", 1)[0] if check.startswith(("yoy.carry_over", "yoy.continuity")) else check


def score(audit: dict, planted: Planted) -> dict[str, dict]:
    """{kind: {planted, found, false}} for findings, coverage lists and grouping."""
    owner = _owner(planted)
    expected = expected_findings(planted)
    flagged = {}
    for f in audit["findings"]:
        if f["status"] != "pass":
            check = "yoy.narrative" if f["id"].startswith("yoy.narrative") else f["id"]
            flagged[(check, owner.get(f["files"][1], f["agency"]), f["years"][1])] = f["status"]
    rows: dict[str, dict] = {}
    for key, status in expected.items():
        row = rows.setdefault(f"{_kind(key[0])} ({status})", {"planted": 0, "found": 0, "false": 0})
        row["planted"] += 1
        row["found"] += flagged.get(key) == status
    for key, status in flagged.items():
        if expected.get(key) != status:
            rows.setdefault(f"{_kind(key[0])} ({status})", {"planted": 0, "found": 0, "false": 0})["false"] += 1
    found_missing = {(m["unit"], m["year"]) for m in audit["missing_units"]}
    found_dups = {(owner.get(d["files"][0], d["unit"]), d["year"]) for d in audit["duplicates"]}
    found_unknown = {u["file"] for u in audit["unknown_agencies"]}
    for name, want, got in (("missing_units", planted.missing, found_missing),
                            ("duplicates", planted.duplicates, found_dups),
                            ("unknown_agencies", planted.unknown, found_unknown)):
        rows[name] = {"planted": len(want), "found": len(want & got), "false": len(got - want)}
    rows["groups"] = _grouping(audit, planted, owner)
    return rows


def _grouping(audit: dict, planted: Planted, owner: dict[str, str]) -> dict:
    """An agency counts as found when all its files sit in one group that holds no other agency's file."""
    group_of = {f: i for i, g in enumerate(audit["groups"]) for f in g["files"]}
    agencies = {a: files for a, files in planted.groups.items() if files}
    good = sum(1 for files in agencies.values()
               if len({group_of.get(f) for f in files}) == 1 and group_of.get(files[0]) is not None
               and {owner[f] for f in audit["groups"][group_of[files[0]]]["files"]} == {owner[files[0]]})
    mixed = sum(1 for g in audit["groups"] if len({owner.get(f) for f in g["files"]}) > 1)
    return {"planted": len(agencies), "found": good, "false": mixed}
