"""Per-document limits shared by the ingesters, each checked before or while the work it bounds is done: a time
budget between pages and cells, page counts, text length as it grows, table grid area, HTML and JSON nesting."""
from __future__ import annotations

import re
import time

from service.base.errors import Timeout, TooComplex, TooLarge, TooManyPages
from service.base.settings import Settings


class Deadline:
    """The time budget of one document; `check()` raises Timeout once it is spent."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.start = time.monotonic()

    @classmethod
    def of(cls, settings: Settings) -> Deadline:
        """A fresh budget of settings.max_seconds."""
        return cls(settings.max_seconds)

    def check(self) -> None:
        """Raise Timeout when the document has taken longer than its budget."""
        if time.monotonic() - self.start > self.seconds:
            raise Timeout(f"处理超时：超过了每份文档 {self.seconds:g} 秒的处理时限。")


def check_pages(pages: int, settings: Settings) -> None:
    """Raise TooManyPages before any page is read."""
    if pages > settings.max_pages:
        raise TooManyPages(f"文档共 {pages} 页，超过了服务允许的上限 {settings.max_pages} 页。")


class TextBudget:
    """The text-length limit, checked while an ingester's text grows (not once it is all in memory)."""

    def __init__(self, settings: Settings) -> None:
        self.limit = settings.max_text_chars
        self.used = 0

    def add(self, text: str) -> str:
        """Count `text` against the budget and return it; raise TooLarge as soon as the document passes the limit."""
        self.count(len(text))
        return text

    def count(self, chars: int) -> None:
        """Count `chars` more characters against the budget."""
        self.used += chars
        if self.used > self.limit:
            raise TooLarge(f"文档文字超过了每份文档 {self.limit} 个字符的上限，已停止读取。")


def check_table_cells(rows: int, cols: int, limit: int) -> None:
    """Raise TooComplex when a table's grid (rows × columns after merges) is larger than `limit` (max_table_cells)."""
    if rows * cols > limit:
        raise TooComplex(f"表格过大：{rows} 行 × {cols} 列（含合并单元格），超过了每张表 {limit} 个单元格的上限。")


# Elements an HTML parser closes by itself (<p><p>, <li><li>, <td><td>) or that never hold children: they do not
# deepen the tree, so the pre-parse count leaves them out.
_SHALLOW = frozenset({"p", "li", "td", "th", "tr", "dt", "dd", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup",
                      "rt", "rp", "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                      "source", "track", "wbr"})
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,15})[^<>]*?(/?)>")


def check_html_depth(html: str, settings: Settings) -> None:
    """Raise TooComplex when elements nest deeper than settings.max_html_depth (one linear scan, before parsing)."""
    depth, deepest, limit = 0, 0, settings.max_html_depth
    if html.count("<") <= limit:
        return  # every level needs a tag of its own
    for m in _TAG.finditer(html):
        if m.group(2).lower() in _SHALLOW or m.group(3):
            continue
        depth = max(0, depth - 1) if m.group(1) else depth + 1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                raise TooComplex(f"网页元素嵌套超过 {limit} 层，结构过于复杂，已拒绝处理。")


def check_json_depth(body: bytes, limit: int) -> None:
    """Raise TooComplex when JSON arrays/objects nest deeper than `limit` (strings skipped; one linear scan)."""
    depth = 0
    if body.count(b"[") + body.count(b"{") <= limit:
        return
    for m in _JSON_TOKEN.finditer(body):
        token = m.group(0)
        if token in (b"[", b"{"):
            depth += 1
            if depth > limit:
                raise TooComplex(f"JSON 嵌套超过 {limit} 层，结构过于复杂，已拒绝处理。")
        elif token in (b"]", b"}"):
            depth -= 1


_JSON_TOKEN = re.compile(rb'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')
