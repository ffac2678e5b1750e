"""Table cells of a page image read from their pixels: blank by ink count, otherwise one crop per text line.

A cell's ink (binarised, ruling lines removed) tells an empty cell without OCR. The rows holding ink split the
cell into line strips (horizontal projection profile); a strip too thin to be a line of text (the strokes of 三,
a lone 、) joins its nearest neighbour. Each strip is cut at its ink's extent, on the page with ruling lines
whitened, and padded with paper, ready for the recogniser.
"""
from __future__ import annotations

import statistics

import numpy as np

Rect = tuple[float, float, float, float]
Strip = tuple[int, int, int, int]  # x0, top, x1, bottom in page pixels

_BLANK_INK = 12  # fewer ink pixels than this inside a cell: nothing is written there
_INSET = 2  # pixels kept off each ruling line (the line mask is already a little wider than the line)


def runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) of each run of True in a 1-D mask."""
    padded = np.concatenate(([False], mask, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def _inside(cell: Rect, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    x0, top, x1, bottom = (round(v) for v in cell)
    return (max(0, x0 + _INSET), max(0, top + _INSET), min(shape[1], max(x0 + _INSET + 1, x1 - _INSET)),
            min(shape[0], max(top + _INSET + 1, bottom - _INSET)))


def raw_strips(ink: np.ndarray, cell: Rect) -> list[Strip]:
    """The inked row runs of a cell (empty for a blank cell), each cut to its ink's columns."""
    x0, top, x1, bottom = _inside(cell, ink.shape)
    sub = ink[top:bottom, x0:x1] > 0
    if int(sub.sum()) < _BLANK_INK:
        return []
    out = []
    for a, b in runs(sub.any(axis=1)):
        cols = np.flatnonzero(sub[a:b].any(axis=0))
        out.append((x0 + int(cols[0]), top + a, x0 + int(cols[-1]) + 1, top + b))
    return out


def _join(a: Strip, b: Strip) -> Strip:
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


def text_lines(strips: list[Strip], line_height: float) -> list[Strip]:
    """Row runs → text lines: the thinnest run under half a line's height joins the neighbour nearest to it."""
    strips = list(strips)
    while len(strips) > 1:
        i = min(range(len(strips)), key=lambda k: strips[k][3] - strips[k][1])
        if strips[i][3] - strips[i][1] >= 0.5 * line_height:
            break
        gap_up = strips[i][1] - strips[i - 1][3] if i > 0 else None
        gap_down = strips[i + 1][1] - strips[i][3] if i + 1 < len(strips) else None
        j = i - 1 if gap_down is None or (gap_up is not None and gap_up <= gap_down) else i + 1
        lo, hi = min(i, j), max(i, j)
        strips[lo:hi + 1] = [_join(strips[lo], strips[hi])]
    return strips


def line_height(cells_strips: list[list[Strip]]) -> float:
    """The height of a line of text in these cells: the median of each inked cell's tallest run."""
    tallest = [max(s[3] - s[1] for s in strips) for strips in cells_strips if strips]
    return float(statistics.median(tallest)) if tallest else 0.0


def crop(clean: np.ndarray, strip: Strip, cell: Rect, pad: int) -> np.ndarray:
    """A strip's pixels with up to `pad` pixels of margin inside the cell, then padded with paper to `pad`."""
    cx0, ctop, cx1, cbottom = _inside(cell, clean.shape)
    x0, top, x1, bottom = strip
    a, b = max(cx0, x0 - pad), min(cx1, x1 + pad)
    t, u = max(ctop, top - pad), min(cbottom, bottom + pad)
    piece = clean[t:u, a:b]
    return np.pad(piece, ((pad - (top - t), pad - (u - bottom)), (pad - (x0 - a), pad - (b - x1))),
                  constant_values=255)
