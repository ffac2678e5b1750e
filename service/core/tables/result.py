"""What a table parser returns: cell values, their evidence spans, how each cell was read, and the problems met.

Provenance (`TableResult.provenance[key]`) says how a cell's value was obtained:

- ``read``     the number is printed in the cell's own position (a positional TAB/pipe field, a row with exactly
               as many values as columns);
- ``aligned``  the number is printed, but its column (or row) was inferred: a short/long row placed by
               alignment, a label matched only by similarity, a label block paired with a value block;
- ``deduced``  no number is printed there: the value was computed from the row/column arithmetic;
- ``ocr``      the printed token was an OCR confusion (``l``→1, ``O``→0, ``l4``→14) corrected because the row's
               arithmetic confirms the reading.

`TableResult.doubtful` is the set of cell keys whose value was not read directly (anything but ``read``);
checks that use such a cell should report ``uncertain`` rather than ``fail``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from service.core.tables.layout import Field

READ, ALIGNED, DEDUCED, OCR = "read", "aligned", "deduced", "ocr"
PROVENANCES = (READ, ALIGNED, DEDUCED, OCR)


@dataclass
class Issue:
    """A completeness problem: a missing row, a row with too few/many values, a blank or missing cell."""

    kind: str  # missing_row | short_row | long_row | blank_cells | missing_cells | ocr_unconfirmed | subtotal
    rows: list[str]
    message: str
    spans: list[tuple[int, int]]


@dataclass
class TableResult:
    """Parsed cells of one table (keys as in the contract) with spans, provenance and issues."""

    name: str
    template: str | None = None
    cells: dict[str, float | int | None] = field(default_factory=dict)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    provenance: dict[str, str] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    span: tuple[int, int] | None = None
    # notes for the reader that are not completeness problems (an OCR reading left alone, a label read by similarity)
    warnings: list[str] = field(default_factory=list)
    # cells left null because the printed token could not be read (an OCR confusion the arithmetic does not
    # confirm): not blank in the report, so no blank-cell finding names them
    unreadable: set[str] = field(default_factory=set)
    # printed figures that are not contract cells: table 3's 法人或其他组织小计 per row, as (value, span)
    subtotals: dict[str, tuple[float | int, tuple[int, int]]] = field(default_factory=dict)
    # the values a cell may hold when its reading is not one value (a digit run with several splits), sorted
    readings: dict[str, list[float | int]] = field(default_factory=dict)
    # the table's rows ran together (digit runs glued to their labels): its layout is not followed, so a row that
    # seems missing or blank may be a reading problem, not the report's
    glued: bool = False

    def set(self, key: str, f: Field | None, scale_yuan: bool = False, how: str = READ) -> None:
        """Store a cell from its field (None for blank), recording how it was read."""
        parsed = f.number if f is not None else None
        if parsed is None:
            self.cells[key] = None
            self.provenance.pop(key, None)
            return
        value, unit = parsed
        if scale_yuan and unit == "元":
            value = round(value / 10000, 6)
        self.put(key, value, f.span, how)

    def set_read(self, row: str, cells: dict[str, Field | None], how: str = READ) -> None:
        """`set` for each column → field of one row (no 元 to scale), in column order."""
        values, provenance, spans = self.cells, self.provenance, self.spans
        for col, f in cells.items():
            key = f"{row}.{col}"
            parsed = f.number if f is not None else None
            if parsed is None:
                values[key] = None
                provenance.pop(key, None)
            else:
                values[key] = parsed[0]
                provenance[key] = how
                spans[key] = (f.start, f.end)

    def put(self, key: str, value: float | int | None, span: tuple[int, int] | None, how: str) -> None:
        """Store a value obtained otherwise (deduced, OCR-corrected) with its evidence span and provenance."""
        self.cells[key] = value
        if value is None:
            self.provenance.pop(key, None)
            return
        self.provenance[key] = how
        if span is not None:
            self.spans[key] = span

    def note_readings(self, key: str, values: list[float | int]) -> None:
        """Record the values a cell may hold when its reading allows several (an OCR look-alike)."""
        if len(values) > 1:
            self.readings[key] = values

    def value(self, key: str) -> float | int | None:
        return self.cells.get(key)

    @property
    def doubtful(self) -> set[str]:
        """Cell keys (without the table name) whose value was not read directly: aligned, deduced or OCR-corrected."""
        return {k for k, how in self.provenance.items() if how != READ and self.cells.get(k) is not None}

    def how(self, key: str) -> str | None:
        """Provenance of one cell (None when the cell is null or absent)."""
        return self.provenance.get(key) if self.cells.get(key) is not None else None
