"""HTML ingestion: a saved government web page → the report body's text, tables as TAB rows."""
from __future__ import annotations

import re

from bs4 import BeautifulSoup, CData, NavigableString, Tag

from service.base.document import Document
from service.base.errors import NoText
from service.base.settings import Settings
from service.core.ingest.grid import place, tab_lines
from service.core.ingest.limits import Deadline, TextBudget, check_html_depth
from service.core.ingest.text import BOMS, decode

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w:.-]+)", re.I)
# GB2312 and GBK pages routinely contain characters only GB18030 covers; it is a superset of both.
_GB_ALIASES = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030", "hz-gb-2312", "euc-cn"}
_DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "iframe", "form", "button",
         "select", "svg", "head")
_BLOCKS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt",
           "dd", "blockquote", "pre", "center", "hr", "br", "tr", "table", "caption", "address", "figure", "body"}
# Part headings of a report: the body is the element that holds all of them.
_HEADINGS = re.compile("总体情况|主动公开政府信息情况|收到和处理政府信息公开申请情况|行政复议、行政诉讼情况"
                       "|存在的主要问题|其他需要报告的事项")
_TITLE = re.compile("年度报告")
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")


def decode_html(data: bytes) -> tuple[str, str]:
    """Bytes → text honouring a BOM, then <meta charset> (GB2312/GBK read as GB18030), then detection."""
    for bom, _ in BOMS:
        if data.startswith(bom):
            return decode(data)
    match = _META_CHARSET.search(data[:4096])
    if match:
        name = match.group(1).decode("ascii", "ignore").lower()
        name = "gb18030" if name in _GB_ALIASES else name
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: fall back to detection
    return decode(data)


def _is_layout_table(table: Tag) -> bool:
    """A table used to lay out a page (nesting tables or paragraphs of prose) is read as blocks, not as rows."""
    if table.find("table"):
        return True
    return any(len(p.get_text(strip=True)) > 150 for p in table.find_all(["p", "div"]))


def _span(tag: Tag, name: str) -> int:
    try:
        return max(1, min(int(str(tag.get(name, "1")).strip() or 1), 1000))
    except ValueError:
        return 1


def _table_lines(table: Tag, max_cells: int) -> list[str]:
    rows = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        rows.append([("\n".join(td.stripped_strings), _span(td, "rowspan"), _span(td, "colspan"))
                     for td in tr.find_all(["td", "th"], recursive=False)])
    return tab_lines(place(rows, max_cells))


class _Writer:
    """Collects flowing text into lines; block boundaries end a line, table rows are written whole."""

    def __init__(self, settings: Settings) -> None:
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.budget = TextBudget(settings)
        self.max_cells = settings.max_table_cells

    def text(self, s: str) -> None:
        self.buf.append(self.budget.add(s))

    def end_line(self) -> None:
        line = _SPACES.sub(" ", "".join(self.buf)).strip()
        self.buf = []
        if line:
            self.lines.append(line)

    def rows(self, rows: list[str]) -> None:
        self.end_line()
        self.lines.append(self.budget.add("\n".join(rows)))


def _walk(node: Tag, out: _Writer, deadline: Deadline) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not comments, CDATA or doctype
                out.text(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        if child.name == "table" and not _is_layout_table(child):
            deadline.check()
            out.rows(_table_lines(child, out.max_cells))
            continue
        block = child.name in _BLOCKS or child.name in ("td", "th")
        if block:
            out.end_line()
        _walk(child, out, deadline)
        if block:
            out.end_line()


def _body(soup: BeautifulSoup) -> Tag:
    """The smallest element holding every body marker, widened while its parent adds little (a title, a date)."""
    root = soup.body or soup
    hits = [s.parent for s in root.find_all(string=_HEADINGS) if isinstance(s.parent, Tag)]
    hits = hits or [s.parent for s in root.find_all(string=_TITLE) if isinstance(s.parent, Tag)][:1]
    if not hits:
        return root
    node = hits[0]
    while node is not root and not all(h is node or node in h.parents for h in hits):
        node = node.parent
    size = _text_size(node)
    while node is not root and node.parent is not None:
        # what the parent adds is its other children: each subtree is measured once, so widening stays linear
        added = sum(_text_size(sibling) for sibling in node.parent.children if sibling is not node)
        if added > max(300, size // 4):
            break
        node, size = node.parent, size + added
    return node


def _text_size(node) -> int:
    """len(node.get_text(strip=True)) for a tag; the stripped length of a text node (comments count nothing)."""
    if isinstance(node, Tag):
        return len(node.get_text(strip=True))
    return len(str(node).strip()) if type(node) in (NavigableString, CData) else 0


def load_html(data: bytes, settings: Settings, deadline: Deadline) -> Document:
    """A web page → Document (source "html"); NoText when the page holds no text at all."""
    text, encoding = decode_html(data)
    check_html_depth(text, settings)
    soup = BeautifulSoup(text, "lxml")
    deadline.check()
    for tag in soup.find_all(_DROP):
        tag.decompose()
    out = _Writer(settings)
    _walk(_body(soup), out, deadline)
    out.end_line()
    if not out.lines:
        raise NoText("网页中没有可读取的文字。")
    warnings = [] if _HEADINGS.search(text) or _TITLE.search(text) else ["网页中未找到年度报告正文，已返回页面全部文字。"]
    return Document(text="\n\n".join(out.lines) + "\n", source="html", encoding=encoding, warnings=warnings)
