"""The audit workbook (openpyxl): sheets 跨年核对 and 报送情况 with Chinese headers, a frozen header row,
autofilter and column widths."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from service.collections.audit.sheets import audit_sheets
from service.collections.export.rows import text_safe

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_ILLEGAL = {c: " " for c in range(32) if chr(c) not in "\t\n\r"}


def _safe(value):
    """Text without control characters, and never read by Excel as a formula."""
    if not isinstance(value, str):
        return value
    return text_safe(value.translate(_ILLEGAL))


def write_workbook(audit: dict, out: Path) -> None:
    """Write the audit's two sheets to an .xlsx file."""
    book = Workbook()
    book.remove(book.active)
    for title, columns, rows in audit_sheets(audit):
        sheet = book.create_sheet(title)
        sheet.append([h for h, _ in columns])
        for cell in sheet[1]:
            cell.font, cell.fill = Font(bold=True), _HEADER_FILL
        for i, (_, width) in enumerate(columns, 1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        for row in rows:
            sheet.append([_safe(v) for v in row])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, sheet.max_row)}"
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
