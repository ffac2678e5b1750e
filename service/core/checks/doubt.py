"""Which table cells were not read directly — deduced from sums, placed by alignment, or corrected from OCR.

The tables code records how it obtained each cell (`TableResult.provenance`: read, aligned, deduced, ocr; see
service/core/tables/result.py); rows its parser had to complete or trim (short_row / long_row issues) count as doubtful
too. A check that would fail on a doubtful cell is `uncertain` instead: a false alarm costs more than a missed one.
"""
from __future__ import annotations

from service.base.schema import Check
from service.core.tables import TableResult
from service.core.tables.templates import cell_name

REASONS = {"deduced": "由行列合计推算", "aligned": "按列位置对齐推定", "ocr": "由OCR识别校正"}


def _issue_doubts(table: TableResult) -> dict[str, str]:
    out = {}
    for issue in table.issues:
        if issue.kind not in ("short_row", "long_row"):
            continue
        rows = [r for r in issue.rows if r != "total_processed"] if table.name == "applications" else issue.rows
        for key in table.cells:
            row = key.rsplit(".", 1)[0]
            if row in rows or table.name in rows or key in rows:
                out[key] = "deduced" if issue.kind == "short_row" else "aligned"
    return out


def cell_doubts(tables: dict[str, TableResult | None]) -> dict[str, str]:
    """Full cell name (table.row.column) → why it is doubtful, for every cell not read directly."""
    out: dict[str, str] = {}
    for name, table in tables.items():
        if table is None:
            continue
        found = {k: table.provenance[k] for k in table.doubtful}
        found.update({k: v for k, v in _issue_doubts(table).items() if k not in found})
        out.update({f"{name}.{k}": v for k, v in found.items()})
    return out


def soften(check: Check | None, doubts: dict[str, str]) -> Check | None:
    """A failing check that uses a doubtful cell becomes `uncertain`, its message saying which cell and why."""
    if check is None or check.status != "fail" or not doubts:
        return check
    used = [(c, doubts[c]) for c in check.cells if c in doubts]
    if not used:
        return check
    cell, why = used[0]
    more = f"等{len(used)}个单元格" if len(used) > 1 else ""
    note = f"（单元格{cell_name(cell)}{more}并非直接读取，而是{REASONS.get(why, why)}所得，无法确定是否真不一致）"
    return check.model_copy(update={"status": "uncertain", "message": check.message + note})
