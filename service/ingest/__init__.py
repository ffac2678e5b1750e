"""Ingestion: bytes of any supported format → Document (text in reading order, tables as TAB rows).

The format is told by content (magic bytes, service.ingest.detect), never by the file name.
"""
from __future__ import annotations

from ..document import Document
from ..errors import EmptyInput, TooLarge
from ..settings import Settings, get_settings
from .detect import sniff
from .limits import Deadline
from .text import load_text


def load(data: bytes | str, filename: str | None = None, settings: Settings | None = None) -> Document:
    """Read a report of any supported format."""
    settings = settings or get_settings()
    if isinstance(data, str):
        if len(data) > settings.max_text_chars:
            raise TooLarge()
        return load_text(data)
    if not data or not data.strip():
        raise EmptyInput()
    if len(data) > settings.max_bytes:
        raise TooLarge(f"文件大小 {len(data) // 1024} KB，超过上限 {settings.max_bytes // 1024} KB。")
    kind = sniff(data)
    deadline = Deadline.of(settings)
    if kind == "pdf":
        from .pdf import load_pdf

        return load_pdf(data, settings, deadline)
    if kind == "docx":
        from .docx import load_docx

        return load_docx(data, settings)
    if kind == "html":
        from .html import load_html

        return load_html(data)
    if kind == "image":
        from .image import load_image

        return load_image(data, settings, deadline)
    return load_text(data)
