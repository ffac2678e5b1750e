"""PDF ingestion: the text layer in reading order with ruled tables read from page geometry; scanned pages OCR'd."""
from __future__ import annotations

import io
import re

import pdfplumber
import pypdfium2
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils import extract_text
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from service.base.document import Document
from service.base.errors import CorruptFile, EncryptedFile, NoText
from service.base.settings import Settings
from service.core.ingest.layout import Block, Box, Page, TableBlock, drop_running, group_lines, join_pages, render, table_warnings
from service.core.ingest.limits import Deadline, TextBudget, check_pages

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_MIN_CHARS = 10  # a page with fewer text-layer characters than this is taken to be a scan
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_PARSE_ERRORS = (PdfminerException, MalformedPDFException, PDFSyntaxError, PSException, ValueError, KeyError, TypeError,
                 AssertionError)


def _open(data: bytes) -> pdfplumber.PDF:
    """Open with pdfplumber, mapping pdfminer's failures to coded errors."""
    if b"%%EOF" not in data:
        raise CorruptFile("PDF 文件不完整（可能在下载或上传时被截断），无法解析。")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages  # pdfminer reads the page tree lazily; fail here, not halfway
    except _PARSE_ERRORS as exc:
        if _encrypted(exc):
            raise EncryptedFile("PDF 文件已加密（需要密码才能打开），请提供未加密的版本。") from exc
        raise CorruptFile("PDF 文件已损坏，无法解析。") from exc
    return pdf


def _encrypted(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, PDFPasswordIncorrect | PDFEncryptionError) or "password" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__ or (seen.args[0] if seen.args and
                                                      isinstance(seen.args[0], BaseException) else None)
    return False


def _words(page: pdfplumber.page.Page) -> list[Box]:
    words = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False)
    return [(w["x0"], w["top"], w["x1"], w["bottom"], w["text"]) for w in words]


def _inside(word: Box, box: tuple[float, float, float, float]) -> bool:
    cx, cy = (word[0] + word[2]) / 2, (word[1] + word[3]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _char_box(char: dict) -> Box:
    return (char["x0"], char["top"], char["x1"], char["bottom"], char["text"])


def _table(table, chars: list[dict], words: list[Box], page_no: int) -> TableBlock:
    """One ruled table, each cell read from the characters inside its ruling lines.

    The flattened text of the same area (words) is counted too: a word that runs across a ruling line holds
    numbers of two cells, and a different count of numbers means the two readings disagree.
    """
    inside = [c for c in chars if _inside(_char_box(c), table.bbox)]
    cells: list[Box] = []
    for x0, top, x1, bottom in table.cells:
        own = [c for c in inside if _inside(_char_box(c), (x0, top, x1, bottom))]
        cells.append((x0, top, x1, bottom, extract_text(own, x_tolerance=1.5) if own else ""))
    area = len(_NUMBER.findall(" ".join(w[4] for w in words if _inside(w, table.bbox))))
    found = len(_NUMBER.findall(" ".join(c[4] for c in cells)))
    warnings = []
    if area != found:
        warnings.append(f"第{page_no}页表格：按表格线读出 {found} 个数字，但该区域的文字中有 {area} 个数字，请核对表格。")
    x0, top, x1, bottom = table.bbox
    return TableBlock(cells, x0, top, x1, bottom, warnings)


def _text_page(page: pdfplumber.page.Page, page_no: int) -> Page:
    """Blocks of a page with a text layer: ruled tables from geometry, other words as lines."""
    words = _words(page)
    # Only pages with drawn lines or boxes can hold ruled tables; skipping the rest keeps prose pages fast.
    tables = page.find_tables(_TABLE_SETTINGS) if (page.lines or page.rects) else []
    tables = [t for t in tables if len(t.cells) > 1]
    blocks: list[Block] = [_table(t, page.chars, words, page_no) for t in tables]
    free = [w for w in words if not any(_inside(w, t.bbox) for t in tables)]
    blocks += group_lines(free)
    blocks.sort(key=lambda b: b.top)
    return Page(blocks, float(page.width), float(page.height))


def _scanned_page(pdfium: pypdfium2.PdfDocument, index: int, settings: Settings, deadline: Deadline) -> Page:
    """Rasterise one page at settings.ocr_dpi and OCR it."""
    from service.core.ingest.image import check_pixels, ocr_page  # the OCR engine is heavy: only scanned PDFs pay for it

    page = pdfium[index]
    width, height = page.get_size()
    check_pixels(int(width * settings.ocr_dpi / 72) * int(height * settings.ocr_dpi / 72), settings)
    image = page.render(scale=settings.ocr_dpi / 72).to_pil()
    return ocr_page(image, deadline, settings)


def load_pdf(data: bytes, settings: Settings, deadline: Deadline) -> Document:
    """A PDF → Document with pages set; scanned pages go through OCR (ocr=True)."""
    pdf = _open(data)
    with pdf:
        check_pages(len(pdf.pages), settings)
        pages, scanned, pdfium, budget = [], 0, None, TextBudget(settings)
        for n, page in enumerate(pdf.pages, start=1):
            deadline.check()
            try:
                budget.count(len(page.chars))
                if len(page.chars) >= _MIN_CHARS:
                    pages.append(_text_page(page, n))
                    continue
            except _PARSE_ERRORS as exc:
                raise CorruptFile(f"PDF 第{n}页已损坏，无法解析。") from exc
            pdfium = pdfium or pypdfium2.PdfDocument(data)
            pages.append(_scanned_page(pdfium, n - 1, settings, deadline))
            scanned += 1
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
