"""A year_over_year finding: one check between last year's and this year's report of one agency."""
from __future__ import annotations

from dataclasses import dataclass

from service.collections.audit.entries import Entry

_EVIDENCE = 200  # characters of this year's text quoted per span


@dataclass
class Pair:
    """Two reports of one agency for consecutive years."""

    agency: str
    prev: Entry
    cur: Entry

    @property
    def years(self) -> list[int]:
        return [self.prev.year, self.cur.year]

    def label(self) -> str:
        return f"{self.cur.year}年报告（{self.cur.file}）与{self.prev.year}年报告（{self.prev.file}）"


def cell(entry: Entry, key: str) -> float | int | None:
    """Value of `table.row.column` in an entry's result (None when blank or absent)."""
    table, rest = key.split(".", 1)
    value = (entry.table(table).get("cells") or {}).get(rest)
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def cell_values(entry: Entry, key: str) -> list[float | int]:
    """Every value a cell may hold: its `readings` when the report lists several (an OCR look-alike, a digit run
    that splits two ways), else its value; [] when blank, unread or absent."""
    table, rest = key.split(".", 1)
    readings = (entry.table(table).get("readings") or {}).get(rest)
    if readings:
        return list(readings)
    value = cell(entry, key)
    return [] if value is None else [value]


def readings_note(entry: Entry, key: str, label: str) -> str:
    """（…读法不唯一，可能为1或7）for a cell with several readings, else nothing."""
    table, rest = key.split(".", 1)
    readings = (entry.table(table).get("readings") or {}).get(rest)
    if not readings:
        return ""
    return f"（{label}读法不唯一，可能为{'或'.join(str(int(v)) if float(v).is_integer() else str(v) for v in readings)}）"


def cell_span(entry: Entry, key: str) -> list[int] | None:
    """Evidence span of a cell in the entry's document.text."""
    table, rest = key.split(".", 1)
    span = (entry.table(table).get("spans") or {}).get(rest)
    return list(span) if span else None


def doubtful(entry: Entry, key: str) -> bool:
    """True when the report's own completeness checks flag the cell's row or table (too few values, blanks …)."""
    table, row = key.split(".")[:2]
    names = {table, f"{table}.{row}", key}
    return any(c.get("kind") == "completeness" and c.get("status") != "pass" and names & set(c.get("cells") or [])
               for c in entry.result.get("checks") or [])


def _line(text: str, span: list[int]) -> str:
    """The line of text around a span: a table row for a cell, the sentence for a statement."""
    start = text.rfind("\n", 0, span[0]) + 1
    end = text.find("\n", span[1])
    return text[start:end if end >= 0 else len(text)][:_EVIDENCE]


def finding(pair: Pair, check_id: str, status: str, cells: list[str], left, right, message: str,
            spans: list, prev_cells: list[str] = (), prev_spans: list = ()) -> dict:
    """The finding as the audit JSON gives it: both reports, both years, this year's cells and spans."""
    spans = [list(s) for s in spans if s]
    return {
        "kind": "year_over_year", "id": check_id, "status": status, "agency": pair.agency,
        "years": pair.years, "files": [pair.prev.file, pair.cur.file], "reports": [pair.prev.id, pair.cur.id],
        "cells": cells, "left": left, "right": right, "message": message,
        "spans": spans, "evidence": list(dict.fromkeys(_line(pair.cur.text, s) for s in spans)), "prev_cells": list(prev_cells),
        "prev_spans": [list(s) for s in prev_spans if s],
    }
