"""A page without tables read from pdfium's text (one box per line) gives the lines its measured characters give."""
from __future__ import annotations

import io

import pypdfium2
import pytest

from service.core.ingest import load
from service.core.ingest.layout import group_lines
from service.core.ingest.pdf_prose import prose_runs
from service.core.ingest.pdf_text import PageSpace, page_chars, words


def _pdf(draw, rotation: int = 0) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    if rotation:
        c.setPageRotation(rotation)
    c.setFont("STSong-Light", 12)
    draw(c)
    c.save()
    return buf.getvalue()


def _prose(c):
    c.drawString(72, 760, "一、总体情况：全年主动公开政府信息 214 条，其中机构职能 6 条。")
    c.setFont("Helvetica", 11)
    c.drawString(72, 740, "Annual report on open government information, 2024 (draft).")
    c.drawString(72, 725, "1 Introduction" + " ." * 30 + " 1")


def _leaders(c):
    c.setFont("Helvetica", 12)
    c.drawString(72, 760, "Contents")
    for n, gap in enumerate((4.0, 5.0, 6.0, 8.0)):  # dots 1 to 5 points apart: some gaps are words, some not
        y = 740 - 16 * n
        c.drawString(72, y, f"{n + 1} Chapter")
        x = 140.0
        for _ in range(20):
            c.drawString(x, y, ".")
            x += gap
        c.drawString(x + 4, y, str(n + 3))


def _columns(c):
    for n in range(6):
        c.drawString(72, 760 - 16 * n, f"左栏第{n + 1}行：本年度共办理申请 {n * 7} 件。")
        c.drawString(330, 760 - 16 * n, f"右栏第{n + 1}行：答复 {n * 3} 件")


def _spaced(c):
    t = c.beginText(72, 760)
    t.setFont("Helvetica", 12)
    for spacing in (0, 1, 2):  # letters up to 2 points apart: closer than a fifth of the line, no word gaps
        t.setCharSpace(spacing)
        t.textLine(f"spaced letters {spacing} pt")
    t.setCharSpace(0)
    c.drawText(t)
    c.setFont("Helvetica", 7)
    c.drawString(72, 700, "small print, 7 pt: a (b) c.")


CANVASES = {"prose": _prose, "leaders": _leaders, "columns": _columns, "spaced": _spaced}


def _read(data: bytes):
    page = pypdfium2.PdfDocument(data)[0]
    space, textpage = PageSpace(page), page.get_textpage()
    return page_chars(textpage, space), prose_runs(textpage, space, textpage.get_text_range())


@pytest.mark.parametrize("name", list(CANVASES))
def test_lines_from_pdfium_text_equal_lines_from_characters(name):
    chars, (runs, count) = _read(_pdf(CANVASES[name]))
    measured, read = group_lines(words(chars)), group_lines(runs)
    assert [x.text for x in read] == [x.text for x in measured]
    assert count == len(chars)
    for a, b in zip(read, measured):
        assert a.x0 == pytest.approx(b.x0, abs=0.01) and a.x1 == pytest.approx(b.x1, abs=0.01)
        assert a.top == pytest.approx(b.top, abs=1.0) and a.bottom == pytest.approx(b.bottom, abs=1.0)


def test_dot_leaders_keep_only_the_gaps_that_are_words():
    lines = [x.text for x in group_lines(_read(_pdf(_leaders))[1][0])]
    assert lines[1].startswith("1 Chapter ....") and lines[4].startswith("4 Chapter . . . .")


def _turned(c):
    c.drawString(72, 760, "一、总体情况：本页有一行竖排的文字。")
    c.saveState()
    c.translate(300, 500)
    c.rotate(90)
    c.drawString(0, 0, "二、主动公开政府信息情况")
    c.restoreState()


def _landscape(c):
    c.translate(100, 100)
    c.rotate(90)  # upright once the viewer turns the page (/Rotate 90)
    c.drawString(0, 0, "一、总体情况：本页横排，页面旋转九十度。")


@pytest.mark.parametrize("draw, rotation", [(_turned, 0), (_landscape, 90)])
def test_turned_text_and_rotated_pages_are_measured_character_by_character(draw, rotation):
    _, prose = _read(_pdf(draw, rotation))
    assert prose is None  # pdf.load_pdf measures these pages' characters, as before
    assert "一、总体情况" in load(_pdf(draw, rotation)).text


def test_letter_spaced_latin_reads_as_pdfium_joins_it():
    """Known difference from measuring characters: letters spaced wider than a fifth of the line height were read
    as one word each ("s p a c e d"); pdfium's text keeps them one word, and so does this path."""
    def draw(c):
        t = c.beginText(72, 760)
        t.setFont("Helvetica", 12)
        t.setCharSpace(3)
        t.textLine("spaced 2024")
        c.drawText(t)
    chars, (runs, _) = _read(_pdf(draw))
    assert [x.text for x in group_lines(runs)] == ["spaced 2024"]
    assert [x.text for x in group_lines(words(chars))] == ["s p a c e d 2 0 2 4"]
