"""Which table cells were not read directly — deduced from sums, placed by alignment, or corrected from OCR.

The tables code records how it obtained each cell (`TableResult.provenance`: read, aligned, deduced, ocr; see
service/core/tables/result.py); rows its parser had to complete or trim (short_row / long_row issues) count as doubtful
too. A doubtful cell may hold any non-negative value (service/core/checks compare): a check that fails on it is
`uncertain` unless it fails whatever the cell holds — a false alarm costs more than a missed one.
"""
from __future__ import annotations

from service.core.tables import TableResult


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
