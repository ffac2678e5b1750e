"""Re-run the table checks over a result whose cells a reviewer corrected; the extracted result itself is never changed.

Table arithmetic is recomputed from the corrected tables; narrative-vs-table checks keep their stored links (the
narrative figure and the cells it reports) and compare again; 其中 sums and completeness do not read cell values
and are kept as extracted.
"""
from __future__ import annotations

import copy

from service.core.checks import arithmetic, compare
from service.core.checks.doubt import cell_doubts
from service.core.tables import TableResult

# The same wording as service/core/checks/narrative.py gives a narrative-vs-table check.
_LINK_MESSAGE = "正文“{what}”({{l}}) {{op}} 表格对应单元格({{r}})"
_ZERO_BASE = 1000  # narrative.zero_checks numbers its checks from here


def apply_corrections(result: dict, corrections: dict[str, float | int | None]) -> dict:
    """A copy of the result with corrected cell values ("table.row.column" → value; None = blank)."""
    out = copy.deepcopy(result)
    for key, value in corrections.items():
        table, _, cell = key.partition(".")
        target = (out.get("tables") or {}).get(table)
        if target is not None:
            target.setdefault("cells", {})[cell] = _num(value)
            if "provenance" in target and value is not None:
                target["provenance"][cell] = "read"  # a person read it
            elif "provenance" in target:
                target["provenance"].pop(cell, None)  # a person saw a blank
            (target.get("readings") or {}).pop(cell, None)  # one value now
    return out


def _num(value: float | int | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _table_results(result: dict) -> dict[str, TableResult | None]:
    out: dict[str, TableResult | None] = {}
    for name, table in (result.get("tables") or {}).items():
        if table is None:
            out[name] = None
            continue
        t = TableResult(name=name, template=table.get("template"), cells=dict(table.get("cells") or {}),
                        spans={k: tuple(v) for k, v in (table.get("spans") or {}).items()},
                        span=tuple(table["span"]) if table.get("span") else None)
        if hasattr(t, "provenance") and table.get("provenance"):
            t.provenance = {k: v for k, v in table["provenance"].items() if v != "unread"}
            t.unreadable = {k for k, v in table["provenance"].items() if v == "unread"}
        t.readings = {k: list(v) for k, v in (table.get("readings") or {}).items()}
        out[name] = t
    return out


def _relink(check: dict, result: dict, tables: dict[str, TableResult | None]) -> dict:
    """A narrative-vs-table check compared again against the (corrected) cells it names."""
    n = int(check["id"].rsplit(".", 1)[-1])
    counts, text = result.get("counts") or [], (result.get("document") or {}).get("text", "")
    spans = [tuple(s) for s in check.get("spans") or []]
    if n >= _ZERO_BASE:
        value, what = 0, (text[spans[0][0]:spans[0][1]] if spans else "")
    elif n < len(counts):
        value, what = counts[n]["value"], counts[n].get("text") or counts[n].get("subject", "")
    else:
        return check
    right = {}
    for key in check.get("cells") or []:
        table, _, cell = key.partition(".")
        right[key] = (tables.get(table).cells.get(cell) if tables.get(table) else None)
    redone = compare(check["id"], "narrative_vs_table", {"narrative": value}, right,
                     _LINK_MESSAGE.format(what=what), spans, list(check.get("cells") or []), cell_doubts(tables))
    return redone.model_dump(mode="json") if redone else check


def recheck(result: dict, changed: set[str] | None = None) -> dict:
    """The result with its table checks re-run on its (corrected) cells, in the original order of kinds.

    With `changed` (the corrected cell keys), a check that reads none of them keeps its stored verdict: its inputs
    are the extracted ones, and the stored verdict also knows what the JSON does not carry (how each cell was read).
    """
    tables = _table_results(result)
    stored = {c["id"]: c for c in result.get("checks") or []}

    def keep(check: dict) -> bool:
        return changed is not None and check["id"] in stored and not set(check.get("cells") or []) & changed

    out = dict(result)
    table_checks = [c.model_dump(mode="json") for c in arithmetic.table_checks(tables, cell_doubts(tables))]
    table_checks = [stored[c["id"]] if keep(c) else c for c in table_checks]
    table_checks += [c for c in result.get("checks") or []  # a stored check the re-run no longer makes, untouched
                     if c["kind"] == "table_arithmetic" and keep(c) and c["id"] not in {t["id"] for t in table_checks}]
    kept = []
    for check in result.get("checks") or []:
        if check["kind"] == "table_arithmetic":
            continue
        redo = check["kind"] == "narrative_vs_table" and not keep(check)
        kept.append(_relink(check, result, tables) if redo else check)
    out["checks"] = table_checks + kept
    return out
