"""Page geometry → text in reading order, shared by the PDF and OCR ingesters.

A page is a list of blocks (text lines and ruled tables) with boxes in one coordinate system per page.
Here: words → lines, running headers/footers and page numbers dropped, a table cut by a page break
joined to its start, wrapped lines joined into paragraphs, tables written as TAB rows.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from service.core.ingest.grid import from_boxes, tab_lines

Box = tuple[float, float, float, float, str]  # x0, top, x1, bottom, text

_PAGE_NUMBER = re.compile(r"^[-—–－\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*[,，]?\s*共\s*\d{1,4}\s*页)?[-—–－\s]*$")
_EDGE_BAND = 0.1  # headers and footers live in the top and bottom tenth of a page
# A line that opens a part or a numbered point (二、 第六部分 （三）) after a line that ended a sentence starts a
# paragraph even when the line before ran to the right margin: a heading glued to the sentence before it is lost.
_OPENS_POINT = re.compile(r"^(?:第?[一二三四五六七八九十]{1,3}(?:部分|[、.．])|[（(][一二三四五六七八九十]{1,3}[）)])")
_SENTENCE_END = "。！？；：!?;:"


def cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or "\u3000" <= ch <= "\u303f"


@dataclass
class Line:
    """One line of flowing text with its box."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class TableBlock:
    """A ruled table: its cells as boxes (text filled in) and its outline."""

    cells: list[Box]
    x0: float
    top: float
    x1: float
    bottom: float
    warnings: list[str] = field(default_factory=list)


Block = Line | TableBlock


@dataclass
class Page:
    """The blocks of one page in reading order, and the page size in the blocks' units."""

    blocks: list[Block]
    width: float
    height: float


def join_words(words: list[Box]) -> str:
    """Words of one line left to right; a visible gap becomes a space unless both sides are CJK."""
    out, last_x1 = "", None
    for x0, top, x1, bottom, text in sorted(words, key=lambda w: w[0]):
        gap = x0 - last_x1 if last_x1 is not None else 0.0
        if out and gap > 0.2 * (bottom - top) and not (cjk(out[-1]) and cjk(text[0])):
            out += " "
        out, last_x1 = out + text, x1
    return out


def line_groups(words: list[Box]) -> list[list[Box]]:
    """Words → the words of each line, top to bottom: a word joins the line whose middle band it overlaps."""
    lines: list[list[Box]] = []
    for w in sorted(words, key=lambda w: (w[1] + w[3]) / 2):
        mid = (w[1] + w[3]) / 2
        if lines and abs(mid - _middle(lines[-1])) < 0.5 * max(w[3] - w[1], 1.0):
            lines[-1].append(w)
        else:
            lines.append([w])
    return lines


def to_line(words: list[Box]) -> Line:
    """The words of one line → a Line."""
    return Line(join_words(words), min(w[0] for w in words), min(w[1] for w in words),
                max(w[2] for w in words), max(w[3] for w in words))


def group_lines(words: list[Box]) -> list[Line]:
    """Words → lines, top to bottom."""
    return [to_line(ws) for ws in line_groups(words)]


def _middle(words: list[Box]) -> float:
    return sum((w[1] + w[3]) / 2 for w in words) / len(words)


def cell_text(words: list[Box]) -> str:
    """The text of one table cell: its lines top to bottom."""
    return "\n".join(line.text for line in group_lines(words))


def _edge_key(line: Line) -> str:
    return re.sub(r"\d+", "#", line.text.strip())


def _edge_lines(page: Page) -> list[Line]:
    """Lines in the top or bottom band of the page that nothing but other edge lines separates from the edge."""
    band = _EDGE_BAND * page.height
    out = []
    for block in page.blocks:  # from the top
        if not isinstance(block, Line) or block.bottom > band:
            break
        out.append(block)
    for block in reversed(page.blocks):  # from the bottom
        if not isinstance(block, Line) or block.top < page.height - band:
            break
        out.append(block)
    return out


def drop_running(pages: list[Page]) -> None:
    """Drop page numbers and running headers/footers (edge lines repeated on at least half the pages)."""
    seen = Counter(key for page in pages for key in {_edge_key(x) for x in _edge_lines(page)})
    repeat = max(2, (len(pages) + 1) // 2)
    for page in pages:
        drop = {id(x) for x in _edge_lines(page) if _PAGE_NUMBER.match(x.text) or seen[_edge_key(x)] >= repeat}
        page.blocks = [b for b in page.blocks if id(b) not in drop]


def _continues(before: TableBlock, after: TableBlock, tolerance: float) -> bool:
    return abs(before.x0 - after.x0) <= tolerance and abs(before.x1 - after.x1) <= tolerance


def join_pages(pages: list[Page], tolerance: float = 3.0) -> list[Block | None]:
    """All blocks in order, None marking a page break; a table that ends one page and starts the next is one table."""
    out: list[Block | None] = []
    for page in pages:
        blocks = list(page.blocks)
        last = out[-2] if len(out) >= 2 and out[-1] is None else None
        if blocks and isinstance(last, TableBlock) and isinstance(blocks[0], TableBlock) \
                and _continues(last, blocks[0], tolerance):
            _append_table(last, blocks.pop(0))
            out.pop()  # no page break inside the table
        out += blocks + [None]
    return out[:-1]


def _append_table(first: TableBlock, second: TableBlock) -> None:
    """Stack `second` below `first` in first's coordinates, so both parts share one column grid."""
    shift = first.bottom - second.top
    first.cells += [(x0, top + shift, x1, bottom + shift, text) for x0, top, x1, bottom, text in second.cells]
    first.bottom = second.bottom + shift
    first.warnings += second.warnings


def table_warnings(blocks: list[Block | None]) -> list[str]:
    """The warnings the tables raised while they were read."""
    return [w for b in blocks if isinstance(b, TableBlock) for w in b.warnings]


def _body_edges(blocks: list[Block | None]) -> tuple[float, float, float]:
    """Left margin, right margin and a typical character size of the flowing text."""
    lines = [b for b in blocks if isinstance(b, Line) and len(b.text) > 8]
    if not lines:
        return 0.0, 0.0, 1.0
    size = sorted(b.bottom - b.top for b in lines)[len(lines) // 2]
    lefts = Counter(round(b.x0 / max(size / 2, 1e-6)) for b in lines)
    left = min(b.x0 for b in lines if round(b.x0 / max(size / 2, 1e-6)) == lefts.most_common(1)[0][0])
    return left, max(b.x1 for b in lines), size


def render(blocks: list[Block | None], tolerance: float = 3.0) -> str:
    """Blocks → text: paragraphs separated by blank lines, wrapped lines and page breaks inside a sentence joined."""
    left, right, size = _body_edges(blocks)
    paras: list[str] = []
    prev: Line | None = None  # the previous line when it ran to the right margin (its paragraph goes on)
    for block in blocks:
        if block is None:
            continue
        if isinstance(block, TableBlock):
            paras.append("\n".join(tab_lines(from_boxes(block.cells, tolerance)[0])))
            prev = None
            continue
        indented = block.x0 > left + 0.8 * size
        starts_point = paras[-1][-1:] in tuple(_SENTENCE_END) and bool(_OPENS_POINT.match(block.text)) if paras else False
        if prev is not None and not indented and paras and not starts_point:
            glue = " " if paras[-1][-1:].isascii() and block.text[:1].isascii() else ""  # Latin words keep a space
            paras[-1] += glue + block.text
        else:
            paras.append(block.text)
        prev = block if block.x1 >= right - 1.5 * size else None
    return "\n\n".join(p for p in paras if p.strip()) + "\n"
