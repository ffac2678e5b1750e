"""Positioned cells with spans → TAB rows: a merged cell's text once, covered positions empty."""
from __future__ import annotations

import pytest

from service.core.ingest.grid import Cell, clean_cell, from_boxes, place, tab_lines

CASES = [
    ("plain", [[("a", 1, 1), ("1", 1, 1)], [("b", 1, 1), ("2", 1, 1)]], ["a\t1", "b\t2"]),
    ("colspan", [[("head", 1, 3)], [("x", 1, 1), ("1", 1, 1), ("2", 1, 1)]], ["head\t\t", "x\t1\t2"]),
    ("rowspan", [[("g", 2, 1), ("r1", 1, 1), ("1", 1, 1)], [("r2", 1, 1), ("2", 1, 1)]], ["g\tr1\t1", "\tr2\t2"]),
    ("both", [[("corner", 2, 2), ("h", 1, 1)], [("k", 1, 1)], [("a", 1, 1), ("b", 1, 1), ("0", 1, 1)]],
     ["corner\t\th", "\t\tk", "a\tb\t0"]),
]


@pytest.mark.parametrize("name, rows, expected", CASES, ids=[c[0] for c in CASES])
def test_place_and_tab_lines(name, rows, expected):
    assert tab_lines(place(rows)) == expected


@pytest.mark.parametrize("raw, expected", [
    ("（二）部分公开（区分处理的，\n只计这一情形）", "（二）部分公开（区分处理的，只计这一情形）"),
    ("法律服务\n机构", "法律服务机构"),
    ("Word\nfile", "Word file"),
    ("a\tb  c", "a b c"),
    ("  ", ""),
])
def test_clean_cell(raw, expected):
    assert clean_cell(raw) == expected


def test_from_boxes_finds_spans_and_keeps_continued_columns():
    boxes = [(0, 0, 20, 10, "合并"), (20, 0, 30, 10, "1"), (0, 10, 10, 20, "a"), (10, 10, 20, 20, "b"),
             (20, 10, 30, 20, "2")]
    cells, xs = from_boxes(boxes)
    assert Cell("合并", 0, 0, 1, 2) in cells and xs == [0, 10, 20, 30]
    assert tab_lines(cells) == ["合并\t\t1", "a\tb\t2"]
    # A continued part whose rows never split the first column still lands on the same three columns.
    more, _ = from_boxes([(0, 0, 20, 10, "续"), (20, 0, 30, 10, "3")], xs=xs)
    assert tab_lines(more) == ["续\t\t3"]
