"""Recognition batches: crops of similar width together, so no line is padded to a far wider one."""
from __future__ import annotations

from service.core.ingest.ocr_engine import _similar_widths


def test_wide_lines_of_different_widths_are_not_padded_to_each_other():
    widths = [500, 1600, 520, 1631]
    chunks = _similar_widths(widths, 16, free=320)
    assert chunks == [[0, 2], [1, 3]]


def test_narrow_cells_batch_together_up_to_the_batch_size():
    widths = [38, 300, 40, 96] * 5
    chunks = _similar_widths(widths, 16, free=320)
    assert [len(c) for c in chunks] == [16, 4]
    assert sorted(i for c in chunks for i in c) == list(range(20))
