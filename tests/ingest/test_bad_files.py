"""Bad files get a coded JSON error with a 4xx status (or a warning), quickly — never a 500 or a hang."""
from __future__ import annotations

import io
import re
import struct
import time
import zipfile
import zlib

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.base.settings import Settings
from service.core.pipeline import Pipeline
from training.formats import render
from training.formats.report import report


def encrypted_pdf() -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=pdfencrypt.StandardEncryption("user-pw", canPrint=0))
    c.drawString(100, 700, "secret")
    c.save()
    return buf.getvalue()


def bad_mediabox_pdf() -> bytes:
    """A PDF whose page box holds a string where a number belongs (pdfplumber raises MalformedPDFException)."""
    data = render.to_pdf(report())
    m = re.search(rb"/MediaBox \[[^\]]*\]", data)
    return data[:m.start()] + b"/MediaBox [ 0 0 (x) ]".ljust(len(m.group(0))) + data[m.end():]


def many_pages_pdf(n: int = 500) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for i in range(n):
        c.drawString(100, 700, f"page {i}")
        c.showPage()
    c.save()
    return buf.getvalue()


def zip_bomb_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as fh:  # 300 MB of zeros, ~300 KB compressed
            chunk = b"0" * (1 << 20)
            for _ in range(300):
                fh.write(chunk)
    return buf.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge canvas (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


def blank_png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (800, 600), 255).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def client(worker_pool):
    settings = Settings(max_pages=100, max_bytes=5_000_000)
    with TestClient(create_app(settings, pool=worker_pool)) as c:
        yield c


CASES = [
    ("encrypted pdf", encrypted_pdf, 422, "ENCRYPTED_FILE"),
    ("truncated pdf", lambda: render.to_pdf(report())[:1500], 422, "CORRUPT_FILE"),
    ("pdf with a malformed page box", bad_mediabox_pdf, 422, "CORRUPT_FILE"),
    ("500-page pdf", many_pages_pdf, 413, "TOO_MANY_PAGES"),
    ("zip bomb as docx", zip_bomb_docx, 413, "TOO_LARGE"),
    ("corrupt docx", lambda: b"PK\x03\x04" + b"\x00" * 200, 422, "CORRUPT_FILE"),
    ("legacy .doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, 415, "UNSUPPORTED_FORMAT"),
    ("html without text", lambda: b"<html><head><script>var a=1;</script></head><body></body></html>", 422, "NO_TEXT"),
    ("image without text", blank_png, 422, "NO_TEXT"),
    ("pixel bomb", lambda: png_claiming(60000, 60000), 413, "TOO_LARGE"),
    ("corrupt image", lambda: b"\x89PNG\r\n\x1a\n" + b"\x13" * 300, 422, "CORRUPT_FILE"),
    ("oversized body", lambda: b"%PDF-1.4\n" + b"0" * 5_100_000, 413, "TOO_LARGE"),
]


@pytest.mark.parametrize("name, make, status, code", CASES, ids=[c[0] for c in CASES])
def test_bad_file(client, name, make, status, code):
    started = time.monotonic()
    r = client.post("/v1/extract", files={"file": ("report.pdf", make(), "application/octet-stream")})
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == code and r.json()["error"]["message"]
    assert time.monotonic() - started < 20


def test_html_page_without_a_report_is_answered_with_a_warning(client):
    page = "<html><body><nav>首页</nav><p>欢迎访问本站，今日天气晴。</p></body></html>".encode()
    r = client.post("/v1/extract", content=page)
    assert r.status_code == 200
    assert r.json()["document"]["source"] == "html"
    assert any("年度报告" in w for w in r.json()["warnings"])


def test_time_budget_is_enforced(pipeline):
    from service.base.errors import Timeout

    settings = Settings(max_seconds=0)
    slow = Pipeline(settings, nlp=pipeline.nlp, linker=pipeline.linker, lines=pipeline.lines)
    with pytest.raises(Timeout):
        slow.run(render.to_pdf(report()))
