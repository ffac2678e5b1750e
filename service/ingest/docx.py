"""Word (.docx): paragraphs and tables in body order; merged cells written once; zip bombs refused unopened."""
from __future__ import annotations

import io
import zipfile

from ..document import Document
from ..errors import CorruptFile, NoText, TooLarge
from ..settings import Settings
from .grid import clean_cell

_MAX_RATIO = 200  # an XML part compressing better than 200:1 is built to explode


def check_zip(data: bytes, settings: Settings) -> None:
    """Refuse a zip whose members would unpack past the limit, before any XML parser sees them."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CorruptFile("Word 文件已损坏或不完整，无法打开。") from exc
    total = sum(i.file_size for i in infos)
    bomb = any(i.file_size > 10_000_000 and i.file_size > _MAX_RATIO * max(1, i.compress_size) for i in infos)
    if total > settings.max_unzipped_bytes or bomb:
        raise TooLarge("Word 文件解压后过大（疑似压缩炸弹），已拒绝处理。")


def _table_lines(table) -> list[str]:
    """TAB rows; a cell merged across columns or rows appears once (python-docx repeats the same <w:tc>)."""
    seen: dict[int, object] = {}  # holding the elements keeps lxml from recycling their ids
    lines = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            key = id(cell._tc)
            cells.append("" if key in seen else clean_cell(cell.text))
            seen[key] = cell._tc
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def load_docx(data: bytes, settings: Settings) -> Document:
    """Bytes of a .docx → Document."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_zip(data, settings)
    try:
        document = docx.Document(io.BytesIO(data))
    except (KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise CorruptFile("Word 文件已损坏或不是有效的 .docx 文件。") from exc
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            lines += _table_lines(Table(child, document))
    text = "\n".join(lines).strip()
    if not text:
        raise NoText("Word 文件中没有可读取的文字。")
    return Document(text=text, source="docx")
