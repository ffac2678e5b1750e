"""Tables as TAB rows: positioned cells (with row/column spans) → one text line per row, cells joined by TAB.

A merged cell's text appears once, at its first row and column; the positions it covers are empty strings.
Every ingester that recovers a table from real geometry (PDF ruling, HTML/DOCX markup, OCR ruling) ends here,
so the one text table parser in service.core.tables reads all formats alike.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from service.core.ingest.limits import check_table_cells

_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_ASCII_WORD = re.compile(r"[A-Za-z0-9.,%]")


@dataclass(frozen=True)
class Cell:
    """One table cell at grid position (row, col), covering rowspan × colspan positions."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


def clean_cell(text: str) -> str:
    """Cell text on one line: wrapped lines joined (no space between CJK), TABs and runs of spaces collapsed."""
    parts = [_SPACES.sub(" ", part).strip() for part in re.split(r"[\r\n\f\v]+", text)]
    out = ""
    for part in filter(None, parts):
        # A word wrapped in the middle of a CJK line rejoins with no space; Latin words keep one.
        glue = " " if out and _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(part[0]) else ""
        out += glue + part
    return out


def place(rows: Sequence[Sequence[tuple[str, int, int]]], max_cells: int | None = None) -> list[Cell]:
    """HTML/DOCX table model: rows of (text, rowspan, colspan) → positioned cells, skipping covered slots.

    A rowspan ends with the table (as browsers do); a grid larger than `max_cells` raises TooComplex before the
    positions it covers are taken.
    """
    taken: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in taken:
                c += 1
            rowspan, colspan = min(max(1, rowspan), len(rows) - r), max(1, colspan)
            width = max(width, c + colspan)
            if max_cells is not None:
                check_table_cells(len(rows), width, max_cells)
            cells.append(Cell(text, r, c, rowspan, colspan))
            taken.update((r + i, c + j) for i in range(rowspan) for j in range(colspan))
            c += colspan
    return cells


def snap(values: Iterable[float], tolerance: float) -> list[float]:
    """Distinct coordinates, merging those closer than `tolerance` (ruling lines are drawn a little unevenly)."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    """Index of the edge nearest to v."""
    i = bisect.bisect_left(edges, v)
    if i == 0:
        return 0
    if i == len(edges) or v - edges[i - 1] <= edges[i] - v:
        return i - 1
    return i


def from_boxes(
    boxes: Sequence[tuple[float, float, float, float, str]], tolerance: float = 2.0,
    xs: list[float] | None = None,
) -> tuple[list[Cell], list[float]]:
    """Cells given as (x0, top, x1, bottom, text) bounding boxes → positioned cells and the column edges used.

    Pass `xs` (the column edges of the part of the table on the previous page) to keep a continued table's
    columns aligned with its start.
    """
    xs = xs or snap([b[0] for b in boxes] + [b[2] for b in boxes], tolerance)
    ys = snap([b[1] for b in boxes] + [b[3] for b in boxes], tolerance)
    cells = []
    for x0, top, x1, bottom, text in boxes:
        c0, c1 = _index(xs, x0), _index(xs, x1)
        r0, r1 = _index(ys, top), _index(ys, bottom)
        if c1 > c0 and r1 > r0:
            cells.append(Cell(text, r0, c0, r1 - r0, c1 - c0))
    return cells, xs


def to_rows(cells: Iterable[Cell]) -> list[list[str]]:
    """Positioned cells → a full rectangular grid of strings (covered positions empty)."""
    cells = list(cells)
    if not cells:
        return []
    height = max(c.row + c.rowspan for c in cells)
    width = max(c.col + c.colspan for c in cells)
    grid = [[""] * width for _ in range(height)]
    for c in cells:
        grid[c.row][c.col] = clean_cell(c.text)
    return grid


def tab_lines(cells: Iterable[Cell]) -> list[str]:
    """Positioned cells → TAB rows; a row with no text at all (wholly covered by spans) is left out."""
    return ["\t".join(row) for row in to_rows(cells) if any(row)]
