"""PDF: text in reading order from the text layer, the tables from their ruling geometry; scanned pages by OCR."""
from __future__ import annotations

import io
import re
from collections import Counter

from ..document import Document
from ..errors import CorruptFile, EncryptedFile
from ..settings import Settings
from .grid import clean_cell
from .limits import Deadline, check_pages

_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")
_MIN_CHARS_PER_PAGE = 20  # below this a page has no usable text layer: it is a scan


def _open(data: bytes):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages  # parses the page tree: a broken file fails here, not later
        return pdf
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise EncryptedFile() from exc
    except (PdfminerException, MalformedPDFException, PDFSyntaxError, PSException, ValueError, KeyError,
            TypeError, AttributeError) as exc:
        wrapped = exc.args[0] if exc.args else None  # pdfplumber wraps pdfminer's own exception
        if isinstance(wrapped, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in repr(exc).lower():
            raise EncryptedFile() from exc
        raise CorruptFile("PDF 文件已损坏或不完整，无法解析。") from exc


def _table_rows(table) -> list[str]:
    rows = []
    for row in table.extract():
        cells = [clean_cell(c or "") for c in row]
        if any(cells):
            rows.append("\t".join(cells))
    return rows


def _outside(bboxes):
    def keep(obj) -> bool:
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in bboxes)
    return keep


def _page_items(page, n: int, warnings: list[str]) -> list[tuple[float, str, bool]]:
    """(top, text, is_table) in reading order for one page."""
    tables = page.find_tables()
    bboxes = [t.bbox for t in tables]
    items = [(line["top"], line["text"], False) for line in page.filter(_outside(bboxes)).extract_text_lines()]
    for t in tables:
        rows = _table_rows(t)
        geometry = len(_NUMBER.findall("\n".join(rows)))
        layer = len(_NUMBER.findall(page.crop(t.bbox).extract_text() or ""))
        if geometry != layer:
            warnings.append(f"第{n}页表格：按表格线读出的数值个数({geometry})与文字层({layer})不一致，请核对")
        items.append((t.bbox[1], "\n".join(rows), True))
    return sorted(items, key=lambda it: it[0])


def _furniture(pages: list[list[tuple[float, str, bool]]], heights: list[float]) -> set[str]:
    """Running headers and footers: the same line (digits aside) at the top or bottom of most pages."""
    if len(pages) < 2:
        return set()
    seen: Counter = Counter()
    for items, height in zip(pages, heights):
        edge = {re.sub(r"\d+", "#", text.strip()) for top, text, table in items
                if not table and (top < 0.08 * height or top > 0.92 * height)}
        seen.update(edge)
    return {k for k, v in seen.items() if v >= max(2, len(pages) // 2)}


def load_pdf(data: bytes, settings: Settings, deadline: Deadline) -> Document:
    """Bytes of a PDF → Document (OCR for pages without a text layer)."""
    pdf = _open(data)
    with pdf:
        check_pages(len(pdf.pages), settings)
        warnings: list[str] = []
        pages, heights = [], []
        for n, page in enumerate(pdf.pages, 1):
            deadline.check()
            pages.append(_page_items(page, n, warnings))
            heights.append(float(page.height))
    chars = sum(len(text) for items in pages for _, text, _ in items)
    if chars < _MIN_CHARS_PER_PAGE * len(pages):
        from .image import ocr_pdf

        return ocr_pdf(data, settings, deadline)
    furniture = _furniture(pages, heights)
    lines = [text for items in pages for _, text, table in items
             if table or re.sub(r"\d+", "#", text.strip()) not in furniture]
    return Document(text="\n".join(lines), source="pdf", pages=len(pages), warnings=warnings)
