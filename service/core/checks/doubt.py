"""Which table cells were not read directly — deduced from sums, placed by alignment, or corrected from OCR.

The tables code records how it obtained each cell (`TableResult.provenance`: read, aligned, deduced, ocr; see
service/core/tables/result.py); rows its parser had to complete or trim (short_row / long_row issues) count as doubtful
too, and a null cell the parser could not read (an OCR token the sums do not confirm, a digit run with no single
split, any null of a table whose rows ran together) is `unread`, never a printed blank. A doubtful cell may hold any
non-negative value, or one of its `readings` where the table knows them (an OCR look-alike: l may be 1 or 7; a run
that splits two ways): a check on it fails only when it fails for every value (service/core/checks compare) — a
false alarm costs more than a missed one.
"""
from __future__ import annotations

from service.core.checks import Doubts
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


def unread_cells(table: TableResult) -> set[str]:
    """Null cells that are no printed blank: a token or digit run the parser could not read, or any null of a table
    whose rows ran together (its layout was not followed)."""
    return {k for k, v in table.cells.items()
            if v is None and (k in table.unreadable or k in table.readings or table.glued)}


def cell_doubts(tables: dict[str, TableResult | None]) -> Doubts:
    """Full cell name (table.row.column) → why it is doubtful, for every cell not read directly, with the readings
    of the cells whose reading allows several values."""
    out = Doubts()
    for name, table in tables.items():
        if table is None:
            continue
        found = {k: table.provenance[k] for k in table.doubtful}
        found.update({k: v for k, v in _issue_doubts(table).items() if k not in found})
        found.update({k: "unread" for k in unread_cells(table) if k not in found or table.cells.get(k) is None})
        out.update({f"{name}.{k}": v for k, v in found.items()})
        out.readings.update({f"{name}.{k}": list(v) for k, v in table.readings.items()})
    return out
