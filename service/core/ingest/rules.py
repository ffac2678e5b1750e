"""Ruled tables in a page image: drawn lines found by morphology, cells by pdfplumber's intersection finder."""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

Rect = tuple[float, float, float, float]


@dataclass
class Ruling:
    """A page's ruled tables (cell rectangles, top to bottom), its ink without the ruling lines, and the lines."""

    tables: list[list[Rect]]
    ink: np.ndarray  # uint8, 255 where a character's stroke is (binarised, ruling lines removed)
    lines: np.ndarray  # bool, True on a ruling line (slightly widened)


def _segments(mask: np.ndarray, orientation: str) -> list[dict]:
    """Connected runs of a line mask → pdfplumber edge dicts (x0, x1, top, bottom, orientation)."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    edges = []
    for x, y, w, h, _area in stats[1:count]:
        if orientation == "h":
            mid = y + h / 2
            edges.append({"x0": float(x), "x1": float(x + w), "top": mid, "bottom": mid, "width": float(w),
                          "height": 0.0, "orientation": "h"})
        else:
            mid = x + w / 2
            edges.append({"x0": mid, "x1": mid, "top": float(y), "bottom": float(y + h), "width": 0.0,
                          "height": float(h), "orientation": "v"})
    return edges


def binarise(gray: np.ndarray) -> np.ndarray:
    """Ink (255) against paper (0), by a local mean threshold that ignores a grey background."""
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)


def _line_masks(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical strokes longer than any character's."""
    height, width = ink.shape
    # A stroke counts as a ruling line when it is longer than a character of body text could be.
    h_len, v_len = max(30, width // 40), max(30, height // 60)
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len)))
    # Close small breaks (scan noise) along each line.
    horizontal = cv2.dilate(horizontal, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 3)))
    vertical = cv2.dilate(vertical, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 9)))
    return horizontal, vertical


def _tables(horizontal: np.ndarray, vertical: np.ndarray) -> list[list[Rect]]:
    edges = _segments(horizontal, "h") + _segments(vertical, "v")
    if not edges:
        return []
    tolerance = max(3.0, horizontal.shape[1] / 400)
    edges = merge_edges(edges, tolerance, tolerance, tolerance, tolerance)
    cells = intersections_to_cells(edges_to_intersections(edges, tolerance, tolerance))
    tables = [t for t in cells_to_tables(cells) if len(t) > 1]
    return sorted(tables, key=lambda t: min(c[1] for c in t))


def ruling(gray: np.ndarray) -> Ruling:
    """The page's ruled tables, with the ink and line masks they were found from."""
    ink = binarise(gray)
    horizontal, vertical = _line_masks(ink)
    lines = (horizontal > 0) | (vertical > 0)
    text_ink = ink.copy()
    text_ink[lines] = 0
    return Ruling(_tables(horizontal, vertical), text_ink, lines)


def ruled_tables(gray: np.ndarray) -> list[list[Rect]]:
    """The ruled tables of a page image, each a list of cell rectangles (x0, top, x1, bottom) in pixels."""
    return _tables(*_line_masks(binarise(gray)))
