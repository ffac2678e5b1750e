"""The typed values that flow between stages: Document (from ingest) and Text (after normalisation)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Document:
    """What an ingester returns: plain text in reading order.

    Tables recovered from real geometry (PDF ruling, HTML/DOCX markup, OCR boxes) are written into
    `text` as one line per table row with cells joined by TAB, so that one table parser serves every
    format and every cell keeps a span into the text.
    """

    text: str
    source: str = "text"  # text | pdf | html | docx | image
    encoding: str | None = None
    pages: int | None = None
    ocr: bool = False
    warnings: list[str] = field(default_factory=list)


@dataclass
class Text:
    """Normalised text plus, for each character, its offset in the ingested text."""

    text: str
    origin: list[int]
    warnings: list[str] = field(default_factory=list)
