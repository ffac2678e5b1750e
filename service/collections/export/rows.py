"""What every export is made of: the long table's rows (one per cell), the hooks other layers add, a formula guard.

The long table has one row per cell: ``file, agency, year, table, row, column, value`` (``table`` is the contract's
table name, ``row.column`` its cell key).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

LONG_COLUMNS = ["file", "agency", "year", "table", "row", "column", "value"]
TABLES = ("active_disclosure", "applications", "review_litigation")


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
    """The long-table rows of one batch row: every cell of every table (a blank cell has value None)."""
    result = row.get("result")
    if not result:
        return
    file, agency, year = facts(row)
    for name in TABLES:
        table = (result.get("tables") or {}).get(name)
        for key, value in ((table or {}).get("cells") or {}).items():
            part, _, column = key.rpartition(".")
            yield file, agency, year, name, part or key, column if part else "", value


def long_rows(rows: Iterable[dict]) -> Iterator[tuple]:
    """The long table of many batch rows."""
    for row in rows:
        yield from cell_rows(row)


FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")  # OWASP CSV injection: what a spreadsheet may start a formula with


def text_safe(value: Any) -> Any:
    """A text a spreadsheet will not run as a formula: one that starts with = + - @ TAB or CR is quoted."""
    if isinstance(value, str) and value[:1] in FORMULA_LEADS:
        return "'" + value
    return value
