"""Ingestion: bytes of any supported format → Document (text in reading order, tables as TAB rows)."""
from __future__ import annotations

from collections.abc import Callable

from service.base.document import Document
from service.base.errors import EmptyInput, TooLarge
from service.base.settings import Settings, get_settings
from service.core.ingest.detect import sniff
from service.core.ingest.limits import Deadline
from service.core.ingest.text import load_text


def _pdf(data: bytes, settings: Settings, deadline: Deadline) -> Document:
    from service.core.ingest.pdf import load_pdf

    return load_pdf(data, settings, deadline)


def _docx(data: bytes, settings: Settings, deadline: Deadline) -> Document:
    from service.core.ingest.docx import load_docx

    return load_docx(data, settings, deadline)


def _html(data: bytes, settings: Settings, deadline: Deadline) -> Document:
    from service.core.ingest.html import load_html

    return load_html(data, settings, deadline)


def _image(data: bytes, settings: Settings, deadline: Deadline) -> Document:
    from service.core.ingest.image import load_image  # imports OpenCV and onnxruntime: only images pay for them

    return load_image(data, settings, deadline)


def _text(data: bytes, settings: Settings, deadline: Deadline) -> Document:
    return load_text(data)


LOADERS: dict[str, Callable[[bytes, Settings, Deadline], Document]] = {
    "pdf": _pdf, "docx": _docx, "html": _html, "image": _image, "text": _text,
}


def load(data: bytes | str, filename: str | None = None, settings: Settings | None = None) -> Document:
    """Read a report of any supported format, chosen by content (magic bytes), not by file name."""
    settings = settings or get_settings()
    if isinstance(data, str):
        if len(data) > settings.max_text_chars:
            raise TooLarge()
        return load_text(data)
    if not data:
        raise EmptyInput()
    if len(data) > settings.max_bytes:
        raise TooLarge()
    return LOADERS[sniff(data)](data, settings, Deadline.of(settings))
