"""Images and scanned pages: OCR (rapidocr, models shipped in its wheel) with tables rebuilt from ruling lines.

Table cells come from the page's drawn lines (the same cell finder pdfplumber uses on PDF geometry); each cell
takes the OCR boxes whose centre it holds. The first OCR pass drops or misreads lone table digits, so empty or
odd cells are read again one by one (recognition only) and O/l-style look-alikes in number cells become digits.
"""
from __future__ import annotations

import io
import os
import re
import warnings
from functools import lru_cache

import numpy as np
from PIL import Image, ImageSequence, UnidentifiedImageError

from service.base.document import Document
from service.base.errors import CorruptFile, NoText, TooLarge
from service.base.settings import Settings
from service.core.ingest.columns import lines_and_tables
from service.core.ingest.layout import Box, Page, TableBlock, cell_text, drop_running, join_pages, render, table_warnings
from service.core.ingest.limits import Deadline, check_pages
from service.core.ingest.rules import ruled_tables

_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "〇": "0", "D": "0", "l": "1", "I": "1", "|": "1"})
_NUMBER_LIKE = re.compile(r"^[\dOo〇DlI|.,]+$")
# A cell holding nothing but a small circle is a zero read as punctuation.
_ZERO_ALONE = re.compile(r"^[。○◯°oO〇]$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_MIN_SCORE = 0.5
# Scans are upright: the angle classifier only costs time and turns a lone 6 into a 9. A looser box than the
# default keeps a narrow leading "1" inside the crop.
_OCR_ARGS = {"use_cls": False, "unclip_ratio": 2.0}


@lru_cache(maxsize=1)
def get_ocr():
    """The process-wide OCR engine, built on first use (loading the ONNX models takes about a second)."""
    from rapidocr_onnxruntime import RapidOCR

    # onnxruntime's default thread pool oversubscribes small machines (3× slower on 2 cores).
    threads = max(1, min(4, os.cpu_count() or 1))
    return RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)


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


def _boxes(result) -> list[Box]:
    """rapidocr's [points, text, score] → axis-aligned boxes."""
    out = []
    for points, text, _score in result or []:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        out.append((float(min(xs)), float(min(ys)), float(max(xs)), float(max(ys)), text.strip()))
    return [b for b in out if b[4]]


def _inside(box: Box, cell: tuple[float, float, float, float]) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return cell[0] <= cx <= cell[2] and cell[1] <= cy <= cell[3]


def _needs_reread(text: str, owned: list[Box], cell: tuple[float, float, float, float]) -> bool:
    """An empty cell, a number with letters in it, or text from a box that spills over the cell's lines."""
    if not text or _ZERO_ALONE.match(text) or (_NUMBER_LIKE.match(text) and not _NUMBER.match(text)):
        return True
    width = cell[2] - cell[0]
    return any(b[0] < cell[0] - 0.15 * width or b[2] > cell[2] + 0.15 * width for b in owned)


def _inset(gray: np.ndarray, cell: tuple[float, float, float, float]) -> np.ndarray:
    """The inside of a cell, a few pixels in from its ruling lines."""
    x0, top, x1, bottom = (int(v) for v in cell)
    return gray[top + 4:max(top + 5, bottom - 3), x0 + 4:max(x0 + 5, x1 - 3)]


def _blank(gray: np.ndarray, cell: tuple[float, float, float, float]) -> bool:
    """No ink inside the cell: truly empty, nothing to read again."""
    return int((_inset(gray, cell) < 128).sum()) < 12


def _reread(gray: np.ndarray, cells: list[tuple[float, float, float, float]]) -> list[str]:
    """Recognition only, one crop per cell (inset to leave the ruling lines out); low-confidence reads are empty."""
    crops = []
    for cell in cells:
        crop = np.pad(_inset(gray, cell), 8, constant_values=255)
        crops.append(np.dstack([crop] * 3))
    results, _ = get_ocr().text_rec(crops)
    return [text.strip() if score >= _MIN_SCORE else "" for text, score in results]


def as_number(text: str) -> str:
    """A number cell read with look-alike letters (O→0, l→1) as digits; other text unchanged."""
    if _ZERO_ALONE.match(text):
        return "0"
    return text.translate(_DIGIT_LOOKALIKES) if _NUMBER_LIKE.match(text) else text


def _fill_table(cells: list[tuple[float, float, float, float]], boxes: list[Box], gray: np.ndarray,
                deadline: Deadline) -> TableBlock:
    texts, redo = [], []
    for i, cell in enumerate(cells):
        owned = [b for b in boxes if _inside(b, cell)]
        texts.append(cell_text(owned))
        if _needs_reread(texts[-1], owned, cell) and not (not texts[-1] and _blank(gray, cell)):
            redo.append(i)
    deadline.check()
    if redo:
        for i, text in zip(redo, _reread(gray, [cells[i] for i in redo]), strict=True):
            texts[i] = text or texts[i]
    filled = [(*cell, as_number(text)) for cell, text in zip(cells, texts, strict=True)]
    x0, top = min(c[0] for c in cells), min(c[1] for c in cells)
    x1, bottom = max(c[2] for c in cells), max(c[3] for c in cells)
    return TableBlock([(a, b, c, d, t) for a, b, c, d, t in filled], x0, top, x1, bottom)


def ocr_page(image: Image.Image, deadline: Deadline) -> Page:
    """One page image → its blocks: ruled tables filled from OCR boxes, the other boxes as lines."""
    rgb = np.asarray(image.convert("RGB"))
    gray = np.asarray(image.convert("L"))
    result, _ = get_ocr()(rgb, **_OCR_ARGS)
    deadline.check()
    boxes = _boxes(result)
    blocks: list = []
    for cells in ruled_tables(gray):
        deadline.check()
        blocks.append(_fill_table(cells, boxes, gray, deadline))
    tables = [(b.x0, b.top, b.x1, b.bottom) for b in blocks]
    blocks += lines_and_tables([b for b in boxes if not any(_inside(b, t) for t in tables)])
    blocks.sort(key=lambda b: b.top)
    return Page(blocks, float(image.width), float(image.height))


def load_image(data: bytes, settings: Settings, deadline: Deadline) -> Document:
    """A PNG/JPEG/TIFF/BMP/WebP → Document (source "image", ocr=True); NoText when nothing is read."""
    pages = []
    for frame in open_frames(data, settings):
        deadline.check()
        pages.append(ocr_page(frame, deadline))
    drop_running(pages)
    blocks = join_pages(pages)
    text = render(blocks)
    if not text.strip():
        raise NoText("图片中没有识别到文字。")
    warnings_ = ["全文通过文字识别（OCR）读取，数字可能有误。", *table_warnings(blocks)]
    return Document(text=text, source="image", pages=len(pages), ocr=True, warnings=warnings_)
