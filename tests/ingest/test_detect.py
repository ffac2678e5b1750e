"""The format is told by content, never by file name; refused formats get a coded Chinese error."""
from __future__ import annotations

import io
import zipfile

import pytest

from service.base.errors import CorruptFile, UnsupportedFormat
from service.core.ingest.detect import sniff


def _zip(names: list[str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in names:
            z.writestr(name, "<x/>")
    return buf.getvalue()


KINDS = [
    ("pdf", b"%PDF-1.7\n...", "pdf"),
    ("pdf after junk whitespace", b"\r\n%PDF-1.4", "pdf"),
    ("docx", _zip(["[Content_Types].xml", "word/document.xml"]), "docx"),
    ("png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "image"),
    ("jpeg", b"\xff\xd8\xff\xe0" + b"\0" * 20, "image"),
    ("tiff", b"II*\x00" + b"\0" * 20, "image"),
    ("webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image"),
    ("bmp", b"BM" + b"\0" * 12 + (40).to_bytes(4, "little") + b"\0" * 20, "image"),
    ("text starting BM", "BM 开头的纯文本".encode(), "text"),
    ("html doctype", b"<!DOCTYPE html><html>", "html"),
    ("html after bom", b"\xef\xbb\xbf  \n<html lang='zh'>", "html"),
    ("html fragment p", "<p>一、总体情况</p>".encode("gbk"), "html"),
    ("html after xml prologue", b"<?xml version='1.0'?>\n<!-- saved --><html>", "html"),
    ("html utf-16 bom", "\ufeff<html><body>报告</body></html>".encode("utf-16"), "html"),
    ("text utf-8", "一、总体情况\n<p>不是网页".encode(), "text"),
    ("text gb18030", "政府信息公开工作年度报告".encode("gb18030"), "text"),
]


@pytest.mark.parametrize("name, data, kind", KINDS, ids=[k[0] for k in KINDS])
def test_sniff(name, data, kind):
    assert sniff(data) == kind


REFUSED = [
    ("legacy doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, UnsupportedFormat, ".doc"),
    ("xlsx", _zip(["[Content_Types].xml", "xl/workbook.xml"]), UnsupportedFormat, ".xlsx"),
    ("other zip", _zip(["readme.txt"]), UnsupportedFormat, "压缩包"),
    ("rtf", b"{\\rtf1\\ansi", UnsupportedFormat, "RTF"),
    ("gzip", b"\x1f\x8b\x08\x00", UnsupportedFormat, "gzip"),
    ("broken zip", b"PK\x03\x04" + b"\0" * 50, CorruptFile, "损坏"),
]


@pytest.mark.parametrize("name, data, error, word", REFUSED, ids=[r[0] for r in REFUSED])
def test_refused(name, data, error, word):
    with pytest.raises(error) as info:
        sniff(data)
    assert word in info.value.message
    if error is UnsupportedFormat:
        assert "PDF" in info.value.message and "docx" in info.value.message  # names what we do read
