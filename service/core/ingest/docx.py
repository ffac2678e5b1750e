"""Word (.docx) ingestion: paragraphs and tables in body order, merged cells written once."""
from __future__ import annotations

import io
import zipfile
import zlib

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml.etree import XMLSyntaxError

from service.base.document import Document
from service.base.errors import CorruptFile, NoText, TooLarge
from service.base.settings import Settings
from service.core.ingest.grid import clean_cell
from service.core.ingest.limits import Deadline, TextBudget, check_table_cells

_MAX_MEMBERS = 5000
# Word's XML compresses about 5–20×; a zip bomb compresses thousands of times.
_MAX_RATIO = 200
_RATIO_FLOOR = 10 * 1024 * 1024  # small members may compress extremely well and still be harmless


def check_zip(data: bytes, settings: Settings) -> None:
    """Refuse a zip bomb before anything is decompressed, from the sizes the archive declares."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CorruptFile("Word 文件已损坏或不完整，无法打开。") from exc
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if len(infos) > _MAX_MEMBERS or total > settings.max_unzipped_bytes or (
            total > _RATIO_FLOOR and total > _MAX_RATIO * max(packed, 1)):
        raise TooLarge("Word 文件解压后过大（疑似压缩炸弹），已拒绝处理。")


def _table_lines(table: Table, settings: Settings, deadline: Deadline) -> list[str]:
    """TAB rows read from the XML: a merged cell's text at its first grid position, the positions it covers
    (gridSpan to the right, vMerge="continue" below) empty. The grid area is checked before any row is read."""
    rows = table._tbl.tr_lst
    width = max((sum(tc.grid_span for tc in tr.tc_lst) for tr in rows), default=0)
    check_table_cells(len(rows), width, settings.max_table_cells)
    lines = []
    for tr in rows:
        deadline.check()
        cells = []
        for tc in tr.tc_lst:
            cells.append("" if tc.vMerge == "continue" else clean_cell(_Cell(tc, table).text))
            cells.extend([""] * (tc.grid_span - 1))
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def _blocks(document: DocxDocument, settings: Settings, deadline: Deadline) -> list[str]:
    """Body children in order: a paragraph → its text, a table → its TAB rows."""
    out, budget = [], TextBudget(settings)
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = budget.add(Paragraph(child, document).text.strip())
            if text:
                out.append(text)
        elif tag == "tbl":
            lines = _table_lines(Table(child, document), settings, deadline)
            if lines:
                out.append(budget.add("\n".join(lines)))
    return out


def load_docx(data: bytes, settings: Settings, deadline: Deadline) -> Document:
    """A .docx → Document (source "docx"); NoText when it has neither paragraphs nor tables with text."""
    check_zip(data, settings)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, zlib.error, EOFError, XMLSyntaxError, KeyError, ValueError) as exc:
        raise CorruptFile("Word 文件已损坏，无法解析。") from exc
    try:
        blocks = _blocks(document, settings, deadline)
    except (XMLSyntaxError, KeyError, ValueError, TypeError) as exc:  # attributes python-docx cannot read
        raise CorruptFile("Word 文件内容结构已损坏，无法解析。") from exc
    if not blocks:
        raise NoText("Word 文件中没有可读取的文字。")
    return Document(text="\n\n".join(blocks) + "\n", source="docx")
