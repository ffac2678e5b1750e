"""Fit a row's cells to the table's columns: positional where blanks are marked, flagged when too few/many."""
from __future__ import annotations

from dataclasses import dataclass

from .layout import Field


@dataclass
class Aligned:
    """A row's fields placed in columns; `status` is ok, short (too few values) or long (too many)."""

    fields: list[Field | None]
    status: str = "ok"
    found: int = 0


def align(values: list[Field], width: int) -> Aligned:
    """Place the value/blank fields that followed a row label into `width` columns."""
    numbers = [f for f in values if not f.is_blank]
    if len(numbers) == width:
        return Aligned(list(numbers), "ok", width)
    if not numbers:
        return Aligned([None] * width, "ok", 0)
    trimmed = list(values)
    while trimmed and trimmed[-1].is_blank:
        trimmed.pop()
    if len(numbers) > width:
        return Aligned(list(numbers[-width:]), "long", len(numbers))
    if len(trimmed) >= width:  # blanks mark empty cells; the last value sits in the last column
        cells = trimmed[-width:]
        return Aligned([None if f.is_blank else f for f in cells], "ok", len(numbers))
    if any(f.is_blank for f in trimmed):  # blanks mark positions: keep them, total in the last column
        cells = [None] * (width - len(trimmed)) + trimmed
        return Aligned([None if f is None or f.is_blank else f for f in cells], "ok", len(numbers))
    return Aligned(list(numbers), "short", len(numbers))
