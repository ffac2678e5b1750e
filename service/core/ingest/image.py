"""Images and scanned pages: OCR (rapidocr, models shipped in its wheel) with tables rebuilt from ruling lines.

The grid comes first: table cells from the page's drawn lines (the same cell finder pdfplumber uses on PDF
geometry). A cell without ink is empty; the others are read from their own line crops by the recogniser alone,
all cells of the page in one batched pass, with O/l-style look-alikes in number cells turned into digits (the
table layer's arithmetic decides on the rest). Only the prose outside the tables goes through text detection.
"""
from __future__ import annotations

import io
import re
import statistics
import warnings

import numpy as np
from PIL import Image, ImageSequence, UnidentifiedImageError

from service.base.document import Document
from service.base.errors import CorruptFile, NoText, TooLarge
from service.base.settings import Settings, get_settings
from service.core.ingest import cells
from service.core.ingest.columns import lines_and_tables
from service.core.ingest.layout import Page, TableBlock, drop_running, join_pages, render, table_warnings
from service.core.ingest.limits import Deadline, check_pages
from service.core.ingest.ocr_engine import MIN_SCORE, get_ocr, read, read_regions
from service.core.ingest.rules import Ruling, ruling

_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "〇": "0", "D": "0", "l": "1", "I": "1", "|": "1"})
_NUMBER_LIKE = re.compile(r"^[\dOo〇DlI|.,]+$")
# A cell holding nothing but a small circle is a zero read as punctuation.
_ZERO_ALONE = re.compile(r"^[。○◯°oO〇]$")
# The detector sees prose lines this many pixels high (as the library saw a 200 dpi page: a 29 px line at 0.86).
_DET_TEXT_PX = 25.0
_DEFAULT_LINE_PX = 33.0  # a 12 pt line at 200 dpi, when a page has no prose to measure


def check_pixels(pixels: int, settings: Settings) -> None:
    """Refuse an image larger than settings.max_image_pixels before decoding it."""
    if pixels > settings.max_image_pixels:
        raise TooLarge(f"图片过大（{pixels} 像素），超过了服务允许的上限 {settings.max_image_pixels} 像素。")


def open_frames(data: bytes, settings: Settings) -> list[Image.Image]:
    """Decode an image (every frame of a multi-page TIFF) into RGB pages, guarding pixels and page count."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            check_pixels(image.width * image.height, settings)
            frames = getattr(image, "n_frames", 1)
            check_pages(frames, settings)
            return [frame.convert("RGB") for frame in ImageSequence.Iterator(image)]
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise TooLarge("图片像素过多（疑似解压炸弹），已拒绝处理。") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise CorruptFile("图片文件已损坏或无法解码。") from exc


def as_number(text: str) -> str:
    """A number cell read with look-alike letters (O→0, l→1) as digits; other text unchanged."""
    if _ZERO_ALONE.match(text):
        return "0"
    return text.translate(_DIGIT_LOOKALIKES) if _NUMBER_LIKE.match(text) else text


def _read_tables(page: Ruling, clean: np.ndarray, engine, batch: int) -> list[TableBlock]:
    """Every cell of every ruled table read from its own line crops in one batched recognition, no detection."""
    strips = [[cells.raw_strips(page.ink, cell) for cell in table] for table in page.tables]
    height = cells.line_height([s for table in strips for s in table]) or _DEFAULT_LINE_PX
    pad = max(4, round(0.25 * height))
    crops, owner = [], []
    for t, table in enumerate(page.tables):
        for c, cell in enumerate(table):
            for line in cells.text_lines(strips[t][c], height):
                crops.append(cells.crop(clean, line, cell, pad))
                owner.append((t, c))
    texts: dict[tuple[int, int], list[str]] = {}
    for key, (text, score) in zip(owner, read(engine, crops, batch), strict=True):
        texts.setdefault(key, []).append(text if score >= MIN_SCORE else "")
    out = []
    for t, table in enumerate(page.tables):
        filled = [(*cell, as_number("\n".join(x for x in texts.get((t, c), []) if x))) for c, cell in enumerate(table)]
        out.append(TableBlock(filled, min(c[0] for c in table), min(c[1] for c in table),
                              max(c[2] for c in table), max(c[3] for c in table)))
    return out


def _prose_regions(ink: np.ndarray, tables: list[TableBlock], rgb: np.ndarray) -> tuple[list, float]:
    """The inked bands of the page outside its tables (tables painted out), each cut to its ink with a margin,
    and the height of a line of prose.

    Consecutive text lines closer than a line's height form one band, so the detector sees whole paragraphs.
    """
    free, prose = ink.copy(), rgb.copy()
    for t in tables:
        area = (slice(max(0, int(t.top) - 3), int(t.bottom) + 4), slice(max(0, int(t.x0) - 3), int(t.x1) + 4))
        free[area], prose[area] = 0, 255
    rows = cells.runs((free > 0).sum(axis=1) >= 2)
    tall = [b - a for a, b in rows if b - a >= 5]
    height = float(statistics.median(tall)) if tall else _DEFAULT_LINE_PX
    bands: list[list[int]] = []
    for a, b in rows:
        if bands and a - bands[-1][1] < height:
            bands[-1][1] = b
        else:
            bands.append([a, b])
    margin = max(8, round(0.5 * height))
    regions = []
    for a, b in bands:
        top, bottom = max(0, a - margin), min(ink.shape[0], b + margin)
        cols = np.flatnonzero(free[a:b].any(axis=0))
        x0, x1 = max(0, int(cols[0]) - margin), min(ink.shape[1], int(cols[-1]) + 1 + margin)
        regions.append((prose[top:bottom, x0:x1], x0, top))
    return regions, height


def ocr_page(image: Image.Image, deadline: Deadline, settings: Settings | None = None) -> Page:
    """One page image → its blocks: ruled tables read cell by cell, the prose around them detected and read."""
    settings = settings or get_settings()
    engine, batch = get_ocr(settings.ocr_threads), settings.ocr_rec_batch
    rgb = np.asarray(image.convert("RGB"))
    gray = np.asarray(image.convert("L"))
    page = ruling(gray)
    clean = gray.copy()
    clean[page.lines] = 255
    deadline.check()
    blocks: list = _read_tables(page, clean, engine, batch)
    deadline.check()
    regions, height = _prose_regions(page.ink, blocks, rgb)
    scale = min(2.0, max(0.2, _DET_TEXT_PX / height))
    blocks += lines_and_tables(read_regions(engine, regions, scale, batch))
    deadline.check()
    blocks.sort(key=lambda b: b.top)
    return Page(blocks, float(image.width), float(image.height))


def load_image(data: bytes, settings: Settings, deadline: Deadline) -> Document:
    """A PNG/JPEG/TIFF/BMP/WebP → Document (source "image", ocr=True); NoText when nothing is read."""
    pages = []
    for frame in open_frames(data, settings):
        deadline.check()
        pages.append(ocr_page(frame, deadline, settings))
    drop_running(pages)
    blocks = join_pages(pages)
    text = render(blocks)
    if not text.strip():
        raise NoText("图片中没有识别到文字。")
    warnings_ = ["全文通过文字识别（OCR）读取，数字可能有误。", *table_warnings(blocks)]
    return Document(text=text, source="image", pages=len(pages), ocr=True, warnings=warnings_)
