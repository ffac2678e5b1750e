"""Reading a fetched page with lxml: its links (title, URL), which of them name an annual report, the list's
pagination, a detail page's attachments, and whether the page itself carries a report body."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urldefrag, urljoin, urlsplit

import lxml.html

from service.core.ingest.html import decode_html

DOC_EXTS = (".pdf", ".doc", ".docx", ".wps", ".txt", ".ofd", ".htm", ".html", ".shtml")
ATTACH_EXTS = (".pdf", ".docx", ".doc", ".wps", ".txt", ".ofd")
PREFERRED = (".pdf", ".docx", ".txt", ".doc", ".wps", ".ofd")  # one attachment per report: the first readable form
NEXT_WORDS = {"下一页", "下页", "后一页", "下一页>", "下一页>>", ">", ">>", "›", "»"}
_CHROME = ("nav", "menu", "footer", "foot", "breadcrumb", "crumb", "sidebar", "related", "xgwz", "friend", "share",
           "position", "location", "header", "topbar", "copyright", "dqwz")
_CHROME_TAGS = {"nav", "header", "footer", "aside", "script", "style", "noscript", "template"}
# Part headings of the 2021/2019 forms: a page that prints several of them carries a report body.
PART_HEADINGS = ("总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "行政复议、行政诉讼情况",
                 "存在的主要问题", "其他需要报告的事项")
_YEAR = re.compile(r"(20\d\d|19\d\d)\s*年")
_CN_YEAR = re.compile(r"([二〇零○一三四五六七八九]{4})\s*年")
# a notice, plan or letter about the reports, not a report: its title ends with what it is
_NOTICE = re.compile(r"(通知|通告|公告|通报|公示|批复|函|方案|要点|意见|办法|规定|名单|评估结果|考核结果|情况的说明)\s*$")
_PAGE_SCRIPT = re.compile(r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([\w-]+)['\"]\s*,"
                          r"\s*['\"](\w+)['\"]")


_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"  # non-ASCII and spaces are percent-encoded, the rest kept


@dataclass(frozen=True)
class Link:
    url: str
    title: str


def year_of(text: str) -> int | None:
    """The first year a title names (2023年, 2023年度, 二〇二三年)."""
    match = _YEAR.search(text)
    if match:
        return int(match.group(1))
    match = _CN_YEAR.search(text)
    if match:
        digits = match.group(1).translate(str.maketrans("〇零○一二三四五六七八九", "000123456789"))
        if digits.isdigit() and 1990 <= int(digits) <= 2099:
            return int(digits)
    return None


def names_report(text: str, need_year: bool = True) -> bool:
    """Does a title or file name name a 政府信息公开 annual report (信息公开 + 年度报告/年报 [+ a year])?"""
    text = re.sub(r"\s+", "", text)
    if "信息公开" not in text or not ("年度报告" in text or "年报" in text):
        return False
    return year_of(text) is not None or not need_year


def is_notice(title: str) -> bool:
    """A title that names a report but is a notice, plan or letter about reports (通知, 公告, 方案 …)."""
    text = re.sub(r"\s+", "", title)
    text = re.sub(r"[（(\[【].*?[)）\]】]$|\.\w{2,5}$|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$", "", text)
    return bool(_NOTICE.search(text)) or text.startswith(("关于印发", "关于报送", "关于做好", "关于开展", "关于转发"))


def same_site(a: str, b: str) -> bool:
    """Same scheme-less host and port, or both under one registrable government domain (x.huaian.gov.cn)."""
    pa, pb = urlsplit(a), urlsplit(b)
    ha, hb = (pa.hostname or "").rstrip("."), (pb.hostname or "").rstrip(".")
    if ha == hb and _port(pa) == _port(pb):
        return True
    return bool(_gov_domain(ha)) and _gov_domain(ha) == _gov_domain(hb)


def _port(parts) -> int | None:
    try:
        return parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return None


def _gov_domain(host: str) -> str | None:
    labels = host.split(".")
    if host.endswith(".gov.cn") and len(labels) >= 3:
        return ".".join(labels[-3:])
    return None


def normal(url: str) -> str:
    """A URL without its fragment (the key a link is fetched once by)."""
    return quote(urldefrag(url.strip())[0], safe=_URL_SAFE)


def _ext(url: str) -> str:
    path = unquote(urlsplit(url).path).lower()
    dot = path.rfind(".")
    return path[dot:] if dot > path.rfind("/") else ""


def is_document_url(url: str) -> bool:
    return _ext(url) in ATTACH_EXTS


class Page:
    """A fetched HTML page, parsed once."""

    def __init__(self, body: bytes, url: str, charset: str | None = None) -> None:
        self.url = url
        self.text = _decode(body, charset)
        try:
            parser = lxml.html.HTMLParser(encoding="utf-8")
            self.tree = lxml.html.document_fromstring((self.text or "<html></html>").encode("utf-8"), parser=parser)
        except (lxml.etree.ParserError, ValueError):
            self.tree = lxml.html.document_fromstring("<html></html>")
        self.title = " ".join((self.tree.findtext(".//title") or "").split())
        self.anchors = self._anchors()
        self._strip_chrome()
        self.main_anchors = self._anchors()
        self.body_text = " ".join(self.tree.text_content().split())

    def _anchors(self) -> list[Link]:
        out = []
        for a in self.tree.iter("a"):
            href = (a.get("href") or "").strip()
            if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
                continue
            title = " ".join((a.get("title") or a.text_content() or "").split())
            shown = " ".join(a.text_content().split())
            out.append(Link(normal(urljoin(self.url, href)), title if len(title) >= len(shown) else shown))
        return out

    def _strip_chrome(self) -> None:
        for el in list(self.tree.iter()):
            if not isinstance(el.tag, str) or el.getparent() is None:
                continue
            tokens = f"{el.get('class') or ''} {el.get('id') or ''}".lower().replace("-", " ").replace("_", " ").split()
            if el.tag in _CHROME_TAGS or any(t in _CHROME or t.startswith(("nav", "menu", "foot")) for t in tokens):
                el.drop_tree()

    def report_links(self) -> list[Link]:
        """Links in the page's content (chrome dropped) whose title or URL names an annual report of some year."""
        out, seen = [], set()
        for link in self.main_anchors:
            name = f"{link.title} {unquote(urlsplit(link.url).path)}"
            if link.url != normal(self.url) and link.url not in seen and names_report(name):
                seen.add(link.url)
                out.append(link)
        return out

    def pagination(self) -> list[str]:
        """Further list pages: 下一页 links, numbered page links, and the index_N.html pages of a createPageHTML script."""
        out = []
        for link in self.anchors:
            text = link.title.strip()
            if text in NEXT_WORDS or (text.isdigit() and int(text) < 1000 and _looks_paged(link.url)):
                out.append(link.url)
        for script in self.tree.iter("script"):
            match = _PAGE_SCRIPT.search(script.text or "")
            if match:
                total, name, ext = int(match.group(1)), match.group(3), match.group(4)
                out += [urljoin(self.url, f"{name}_{i}.{ext}") for i in range(1, min(total, 1000))]
        return list(dict.fromkeys(normal(u) for u in out if normal(u) != normal(self.url)))

    def attachments(self) -> list[Link]:
        """Document links in the content, those named like a report first."""
        return [link for link in self.main_anchors if _ext(link.url) in ATTACH_EXTS or _ext(link.title) in ATTACH_EXTS]

    def report_attachments(self) -> list[Link]:
        """The attachment(s) that are the report: named like one (year optional, the page names it), else the only
        attachment of a page without a report body; one per year, in the preferred format."""
        found = self.attachments()
        named = [a for a in found if names_report(f"{a.title} {unquote(urlsplit(a.url).path)}", need_year=False)
                 and not is_notice(a.title)]
        if not named and len(found) == 1 and not self.has_body():
            named = found
        best: dict[int | None, Link] = {}
        for link in named:
            year = year_of(link.title)
            rank = _rank(link)
            if year not in best or rank < _rank(best[year]):
                best[year] = link
        return list(best.values())

    def has_body(self) -> bool:
        """Does the page print at least three of the report's part headings (an inline report)?"""
        return sum(h in self.body_text for h in PART_HEADINGS) >= 3


def _rank(link: Link) -> int:
    ext = _ext(link.url) if _ext(link.url) in ATTACH_EXTS else _ext(link.title)
    return PREFERRED.index(ext) if ext in PREFERRED else len(PREFERRED)


def _looks_paged(url: str) -> bool:
    path = urlsplit(url).path.rsplit("/", 1)[-1]
    return bool(re.search(r"(index|list|page)[_-]?\d+\.\w+$", path)) or "page=" in urlsplit(url).query


def _decode(body: bytes, charset: str | None) -> str:
    """HTTP charset when it decodes the bytes, else the page's own meta charset or detection (ingest's reader)."""
    if charset:
        name = charset.lower()
        name = "gb18030" if name in ("gb2312", "gbk", "x-gbk", "cp936") else name
        try:
            if not body.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
                return body.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return decode_html(body)[0]
    except Exception:
        return body.decode("utf-8", "replace")
