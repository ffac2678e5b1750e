"""The three statistical tables: locate each region, read its rows, assign the contract's cell keys."""
from __future__ import annotations

from service.base.schema import Section
from service.core.tables.active import parse_active
from service.core.tables.applications import parse_applications
from service.core.tables.layout import table_rows
from service.core.tables.result import Issue, TableResult
from service.core.tables.review import parse_review

__all__ = ["Issue", "TableResult", "parse_tables"]

_PARSERS = {"active_disclosure": parse_active, "applications": parse_applications, "review_litigation": parse_review}
# Without a heading, a table is found by the words of its first row.
_ANCHORS = {"active_disclosure": ("第二十条第", "规章"), "applications": ("本年新收", "申请人情况"),
            "review_litigation": ("行政复议", "结果维持")}


def _region(text: str, sections: list[Section], name: str) -> tuple[int, int] | None:
    for s in sections:
        if s.key == name:
            return s.span
    for anchor in _ANCHORS[name]:
        pos = text.find(anchor)
        if pos >= 0:
            later = [s.span[0] for s in sections if s.span[0] > pos]
            return (text.rfind("\n", 0, pos) + 1, min(later, default=len(text)))
    return None


def parse_tables(text: str, sections: list[Section]) -> dict[str, TableResult | None]:
    """Each table's parse result (None when the document lacks it)."""
    out: dict[str, TableResult | None] = {}
    for name, parser in _PARSERS.items():
        region = _region(text, sections, name)
        rows = table_rows(text, *region) if region else []
        result = parser(rows) if region else None
        if result is not None:
            result.span = region
            result.glued = any(f.run for row in rows for f in row)
            _note_blank_cells(result)
        out[name] = result
    return out


def _note_blank_cells(result: TableResult) -> None:
    """One issue listing the rows whose cells are blank (null), unless another issue already names them."""
    named = {r for issue in result.issues for r in issue.rows}
    rows = []
    for key, value in result.cells.items():
        if value is not None or key in result.unreadable:
            continue
        row = key.rsplit(".", 1)[0]
        if row not in named and key not in named and row not in rows:
            rows.append(row)
    blanks = sum(1 for k, v in result.cells.items()
                 if v is None and k not in result.unreadable and k.rsplit(".", 1)[0] in rows)
    if rows:
        result.issues.append(Issue("blank_cells", rows, f"有{blanks}个空白单元格（按 null 处理，不视为 0）", []))
