"""Images and scans: OCR with tables rebuilt from ruling lines or from box positions; look-alike digits mended."""
from __future__ import annotations

import pytest

from service.base.errors import TooManyPages
from service.base.settings import Settings
from service.core.ingest import load
from service.core.ingest.image import as_number
from tests.ingest.conftest import needs_font
from training.formats import render
from training.formats.report import Table

FULL_TO_HALF = str.maketrans("（）", "()")


def _cells(lines: list[str]) -> list[str]:
    return [c.translate(FULL_TO_HALF) for line in lines for c in line.split("\t")]


@pytest.mark.parametrize("raw, number", [("O", "0"), ("o", "0"), ("〇", "0"), ("D", "0"), ("。", "0"), ("l", "1"),
                                          ("I", "1"), ("|", "1"), ("1O", "10"), ("12.5", "12.5"), ("规章", "规章"),
                                          ("Ol", "01"), ("OK", "OK")])
def test_lookalike_digits(raw, number):
    assert as_number(raw) == number


@needs_font
def test_scanned_page_tables_from_ruling(rep, scans):
    """Page 2 holds the rest of 表三 and all of 表四; ≥ 95% of their cells read exactly (brackets aside)."""
    doc = load(render.to_image_bytes([scans[1]]))
    assert (doc.source, doc.ocr, doc.pages) == ("image", True, 1)
    tables = [b for b in rep.blocks if isinstance(b, Table)]
    applications = render.table_lines(tables[1])
    parts = [applications[next(i for i, r in enumerate(applications) if r.startswith("三、")):],
             render.table_lines(tables[2])]
    lines = doc.text.split("\n")
    got, expected = [], []
    for want in parts:
        start = next(i for i, line in enumerate(lines) if line.split("\t")[0] == want[0].split("\t")[0])
        got += _cells(lines[start:start + len(want)])
        expected += _cells(want)
    assert len(got) == len(expected)
    assert sum(a == b for a, b in zip(got, expected)) / len(expected) >= 0.95
    assert "— 2 —" not in doc.text


UNRULED = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "0", "0", "3"],
           ["行政规范性文件", "5", "1", "27"], ["合计", "5", "1", "30"]]
PROSE = ["二、主动公开政府信息情况", "下表列出本年制发和废止的文件数量。"]


@needs_font
def test_unruled_table_from_box_positions():
    doc = load(render.to_image_bytes([render.draw_page(PROSE, UNRULED)], "PNG"))
    lines = doc.text.split("\n")
    assert ["\t".join(r) for r in UNRULED] == lines[lines.index("信息内容\t本年制发件数\t本年废止件数\t现行有效件数"):][:4]
    assert PROSE[1] in lines
    assert any("没有表格线" in w for w in doc.warnings)


@needs_font
def test_multipage_tiff_frames_and_page_limit():
    pages = [render.draw_page([f"第{i}页：一、总体情况"], UNRULED[:3], size=(1500, 500)) for i in (1, 2)]
    data = render.to_image_bytes(pages, "TIFF")
    doc = load(data)
    assert doc.pages == 2 and "第1页：一、总体情况" in doc.text and "第2页：一、总体情况" in doc.text
    with pytest.raises(TooManyPages):
        load(data, settings=Settings(max_pages=1))


@needs_font
def test_scanned_pdf_page_is_ocred(scans):
    doc = load(render.to_image_bytes([scans[1]], "PDF"))
    assert (doc.source, doc.ocr, doc.pages) == ("pdf", True, 1)
    assert "1\t0\t0\t1\t2\t1\t0\t0\t0\t1\t0\t0\t0\t0\t0" in doc.text.split("\n")
    assert any("OCR" in w for w in doc.warnings)
