"""Limits and bad files straight through service.core.ingest.load: the right coded error, quickly."""
from __future__ import annotations

import io
import time

import pytest

from service.base import errors
from service.base.errors import CorruptFile, EmptyInput, EncryptedFile, NoText, Timeout, TooComplex, TooLarge, TooManyPages
from service.base.settings import Settings
from service.core.ingest import load
from tests.ingest.test_bad_files import blank_png, encrypted_pdf, many_pages_pdf, png_claiming, zip_bomb_docx
from training.formats import render


def _docx_with_ratio_bomb() -> bytes:
    """Declared sizes under the cap but compressing a thousandfold: refused by the ratio check."""
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * (40 << 20))
    return buf.getvalue()


BAD = [
    ("empty", lambda: b"", Settings(), EmptyInput),
    ("too many bytes", lambda: b"%PDF-1.4\n" + b"0" * 2000, Settings(max_bytes=1000), TooLarge),
    ("too long str", lambda: "字" * 50, Settings(max_text_chars=10), TooLarge),
    ("encrypted pdf", encrypted_pdf, Settings(), EncryptedFile),
    ("truncated pdf", lambda: render.to_pdf(render_report())[:-3000], Settings(), CorruptFile),
    ("garbage after %PDF", lambda: b"%PDF-1.4\n" + b"\x13garbage" * 100 + b"%%EOF", Settings(), CorruptFile),
    ("500-page pdf", many_pages_pdf, Settings(max_pages=100), TooManyPages),
    ("zip bomb as docx", zip_bomb_docx, Settings(), TooLarge),
    ("ratio bomb as docx", _docx_with_ratio_bomb, Settings(), TooLarge),
    ("legacy doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, Settings(), errors.UnsupportedFormat),
    ("html with no text", lambda: b"<html><body><script>var a=1;</script><nav>x</nav></body></html>", Settings(),
     NoText),
    ("image with no text", blank_png, Settings(), NoText),
    ("pixel bomb", lambda: png_claiming(60000, 60000), Settings(), TooLarge),
    ("pixels over setting", blank_png, Settings(max_image_pixels=1000), TooLarge),
    ("html nested 100k deep", lambda: ("<div>" * 100_000 + "一、总体情况").encode(), Settings(), TooComplex),
    ("html nested over setting", lambda: ("<html><body>" + "<section>" * 40 + "一、总体情况").encode(),
     Settings(max_html_depth=30), TooComplex),
    ("html spans 1000x1000", lambda: ("<table>" + '<tr><td colspan="1000" rowspan="1000">1</td></tr>' * 300
                                      + "</table>").encode(), Settings(), TooComplex),
    ("html text over setting", lambda: ("<p>" + "字" * 3000 + "</p>").encode(), Settings(max_text_chars=1000), TooLarge),
    ("docx grid over setting", lambda: render.to_docx(render_report()), Settings(max_table_cells=20), TooComplex),
    ("docx text over setting", lambda: render.to_docx(render_report()), Settings(max_text_chars=200), TooLarge),
    ("pdf text over setting", lambda: render.to_pdf(render_report()), Settings(max_text_chars=200), TooLarge),
]


def render_report():
    from training.formats.report import report

    return report()


@pytest.mark.parametrize("name, make, settings, error", BAD, ids=[b[0] for b in BAD])
def test_bad_input(name, make, settings, error):
    started = time.monotonic()
    with pytest.raises(error) as info:
        load(make(), settings=settings)
    assert info.value.message and any("\u4e00" <= ch <= "\u9fff" for ch in info.value.message)
    assert time.monotonic() - started < 15


def test_html_without_report_text_is_returned_with_a_warning():
    doc = load("<html><body><p>欢迎访问本站，今日天气晴。</p></body></html>".encode())
    assert "今日天气晴" in doc.text and doc.warnings


@pytest.mark.parametrize("fmt", ["pdf", "html", "docx"])
def test_time_budget(rendered, fmt):
    with pytest.raises(Timeout):
        load(rendered[fmt], settings=Settings(max_seconds=0))


def test_scanned_pdf_rasterised_over_pixel_limit(scans):
    data = render.to_image_bytes([scans[1]], "PDF")
    with pytest.raises(TooLarge):
        load(data, settings=Settings(ocr_dpi=600, max_image_pixels=10_000_000))


@pytest.mark.parametrize(("body", "limit", "refused"), [
    (b'{"text": "[[[[[[[[[["}', 3, False),  # brackets inside a string do not nest
    (b'{"a": [[[1]]]}', 3, True),
    (b'[' * 100_000, 32, True),
    (b'{"text": "\\"[[[[[["}', 3, False),
])
def test_json_depth(body, limit, refused):
    from service.core.ingest.limits import check_json_depth

    if refused:
        with pytest.raises(TooComplex):
            check_json_depth(body, limit)
    else:
        check_json_depth(body, limit)

