"""Table ruling lines in a page image → the cell grid of each table row (for reading scanned tables cell by cell)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Band:
    """One table row between two horizontal rules, cut into cells by the vertical rules crossing it."""

    top: int
    bottom: int
    xs: tuple[int, ...]

    def cells(self) -> list[tuple[int, int, int, int]]:
        return [(a, self.top, b, self.bottom) for a, b in zip(self.xs, self.xs[1:])]


def _runs(line: np.ndarray, min_len: int) -> list[tuple[int, int]]:
    """[start, end) of the runs of True at least min_len long."""
    padded = np.concatenate(([False], line, [False]))
    edges = np.flatnonzero(np.diff(padded.astype(np.int8)))
    return [(int(s), int(e)) for s, e in zip(edges[::2], edges[1::2]) if e - s >= min_len]


def _cluster(values: list[int], gap: int = 4) -> list[int]:
    """Neighbouring positions (a rule a few pixels thick) merged to their middle."""
    out: list[list[int]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= gap:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) // len(c) for c in out]


def _horizontal(dark: np.ndarray) -> list[int]:
    min_len = max(60, dark.shape[1] // 5)
    return _cluster([y for y in range(dark.shape[0]) if _runs(dark[y], min_len)])


def _vertical(dark: np.ndarray) -> list[tuple[int, int, int]]:
    """(x, y0, y1) of vertical rules, taller than a few text lines."""
    min_len = max(40, dark.shape[0] // 60)
    segs = [(x, s, e) for x in range(dark.shape[1]) for s, e in _runs(dark[:, x], min_len)]
    merged: list[list[int]] = []
    for x, s, e in sorted(segs):
        if merged and x - merged[-1][0] <= 4 and s < merged[-1][2] and e > merged[-1][1]:
            merged[-1] = [x, min(s, merged[-1][1]), max(e, merged[-1][2])]
        else:
            merged.append([x, s, e])
    return [(x, s, e) for x, s, e in merged]


def find_bands(gray: np.ndarray, threshold: int = 140) -> list[Band]:
    """Table rows of a page image (empty when the page has no ruled table)."""
    dark = gray < threshold
    ys = _horizontal(dark)
    verticals = _vertical(dark)
    bands = []
    for top, bottom in zip(ys, ys[1:]):
        if bottom - top < 12:
            continue
        mid = (top + bottom) // 2
        xs = _cluster([x for x, s, e in verticals if s <= mid <= e], gap=6)
        if len(xs) >= 2:
            bands.append(Band(top, bottom, tuple(xs)))
    return bands


def has_ink(gray: np.ndarray, box: tuple[int, int, int, int], margin: int = 4, threshold: int = 140) -> bool:
    """Does a cell hold anything darker than paper, away from its rules?"""
    x0, y0, x1, y1 = box
    inner = gray[y0 + margin:y1 - margin, x0 + margin:x1 - margin]
    return inner.size > 0 and int((inner < threshold).sum()) >= 12
