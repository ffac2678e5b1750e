"""Scanned pages and images through OCR (rapidocr-onnxruntime, models inside the wheel; nothing downloaded).

Narrative lines come from one detection+recognition pass. Ruled tables are read cell by cell: every OCR box is
placed in the cell its centre falls in, and a cell with ink but no box (the engine drops lone digits) is
recognised again from its own crop.
"""
from __future__ import annotations

import io
from functools import lru_cache

import numpy as np

from ..document import Document
from ..errors import CorruptFile, NoText, TooLarge
from ..settings import Settings
from .limits import Deadline, check_pages
from .ruling import Band, find_bands, has_ink

Box = tuple[float, float, float, float, str]
# What a lone digit in a ruled cell is read as by mistake.
_ZERO_LIKE = {"。", "○", "〇", "O", "o", "D", "Q", "()", "（）", "0。", "。0"}
_ONE_LIKE = {"l", "I", "|", "丨", "i", "！", "!"}


@lru_cache(maxsize=1)
def get_ocr():
    """The OCR engine, created once per process on first use (never at import time)."""
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def _boxes(rgb: np.ndarray) -> list[Box]:
    result, _ = get_ocr()(rgb, use_cls=False)  # scans are upright: the angle classifier only costs time
    out = []
    for points, text, _score in result or []:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        out.append((min(xs), min(ys), max(xs), max(ys), text))
    return out


def _read_crop(rgb: np.ndarray, box: tuple[int, int, int, int]) -> str:
    x0, y0, x1, y1 = box
    result, _ = get_ocr()(rgb[y0 + 3:y1 - 2, x0 + 3:x1 - 2], use_det=False, use_cls=False, use_rec=True)
    return result[0][0].strip() if result else ""


def _cell_text(text: str) -> str:
    """A cell's text with the usual misreadings of a lone digit mended."""
    text = text.strip().replace(" ", "") if any(ch.isdigit() for ch in text) else text.strip()
    if text in _ZERO_LIKE:
        return "0"
    return "1" if text in _ONE_LIKE else text


def _numbers(texts: list[str]) -> list[int] | None:
    return [int(t) for t in texts] if texts and all(t.isdigit() for t in texts) else None


def _row_adds_up(texts: list[str]) -> bool:
    """A row of table 3 (6 applicant columns + 总计) or table 4 (3 groups of 4 results + 总计) that sums right."""
    for width, group in ((7, 7), (15, 5)):
        values = _numbers(texts[-width:]) if len(texts) >= width else None
        if values and all(sum(values[i:i + group - 1]) == values[i + group - 1] for i in range(0, width, group)):
            return True
    return not (_numbers(texts[-7:]) or _numbers(texts[-15:]))


def _table_row(band: Band, boxes: list[Box], rgb: np.ndarray, gray: np.ndarray) -> str:
    cells = band.cells()
    texts = [""] * len(cells)
    for x0, _y0, x1, _y1, text in sorted(boxes, key=lambda b: (b[1], b[0])):
        cx = (x0 + x1) / 2
        for i, (a, _, b, _) in enumerate(cells):
            if a <= cx < b:
                texts[i] += text
                break
    texts = [_cell_text(t) if t or not has_ink(gray, c) else _cell_text(_read_crop(rgb, c))
             for t, c in zip(texts, cells)]
    if not _row_adds_up(texts):  # a misread digit: read each short numeric cell again from its own crop
        texts = [_cell_text(_read_crop(rgb, c)) if len(t) <= 3 and (t.isdigit() or not t) and has_ink(gray, c)
                 else t for t, c in zip(texts, cells)]
    return "\t".join(t.replace("\t", " ") for t in texts)


def _text_lines(boxes: list[Box]) -> list[tuple[float, str]]:
    """Boxes outside tables grouped into lines by vertical overlap, read left to right."""
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: (b[1] + b[3]) / 2):
        mid = (box[1] + box[3]) / 2
        if lines and abs(mid - sum((b[1] + b[3]) / 2 for b in lines[-1]) / len(lines[-1])) < (box[3] - box[1]) / 2:
            lines[-1].append(box)
        else:
            lines.append([box])
    return [(min(b[1] for b in line), "".join(b[4] for b in sorted(line))) for line in lines]


def ocr_page(image, deadline: Deadline) -> str:
    """One page image (PIL) → text with its ruled tables as TAB rows."""
    rgb = np.array(image.convert("RGB"))
    gray = np.array(image.convert("L"))
    boxes = _boxes(rgb)
    deadline.check()
    bands = find_bands(gray)
    inside = {b: [x for x in boxes if band.top <= (x[1] + x[3]) / 2 < band.bottom] for b, band in enumerate(bands)}
    taken = {id(x) for group in inside.values() for x in group}
    items = _text_lines([x for x in boxes if id(x) not in taken])
    items += [(band.top, _table_row(band, inside[b], rgb, gray)) for b, band in enumerate(bands)]
    return "\n".join(text for _, text in sorted(items, key=lambda it: it[0]))


def _open_frames(data: bytes, settings: Settings) -> list:
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = settings.max_image_pixels
    try:
        image = Image.open(io.BytesIO(data))
        frames = getattr(image, "n_frames", 1)
        check_pages(frames, settings)
        out = []
        for i in range(frames):
            image.seek(i)
            out.append(image.copy())
        return out
    except Image.DecompressionBombError as exc:
        raise TooLarge("图片像素过多（疑似解压炸弹），已拒绝处理。") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise CorruptFile("图片文件已损坏或无法识别。") from exc


def _document(pages: list, deadline: Deadline, source: str) -> Document:
    texts = []
    for image in pages:
        deadline.check()
        texts.append(ocr_page(image, deadline))
    text = "\n".join(texts).strip()
    if not text:
        raise NoText("图片中没有识别出文字。")
    return Document(text=text, source=source, pages=len(pages), ocr=True)


def load_image(data: bytes, settings: Settings, deadline: Deadline) -> Document:
    """PNG/JPEG/TIFF/BMP/WebP (multi-page TIFF too) → Document by OCR."""
    return _document(_open_frames(data, settings), deadline, "image")


def ocr_pdf(data: bytes, settings: Settings, deadline: Deadline) -> Document:
    """A PDF without a text layer: pages rasterised at settings.ocr_dpi and read by OCR."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise CorruptFile("PDF 文件已损坏或不完整，无法解析。") from exc
    check_pages(len(pdf), settings)
    pages = []
    for i in range(len(pdf)):
        deadline.check()
        pages.append(pdf[i].render(scale=settings.ocr_dpi / 72).to_pil().convert("L"))
    return _document(pages, deadline, "pdf")
