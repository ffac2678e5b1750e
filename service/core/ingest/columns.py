"""Tables drawn without ruling lines, rebuilt from OCR box geometry: rows are lines, columns are clusters of x."""
from __future__ import annotations

import re
import statistics

from service.core.ingest.layout import Block, Box, TableBlock, line_groups, to_line

_NUMBER = re.compile(r"^[\dOo〇DlI|.,%]+$")
_MIN_ROWS = 3


def _spaced(words: list[Box]) -> bool:
    """At least three pieces with gaps wider than a character between them."""
    if len(words) < 3:
        return False
    words = sorted(words, key=lambda w: w[0])
    height = statistics.median(w[3] - w[1] for w in words)
    return all(b[0] - a[2] > 1.0 * height for a, b in zip(words, words[1:]))


def _is_row(words: list[Box]) -> bool:
    """A spaced line holding a number: a table row, not a sentence."""
    return _spaced(words) and any(_NUMBER.match(w[4]) for w in words)


def _column_edges(rows: list[list[Box]]) -> list[float]:
    """Columns are the union of overlapping word extents over all rows (labels are left-aligned, numbers centred);
    a boundary lies midway in the gap between neighbouring columns."""
    spans: list[list[float]] = []
    for x0, _, x1, _, _ in sorted((w for row in rows for w in row), key=lambda w: w[0]):
        if spans and x0 <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    inner = [(a[1] + b[0]) / 2 for a, b in zip(spans, spans[1:])]
    return [spans[0][0] - 1, *inner, spans[-1][1] + 1]


def _table(rows: list[list[Box]]) -> TableBlock:
    edges = _column_edges(rows)
    cells: list[Box] = []
    for row in rows:
        top, bottom = min(w[1] for w in row), max(w[3] for w in row)
        for a, b in zip(edges, edges[1:]):
            text = " ".join(w[4] for w in sorted(row, key=lambda w: w[0]) if a <= (w[0] + w[2]) / 2 < b)
            cells.append((a, top, b, bottom, text))
    return TableBlock(cells, edges[0], min(c[1] for c in cells), edges[-1], max(c[3] for c in cells),
                      ["表格没有表格线，已按文字位置划分行列，请核对。"])


def _runs(groups: list[list[Box]]) -> list[tuple[bool, list[list[Box]]]]:
    """Consecutive lines split into (is_table, lines); a spaced line just above a table run is its heading row."""
    out: list[tuple[bool, list[list[Box]]]] = []
    for group in groups:
        row = _is_row(group)
        if out and out[-1][0] == row:
            out[-1][1].append(group)
        else:
            out.append((row, [group]))
    for i in range(1, len(out)):
        (_, before), (is_table, rows) = out[i - 1], out[i]
        if is_table and before and _spaced(before[-1]):
            rows.insert(0, before.pop())
    return out


def lines_and_tables(words: list[Box]) -> list[Block]:
    """OCR boxes outside ruled tables → lines, with runs of at least three tabular lines turned into a table."""
    out: list[Block] = []
    for is_table, groups in _runs(line_groups(words)):
        if is_table and len(groups) >= _MIN_ROWS:
            out.append(_table(groups))
        else:
            out += [to_line(g) for g in groups]
    return out
