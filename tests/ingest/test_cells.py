"""Cells of a scanned table from their pixels: blank by ink count, line strips by projection, thin strokes joined."""
from __future__ import annotations

import numpy as np

from service.core.ingest import cells
from service.core.ingest.rules import ruling


def _ink(height: int = 120, width: int = 200) -> np.ndarray:
    return np.zeros((height, width), dtype=np.uint8)


def test_blank_cell_is_known_from_its_pixels():
    ink = _ink()
    ink[50:52, 50:54] = 255  # 8 pixels of dust: still blank
    assert cells.raw_strips(ink, (0, 0, 200, 120)) == []
    ink[40:60, 90:100] = 255
    assert cells.raw_strips(ink, (0, 0, 200, 120)) == [(50, 40, 100, 60)]


def test_two_lines_give_two_strips_and_strokes_of_one_line_join():
    ink = _ink()
    ink[10:30, 20:120] = 255  # a line of text
    for top in (50, 58, 66):  # 三: three thin strokes with gaps between them
        ink[top:top + 3, 30:60] = 255
    raw = cells.raw_strips(ink, (0, 0, 200, 120))
    assert len(raw) == 4
    assert cells.text_lines(raw, cells.line_height([raw])) == [(20, 10, 120, 30), (30, 50, 60, 69)]


def test_crop_is_padded_with_paper_and_keeps_out_of_the_cell_lines():
    page = np.full((100, 300), 255, dtype=np.uint8)
    page[40:60, 100:140] = 0
    out = cells.crop(page, (100, 40, 140, 60), (90, 35, 150, 65), pad=8)
    assert out.shape == (20 + 16, 40 + 16)
    assert (out[:, :8] == 255).all() and (out[8:28, 8:48] == 0).all()


def test_ruling_removes_the_lines_from_the_ink():
    gray = np.full((400, 600), 255, dtype=np.uint8)
    for y in (50, 150, 250):
        gray[y:y + 2, 50:550] = 0
    for x in (50, 300, 550):
        gray[50:252, x:x + 2] = 0
    gray[90:110, 150:170] = 0  # a mark inside the first cell
    page = ruling(gray)
    assert len(page.tables) == 1 and len(page.tables[0]) == 4
    assert page.lines[51, 200] and not page.ink[51, 200]
    strips = [cells.raw_strips(page.ink, c) for c in page.tables[0]]
    assert sum(bool(s) for s in strips) == 1
