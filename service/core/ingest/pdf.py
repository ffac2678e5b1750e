"""PDF ingestion: the text layer in reading order with ruled tables read from page geometry; scanned pages OCR'd.

pdfium (pypdfium2) reads everything: path objects for ruling lines (pdf_rules) first; on a page with ruled tables,
characters with their boxes (pdf_text), words, lines and cells following the rules pdfplumber applied before; on
any other page pdfium's text with one box per line (pdf_prose), which gives the same lines.
"""
from __future__ import annotations

import bisect
import re

import pypdfium2

from service.base.document import Document
from service.base.errors import CorruptFile, EncryptedFile, NoText
from service.base.settings import Settings
from service.core.ingest.layout import Block, Box, Page, TableBlock, drop_running, group_lines, join_pages, render, table_warnings
from service.core.ingest.limits import Deadline, TextBudget, check_pages
from service.core.ingest.pdf_prose import prose_runs
from service.core.ingest.pdf_rules import Rect, ruled_cells
from service.core.ingest.pdf_text import PageSpace, cell_text, page_chars, words

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_MIN_CHARS = 10  # a page with fewer text-layer characters than this is taken to be a scan
_PASSWORD_ERRORS = (pypdfium2.raw.FPDF_ERR_PASSWORD, pypdfium2.raw.FPDF_ERR_SECURITY)


def _open(data: bytes) -> pypdfium2.PdfDocument:
    """Open with pdfium, mapping its failures to coded errors."""
    if b"%%EOF" not in data:
        raise CorruptFile("PDF 文件不完整（可能在下载或上传时被截断），无法解析。")
    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if getattr(exc, "err_code", None) in _PASSWORD_ERRORS:
            raise EncryptedFile("PDF 文件已加密（需要密码才能打开），请提供未加密的版本。") from exc
        raise CorruptFile("PDF 文件已损坏，无法解析。") from exc


def _inside(word: Box, box: tuple[float, float, float, float]) -> bool:
    cx, cy = (word[0] + word[2]) / 2, (word[1] + word[3]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _bbox(cells: list[Rect]) -> Rect:
    return (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))


def _table(cells: list[Rect], chars: list[Box], page_words: list[Box], page_no: int) -> TableBlock:
    """One ruled table, each cell read from the characters inside its ruling lines.

    The flattened text of the same area (words) is counted too: a word that runs across a ruling line holds
    numbers of two cells, and a different count of numbers means the two readings disagree.
    """
    bbox = _bbox(cells)
    inside = sorted((((c[1] + c[3]) / 2, n, c) for n, c in enumerate(chars) if _inside(c, bbox)), key=lambda t: t[0])
    middles = [t[0] for t in inside]
    boxes: list[Box] = []
    for x0, top, x1, bottom in cells:  # a character belongs to every cell its middle lies in, edges included
        band = inside[bisect.bisect_left(middles, top):bisect.bisect_right(middles, bottom)]
        own = [t[2] for t in sorted((t for t in band if x0 <= (t[2][0] + t[2][2]) / 2 <= x1), key=lambda t: t[1])]
        boxes.append((x0, top, x1, bottom, cell_text(own) if own else ""))
    area = len(_NUMBER.findall(" ".join(w[4] for w in page_words if _inside(w, bbox))))
    found = len(_NUMBER.findall(" ".join(b[4] for b in boxes)))
    warnings = []
    if area != found:
        warnings.append(f"第{page_no}页表格：按表格线读出 {found} 个数字，但该区域的文字中有 {area} 个数字，请核对表格。")
    return TableBlock(boxes, *bbox, warnings)


def _table_page(tables: list[list[Rect]], chars: list[Box], page_no: int) -> list[Block]:
    """Blocks of a page with ruled tables: each table from geometry, the other words as lines."""
    page_words = words(chars)
    blocks: list[Block] = [_table(t, chars, page_words, page_no) for t in tables]
    bboxes = [_bbox(t) for t in tables]
    blocks += group_lines([w for w in page_words if not any(_inside(w, b) for b in bboxes)])
    return blocks


def _page(blocks: list[Block], space: PageSpace) -> Page:
    blocks.sort(key=lambda b: b.top)
    width, height = (space.y1 - space.y0, space.x1 - space.x0) if space.rotation in (90, 270) else \
        (space.x1 - space.x0, space.y1 - space.y0)
    return Page(blocks, float(width), float(height))


def _scanned_page(page: pypdfium2.PdfPage, settings: Settings, deadline: Deadline) -> Page:
    """Rasterise one page at settings.ocr_dpi and OCR it."""
    from service.core.ingest.image import check_pixels, ocr_page  # the OCR engine is heavy: only scanned PDFs pay for it

    width, height = page.get_size()
    check_pixels(int(width * settings.ocr_dpi / 72) * int(height * settings.ocr_dpi / 72), settings)
    image = page.render(scale=settings.ocr_dpi / 72).to_pil()
    return ocr_page(image, deadline, settings)


def _read_page(pdf: pypdfium2.PdfDocument, index: int) -> tuple[pypdfium2.PdfPage, PageSpace, pypdfium2.PdfTextPage]:
    """Load one page and its text layer; a page pdfium cannot load or whose page box is empty is corrupt."""
    try:
        page = pdf[index]
        space = PageSpace(page)
        if space.x1 <= space.x0 or space.y1 <= space.y0:
            raise ValueError("empty page box")
        return page, space, page.get_textpage()
    except (pypdfium2.PdfiumError, ValueError) as exc:
        raise CorruptFile(f"PDF 第{index + 1}页已损坏，无法解析。") from exc


def _text_blocks(page: pypdfium2.PdfPage, space: PageSpace, textpage: pypdfium2.PdfTextPage,
                 page_no: int) -> tuple[list[Block] | None, int]:
    """A page's blocks (None for a page with fewer than _MIN_CHARS characters: a scan) and its character count.

    Only a page with ruled tables (or turned text) has its characters measured one by one (pdf_text); any other
    page is read from pdfium's text with a box per line (pdf_prose), which gives the lines the characters would.
    """
    text = textpage.get_text_range()
    tables = ruled_cells(page, space) if len(text) - text.count("\r") - text.count("\n") >= _MIN_CHARS else []
    prose = None if tables else prose_runs(textpage, space, text)
    if prose is not None:
        return (group_lines(prose[0]) if prose[1] >= _MIN_CHARS else None), prose[1]
    chars = page_chars(textpage, space)
    if len(chars) < _MIN_CHARS:
        return None, len(chars)
    return (_table_page(tables, chars, page_no) if tables else group_lines(words(chars))), len(chars)


def load_pdf(data: bytes, settings: Settings, deadline: Deadline) -> Document:
    """A PDF → Document with pages set; scanned pages go through OCR (ocr=True)."""
    pdf = _open(data)
    try:
        check_pages(len(pdf), settings)
        pages, scanned, budget = [], 0, TextBudget(settings)
        for index in range(len(pdf)):
            deadline.check()
            page, space, textpage = _read_page(pdf, index)
            blocks, count = _text_blocks(page, space, textpage, index + 1)
            budget.count(count)
            if blocks is not None:
                pages.append(_page(blocks, space))
            else:
                pages.append(_scanned_page(page, settings, deadline))
                scanned += 1
    finally:
        pdf.close()
    return _document(pages, scanned)


def _document(pages: list[Page], scanned: int) -> Document:
    drop_running(pages)
    blocks = join_pages(pages)
    warnings = table_warnings(blocks)
    if scanned:
        warnings.append(f"共 {scanned} 页没有文字层，已通过文字识别（OCR）读取，数字可能有误。")
    text = render(blocks)
    if not text.strip():
        raise NoText("PDF 中没有可读取的文字。")
    return Document(text=text, source="pdf", pages=len(pages), ocr=bool(scanned), warnings=warnings)
