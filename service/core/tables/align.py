"""Fit a row's cells to the table's columns: by field position in structured rows, by counting in flat text."""
from __future__ import annotations

from dataclasses import dataclass

from service.core.tables.layout import Field
from service.core.tables.result import ALIGNED, READ


@dataclass
class Aligned:
    """A row's fields placed in columns; `status` is ok, short (too few values) or long (too many).

    `how` is the provenance of the placed values: read (each value's column is certain) or aligned (inferred).
    """

    fields: list[Field | None]
    status: str = "ok"
    found: int = 0
    how: str = READ


def positional(values: list[Field], width: int) -> Aligned | None:
    """A structured row (TAB/pipe cells): the last `width` fields are the columns, blanks stay where they are.

    Only when the fields after the label are exactly `width`, or more with the extra ones blank (label columns
    covered by a merged cell); None otherwise (the row was trimmed or is flat text).
    """
    if len(values) < width or not all(f.cell for f in values):
        return None
    extra, cells = values[:-width], values[-width:]
    if any(not f.is_blank for f in extra):
        return None
    found = sum(1 for f in cells if not f.is_blank)
    return Aligned([None if f.is_blank else f for f in cells], "ok", found, READ)


def align(values: list[Field], width: int) -> Aligned:
    """Place the value/blank fields that followed a row label into `width` columns."""
    numbers = [f for f in values if not f.is_blank]
    if len(numbers) == width:  # as many values as columns: unambiguous whatever the blanks around them
        return Aligned(list(numbers), "ok", width)
    placed = positional(values, width)
    if placed is not None:
        return placed
    if not numbers:
        return Aligned([None] * width, "ok", 0)
    trimmed = list(values)
    while trimmed and trimmed[-1].is_blank:
        trimmed.pop()
    if len(numbers) > width:
        return Aligned(list(numbers[-width:]), "long", len(numbers), ALIGNED)
    if len(trimmed) >= width:  # blanks mark empty cells; the last value sits in the last column
        cells = trimmed[-width:]
        return Aligned([None if f.is_blank else f for f in cells], "ok", len(numbers), ALIGNED)
    if any(f.is_blank for f in trimmed):  # blanks mark positions: keep them, total in the last column
        cells = [None] * (width - len(trimmed)) + trimmed
        return Aligned([None if f is None or f.is_blank else f for f in cells], "ok", len(numbers), ALIGNED)
    return Aligned(list(numbers), "short", len(numbers), ALIGNED)
