"""HTML pages as saved from a government site: the report body found among navigation, tables read with spans."""
from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from ..document import Document
from ..errors import NoText
from .grid import place, tab_lines
from .text import decode

_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.I)
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936"}
_DROP = ["script", "style", "noscript", "nav", "header", "footer", "iframe", "form", "button", "select", "svg"]
_BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "tr", "ul", "ol",
          "blockquote", "pre", "hr", "center", "dd", "dt", "caption"}
# Words that open and close the body of an annual report.
_FIRST_CUES = ("总体情况", "年度报告")
_LAST_CUES = ("存在的主要问题", "其他需要报告", "改进情况")


def decode_html(data: bytes) -> tuple[str, str]:
    """Text and encoding: the declared charset (GB2312/GBK read as GB18030), else detected."""
    m = _CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii").lower()
        name = "gb18030" if declared in _GB else declared
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            pass
    return decode(data)


def _span(cell: Tag, name: str, cap: int) -> int:
    """rowspan/colspan as written (junk such as "2px" read as 2), capped so a hostile page cannot blow up."""
    return min(int(re.sub(r"\D", "", str(cell.get(name, "1")))[:4] or 1), cap)


def _table_lines(table: Tag) -> list[str]:
    rows = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue  # a row of a nested table
        row = []
        for cell in tr.find_all(["td", "th"], recursive=False):
            row.append((cell.get_text(" ", strip=True), _span(cell, "rowspan", 100), _span(cell, "colspan", 50)))
        rows.append(row)
    return tab_lines(place(rows))


def _lines(node: Tag) -> list[str]:
    """Text in reading order, block elements on their own lines, tables as TAB rows."""
    out: list[str] = [""]
    for child in node.children:
        if isinstance(child, NavigableString):
            out[-1] += re.sub(r"\s+", " ", str(child)) if child.strip() else ""
        elif isinstance(child, Tag):
            if child.name == "table":
                out += _table_lines(child) + [""]
            elif child.name in _BLOCK:
                inner = _lines(child)
                out += inner + [""] if child.name != "br" else [""]
            else:
                inner = _lines(child)
                out[-1] += inner[0]
                out += inner[1:]
    return out


def _report_body(soup: BeautifulSoup) -> Tag:
    """The smallest element holding both the opening and the closing words of the report, else <body>."""
    root = soup.body or soup
    first = next((s for s in root.find_all(string=True) if any(c in s for c in _FIRST_CUES)), None)
    last = next((s for s in reversed(root.find_all(string=True)) if any(c in s for c in _LAST_CUES)), None)
    if first is None or last is None:
        return root
    ancestors = set(id(p) for p in first.parents)
    for parent in last.parents:
        if id(parent) in ancestors:
            return parent
    return root


def load_html(data: bytes) -> Document:
    """Bytes of an HTML page → Document with the report's text and tables."""
    text, encoding = decode_html(data)
    soup = BeautifulSoup(text, "lxml")
    for tag in soup(_DROP):
        tag.decompose()
    lines = [line.strip(" ") for line in _lines(_report_body(soup))]
    body = "\n".join(line for line in lines if line.strip()).strip()
    if not body:
        raise NoText("网页中没有可读取的文字。")
    return Document(text=body, source="html", encoding=encoding)
