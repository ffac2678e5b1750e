"""Word (.docx) ingestion: paragraphs and tables in body order, merged cells written once."""
from __future__ import annotations

import io
import zipfile

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import XMLSyntaxError

from ..document import Document
from ..errors import CorruptFile, NoText, TooLarge
from ..settings import Settings
from .grid import clean_cell
from .limits import Deadline

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


def _table_lines(table: Table, deadline: Deadline) -> list[str]:
    """TAB rows; python-docx gives the same cell for every position a merge covers, so text goes to the first."""
    seen: dict[int, object] = {}  # holding each <w:tc> keeps its lxml proxy alive, so its id stays unique
    lines = []
    for row in table.rows:
        deadline.check()
        cells = []
        for cell in row.cells:
            key = id(cell._tc)
            cells.append("" if key in seen else clean_cell(cell.text))
            seen[key] = cell._tc
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def _blocks(document: DocxDocument, deadline: Deadline) -> list[str]:
    """Body children in order: a paragraph → its text, a table → its TAB rows."""
    out = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text.strip()
            if text:
                out.append(text)
        elif tag == "tbl":
            lines = _table_lines(Table(child, document), deadline)
            if lines:
                out.append("\n".join(lines))
    return out


def load_docx(data: bytes, settings: Settings, deadline: Deadline) -> Document:
    """A .docx → Document (source "docx"); NoText when it has neither paragraphs nor tables with text."""
    check_zip(data, settings)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, XMLSyntaxError, KeyError, ValueError) as exc:
        raise CorruptFile("Word 文件已损坏，无法解析。") from exc
    blocks = _blocks(document, deadline)
    if not blocks:
        raise NoText("Word 文件中没有可读取的文字。")
    return Document(text="\n\n".join(blocks) + "\n", source="docx")
