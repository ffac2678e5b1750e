"""What a table parser returns: cell values, their evidence spans, and the layout problems it met."""
from __future__ import annotations

from dataclasses import dataclass, field

from .layout import Field


@dataclass
class Issue:
    """A completeness problem: a missing row, a row with too few/many values, a blank or missing cell."""

    kind: str  # missing_row | short_row | long_row | blank_cells | missing_cells
    rows: list[str]
    message: str
    spans: list[tuple[int, int]]


@dataclass
class TableResult:
    """Parsed cells of one table (keys as in the contract) with spans and issues."""

    name: str
    template: str | None = None
    cells: dict[str, float | int | None] = field(default_factory=dict)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    span: tuple[int, int] | None = None

    def set(self, key: str, f: Field | None, scale_yuan: bool = False) -> None:
        """Store a cell from its field (None for blank)."""
        parsed = f.number if f is not None else None
        if parsed is None:
            self.cells[key] = None
            return
        value, unit = parsed
        if scale_yuan and unit == "元":
            value = round(value / 10000, 6)
        self.cells[key] = value
        self.spans[key] = f.span

    def value(self, key: str) -> float | int | None:
        return self.cells.get(key)
