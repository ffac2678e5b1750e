"""What every export is made of: the long table's rows (one per cell, one per part-五 item), the hooks other layers
add, a formula guard.

The long table has one row per cell: ``file, agency, year, table, row, column, value, how, readings, start, end`` —
``table`` is the contract's table name, ``row.column`` its cell key; ``how`` the cell's provenance (read, aligned,
deduced, ocr, unread), ``readings`` the values a doubtful cell may hold joined by ``|`` (``1|7`` for an OCR ``l``, empty
where the cell holds one value), ``start``/``end`` its evidence span in ``document.text``. Then one row per item of
part 五: ``table`` is ``problems`` or ``improvements``, ``row`` the item's index in its list (0-based, as the
contract's ``pair``), ``text`` the item, ``pair`` the index of its paired item in the other list (empty unless the
text pairs them), ``start``/``end`` its span; its ``column``, ``value``, ``how`` and ``readings`` are empty.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

LONG_COLUMNS = ["file", "agency", "year", "table", "row", "column", "value", "how", "readings", "start", "end", "text",
                "pair"]
TABLES = ("active_disclosure", "applications", "review_litigation")
LISTS = ("problems", "improvements")


@dataclass
class Column:
    """An extra column: header, width, and the value for one (report id, item) — e.g. a reviewer's decision."""

    header: str
    width: int
    value: Callable[[str | None, dict], Any]


@dataclass
class Sheet:
    """An extra worksheet written after the standard ones: title, (header, width) pairs and its rows."""

    title: str
    columns: list[tuple[str, int]]
    rows: Iterable[list] | Callable[[], Iterable[list]]


@dataclass
class ExportHooks:
    """What other layers add to the workbook: columns on 核对问题 (web: 审核结论, 备注) and sheets (audit)."""

    check_columns: list[Column] = field(default_factory=list)
    sheets: list[Sheet] = field(default_factory=list)


def facts(row: dict) -> tuple[str, str | None, int | None]:
    """(file, agency name, year) of a batch row."""
    report = ((row.get("result") or {}).get("report")) or {}
    return row.get("file", ""), (report.get("agency") or {}).get("name"), report.get("year")


def cell_rows(row: dict) -> Iterator[tuple]:
    """Every cell of every table of one batch row: (file, agency, year, table, row, column, value, how, readings,
    start, end); a blank cell has value None, a cell without evidence None for start and end."""
    result = row.get("result")
    if not result:
        return
    file, agency, year = facts(row)
    for name in TABLES:
        table = (result.get("tables") or {}).get(name) or {}
        provenance, readings = table.get("provenance") or {}, table.get("readings") or {}
        spans = table.get("spans") or {}
        for key, value in (table.get("cells") or {}).items():
            part, _, column = key.rpartition(".")
            how = provenance.get(key) or ("read" if value is not None else "")
            start, end = _span(spans.get(key))
            yield (file, agency, year, name, part or key, column if part else "", value, how,
                   "|".join(_text(v) for v in readings.get(key) or []), start, end)


def item_rows(row: dict) -> Iterator[tuple]:
    """Every item of part 五 of one batch row: (file, agency, year, list, index, text, pair, start, end), `list`
    being problems or improvements and `pair` the index of the paired item in the other list, or None."""
    result = row.get("result")
    if not result:
        return
    file, agency, year = facts(row)
    for name in LISTS:
        for i, item in enumerate(result.get(name) or []):
            yield (file, agency, year, name, i, item.get("text") or "", item.get("pair"), *_span(item.get("span")))


def _span(span) -> tuple[int | None, int | None]:
    return (int(span[0]), int(span[1])) if span and len(span) == 2 else (None, None)


def _text(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def long_rows(rows: Iterable[dict]) -> Iterator[tuple]:
    """The long table of many batch rows, in LONG_COLUMNS' order: each report's cells, then its part-五 items."""
    for row in rows:
        for cell in cell_rows(row):
            yield (*cell, "", None)
        for file, agency, year, name, i, text, pair, start, end in item_rows(row):
            yield (file, agency, year, name, str(i), "", None, "", "", start, end, text, pair)


FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")  # OWASP CSV injection: what a spreadsheet may start a formula with


def text_safe(value: Any) -> Any:
    """A text a spreadsheet will not run as a formula: one that starts with = + - @ TAB or CR is quoted."""
    if isinstance(value, str) and value[:1] in FORMULA_LEADS:
        return "'" + value
    return value
