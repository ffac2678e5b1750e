"""Each ingester writes the report's paragraphs as lines and its three tables as the same TAB rows."""
from __future__ import annotations

import io

import pytest

from service.core.ingest import load
from training.formats import render
from training.formats.report import TITLE, Report, Table

# Literal rows, so the test does not only compare the renderer with itself.
LITERAL_ROWS = [
    "规章\t0\t0\t3",
    "行政规范性文件\t5\t1\t27",
    "行政事业性收费\t12.5\t\t",
    "一、本年新收政府信息公开申请数量\t\t\t6\t2\t0\t0\t0\t0\t8",
    "三、本年度办理结果\t（一）予以公开\t\t3\t1\t0\t0\t0\t0\t4",
    "\t（三）不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0",
    "\t\t4.保护第三方合法权益\t0\t1\t0\t0\t0\t0\t1",
    "\t（七）总计\t\t6\t2\t0\t0\t0\t0\t8",
    "1\t0\t0\t1\t2\t1\t0\t0\t0\t1\t0\t0\t0\t0\t0",
]
SOURCES = {"text": "text", "pdf": "pdf", "html": "html", "docx": "docx"}


def expected_rows(rep: Report) -> list[list[str]]:
    return [render.table_lines(b) for b in rep.blocks if isinstance(b, Table)]


@pytest.mark.parametrize("fmt", list(SOURCES))
def test_tables_are_tab_rows_in_order(rendered, rep, fmt):
    doc = load(rendered[fmt], filename="report.bin")  # the name says nothing: content decides
    assert doc.source == SOURCES[fmt]
    lines = doc.text.split("\n")
    for rows in expected_rows(rep):
        start = lines.index(rows[0])
        assert lines[start:start + len(rows)] == rows  # every row, contiguous, nothing between
    for row in LITERAL_ROWS:
        assert row in lines
    assert doc.text.index("二、主动公开政府信息情况") < doc.text.index("规章\t0") < doc.text.index("三、收到和处理")


@pytest.mark.parametrize("fmt", list(SOURCES))
def test_paragraphs_are_whole_lines(rendered, rep, fmt):
    lines = set(load(rendered[fmt]).text.split("\n"))
    paragraphs = [b for b in rep.blocks if isinstance(b, str)]
    assert TITLE in lines
    assert all(p in lines for p in paragraphs)  # no sentence broken by a line or page break


def test_pdf_pages_headers_and_page_numbers(rendered):
    doc = load(rendered["pdf"])
    assert (doc.pages, doc.ocr, doc.warnings) == (2, False, [])
    assert "— 1 —" not in doc.text and "— 2 —" not in doc.text
    assert "青禾县自然资源局政府信息公开工作年度报告" not in doc.text  # the running header


def test_pdf_table_continued_over_pages_stays_one_table():
    long = Table([[("序号", 1, 1), ("事项", 1, 1), ("件数", 1, 1)]]
                 + [[(str(i), 1, 1), (f"第{i}项公开事项", 1, 1), (str(i * 3), 1, 1)] for i in range(1, 91)],
                 [60, 300, 100], 10)
    rep = Report(["表格跨页测试"], ["一、总体情况", long, "二、主动公开政府信息情况"])
    doc = load(render.to_pdf(rep))
    assert doc.pages >= 2
    lines = doc.text.split("\n")
    start = lines.index("序号\t事项\t件数")
    assert lines[start:start + 91] == render.table_lines(long)


def test_pdf_geometry_and_text_disagree_warns():
    """A number written across a ruling line is one word to the text layer but two cells to the geometry."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("STSong-Light", 12)
    c.drawString(72, 760, "一、总体情况：本页有一张表格，其中一个数字压在表格线上。")
    c.grid([100, 200, 300], [600, 620, 640])
    c.drawString(110, 625, "规章")
    c.drawString(194, 605, "12")  # straddles x=200
    c.drawString(210, 625, "3")
    c.save()
    doc = load(buf.getvalue())
    assert any("请核对" in w and "第1页" in w for w in doc.warnings)


def test_html_body_encoding_and_chrome(rendered):
    doc = load(rendered["html"])
    assert doc.encoding == "gb18030" and doc.warnings == []
    for chrome in ("var menu", "备案号", "首页", "青禾县人民政府门户网站"):
        assert chrome not in doc.text


HTML_VARIANTS = [
    ("utf-8 with bom", "\ufeff<html><body><p>一、总体情况</p><p>全年收到申请 3 件。</p></body></html>".encode(), "utf-8"),
    ("utf-16 with bom", "<html><body><p>一、总体情况</p><p>全年收到申请 3 件。</p></body></html>".encode("utf-16"),
     "utf-16"),
    ("meta says utf-8, bytes are gbk", "<html><head><meta charset='utf-8'></head><body><p>一、总体情况</p>"
     "<p>全年收到申请 3 件。</p></body></html>".encode("gbk"), "gb18030"),
    ("no declaration, gb18030", "<div><p>一、总体情况</p><p>全年收到申请 3 件。</p></div>".encode("gb18030"), "gb18030"),
]


@pytest.mark.parametrize("name, data, encoding", HTML_VARIANTS, ids=[v[0] for v in HTML_VARIANTS])
def test_html_decoding(name, data, encoding):
    doc = load(data)
    assert doc.encoding == encoding
    assert doc.text.split() == ["一、总体情况", "全年收到申请", "3", "件。"]


def test_html_layout_table_is_not_a_data_table():
    page = ("<html><body><table><tr><td>导航</td><td><p>一、总体情况</p><table><tr><td>规章</td><td>0</td></tr>"
            "<tr><td>行政规范性文件</td><td>4</td></tr></table><p>二、主动公开政府信息情况</p></td></tr></table>"
            "</body></html>").encode()
    lines = load(page).text.split("\n")
    assert "规章\t0" in lines and "行政规范性文件\t4" in lines and "一、总体情况" in lines


def test_docx_merged_cells_once(rendered):
    text = load(rendered["docx"]).text
    head = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况" + "\t" * 6
    assert head in text.split("\n")
    assert text.count("三、本年度办理结果") == 1 and text.count("（三）不予公开") == 1


def _canvas_pdf(draw) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("STSong-Light", 12)
    draw(c)
    c.save()
    return buf.getvalue()


def test_pdf_table_ruled_with_filled_thin_rectangles():
    """Word and WPS often draw table rules as filled rectangles a fraction of a point thick, not as lines."""
    def draw(c):
        c.drawString(72, 760, "一、总体情况：本页的表格线是填充的细长矩形。")
        for y in (600, 620, 640):
            c.rect(100, y - 0.4, 200, 0.8, stroke=0, fill=1)
        for x in (100, 200, 300):
            c.rect(x - 0.4, 600, 0.8, 40, stroke=0, fill=1)
        c.drawString(110, 625, "规章")
        c.drawString(210, 625, "3")
        c.drawString(210, 605, "12")
    lines = load(_canvas_pdf(draw)).text.split("\n")
    assert "规章\t3" in lines and "\t12" in lines


def test_pdf_space_after_a_number_whose_glyph_is_wider_than_its_advance():
    """A substituted CJK font draws digits wider than the widths the PDF gives them: the gap is the PDF's."""
    def draw(c):
        c.drawString(72, 760, "一、总体情况")
        c.drawString(72, 730, "全年主动公开各类信息 214 条，其中机构职能 6 条。")
    assert "全年主动公开各类信息 214 条，其中机构职能 6 条。" in load(_canvas_pdf(draw)).text.split("\n")


def test_pdf_page_box_without_numbers_is_corrupt():
    from service.base.errors import CorruptFile
    from tests.ingest.test_bad_files import bad_mediabox_pdf

    with pytest.raises(CorruptFile):
        load(bad_mediabox_pdf())
