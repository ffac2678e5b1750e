"""Tell a file's format from its content (magic bytes), never from its name."""
from __future__ import annotations

import io
import re
import zipfile
from typing import Literal

from service.base.errors import CorruptFile, UnsupportedFormat

Kind = Literal["pdf", "docx", "image", "html", "text"]

SUPPORTED = "纯文本（UTF-8/GB18030）、PDF、HTML、Word（.docx）或图片（PNG/JPEG/TIFF/BMP/WebP）"
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF87a", b"GIF89a")
# Formats people send by mistake; each gets a message naming it.
_REFUSED = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Office 文件（.doc/.xls/.ppt）"),
    (b"{\\rtf", "RTF 文件"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"%!PS", "PostScript 文件"),
    (b"\x7fELF", "可执行文件"),
    (b"MZ", "可执行文件"),
)
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|table|div|p|h[1-6])[\s>/]", re.I)
_SKIP_PROLOGUE = re.compile(rb"(?:\s+|<\?xml[^>]*>|<!--.*?-->)*", re.S)


def _refuse(what: str) -> UnsupportedFormat:
    return UnsupportedFormat(f"不支持{what}：请另存为{SUPPORTED}后再提交。")


def _zip_kind(data: bytes) -> Kind:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CorruptFile("ZIP/Word 文件已损坏或不完整，无法打开。") from exc
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("xl/") for n in names):
        raise _refuse("Excel 表格（.xlsx）")
    raise _refuse("该压缩包格式")


def _is_bmp(data: bytes) -> bool:
    # "BM" alone could start a text file; the DIB header size pins it down.
    return data[:2] == b"BM" and len(data) > 18 and int.from_bytes(data[14:18], "little") in (12, 40, 52, 56, 108, 124)


def _html_head(data: bytes) -> bytes:
    """The first bytes as ASCII-compatible bytes (UTF-16 with or without BOM folded to one byte per char)."""
    head = data[:4096]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(head) > 3 and (head[1] == 0 or head[0] == 0)):
        enc = "utf-16-be" if head[:2] == b"\xfe\xff" or head[0] == 0 else "utf-16-le"
        head = head.decode(enc, errors="ignore").lstrip("\ufeff").encode("ascii", errors="ignore")
    return head.removeprefix(b"\xef\xbb\xbf")


def is_html(data: bytes) -> bool:
    """True when markup opens the document (after a BOM, whitespace, an XML prologue or comments)."""
    head = _html_head(data)
    start = _SKIP_PROLOGUE.match(head)
    return bool(_HTML_START.match(head, start.end() if start else 0))


def sniff(data: bytes) -> Kind:
    """The format of `data`; raises UnsupportedFormat for known formats we do not read."""
    if data[:1024].lstrip().startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data.startswith(_IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP") or _is_bmp(data):
        return "image"
    for magic, what in _REFUSED:
        if data.startswith(magic):
            raise _refuse(what)
    if is_html(data):
        return "html"
    return "text"
