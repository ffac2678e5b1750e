"""Ingestion: bytes of any supported format → Document (text in reading order, tables as TAB rows)."""
from __future__ import annotations

from ..document import Document
from ..errors import EmptyInput, TooLarge
from ..settings import Settings, get_settings
from .text import load_text


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
    return load_text(data)
