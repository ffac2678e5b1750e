"""The crawl of one URL: a list page (its report links and pagination), a detail page (its report attachment, else
its own body) or a document. Yields `Found` documents and `Failed` rows; never raises for a fetch. A job runner
calls `Crawl.run(url)` per URL and hands each Found to extraction."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit

from service.base.errors import FetchRefused, NianbaoError, NotAReport
from service.collections.collect.fetch import Fetcher, Response
from service.collections.collect.pages import Link, Page, is_document_url, is_notice, normal, same_site, year_of
from service.collections.collect.robots import Robots

HTML_TYPES = ("text/html", "application/xhtml+xml")


def file_name(url: str) -> str:
    """A file name for the pipeline: the URL's last path segment (page.html for a page without one)."""
    last = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    return last if "." in last else "page.html"


@dataclass
class Found:
    """A document to extract: its bytes, its own URL, the page it was found on, the link's title, the fetch time."""

    data: bytes
    url: str
    page: str | None
    title: str
    fetched_at: str

    @property
    def name(self) -> str:
        return file_name(self.url)


@dataclass
class Failed:
    """A link that gave no document: refused, failed, not a report; its code is an error code of base/errors.py."""

    url: str
    page: str | None
    title: str
    code: str
    message: str
    fetched_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))


@dataclass
class Counts:
    found: int = 0  # report links and documents met
    fetched: int = 0  # documents downloaded
    skipped: int = 0  # met again, another year, already done
    refused: int = 0  # FETCH_REFUSED and ROBOTS
    pages: int = 0  # list and detail pages read


def _is_html(resp: Response) -> bool:
    if resp.content_type in HTML_TYPES:
        return True
    head = resp.body[:512].lstrip().lower()
    return not resp.content_type.startswith(("application/pdf", "application/msword", "application/vnd")) and \
        head.startswith((b"<!doctype html", b"<html", b"<head", b"<meta"))


class Crawl:
    """Shared by every URL of one run: links met once, `done` links (from the out file) not fetched again."""

    def __init__(self, fetcher: Fetcher, robots: Robots, year: int | None = None, max_pages: int = 20,
                 max_docs: int = 0, done: set[str] | frozenset = frozenset(), refresh: bool = False) -> None:
        self.fetcher, self.robots = fetcher, robots
        self.year, self.max_pages, self.max_docs = year, max_pages, max_docs
        self.done, self.refresh = done, refresh
        self.seen: set[str] = set()
        self.counts = Counts()

    @property
    def full(self) -> bool:
        return bool(self.max_docs) and self.counts.fetched >= self.max_docs

    def _permit(self, seed: str):
        def permit(url: str) -> None:
            if not same_site(url, seed):
                raise FetchRefused(f"不在所给网站范围内：{urlsplit(url).netloc}")
            self.robots.check(url)
        return permit

    def _get(self, url: str, seed: str, page: str | None, title: str) -> Response | Failed:
        try:
            return self.fetcher.get(url, self._permit(seed))
        except NianbaoError as err:
            if err.code in ("FETCH_REFUSED", "ROBOTS"):
                self.counts.refused += 1
            return Failed(url, page, title, err.code, err.message)

    def run(self, seed: str) -> Iterator[Found | Failed]:
        """Everything one URL leads to."""
        seed = normal(seed)
        self.seen.add(seed)
        if seed in self.done and not self.refresh and is_document_url(seed):
            self.counts.skipped += 1
            return
        got = self._get(seed, seed, None, "")
        if isinstance(got, Failed):
            yield got
            return
        if not _is_html(got):
            self.counts.found += 1
            self.counts.fetched += 1
            yield Found(got.body, seed, None, "", got.fetched_at)
            return
        page = Page(got.body, got.url, got.charset)
        self.counts.pages += 1
        links, more = page.report_links(), page.pagination()
        if page.has_body() or (not more and (not links or links == page.report_attachments())):
            self.counts.found += 1
            yield from self._detail(seed, page, got, None, page.title, seed)
            return
        yield from self._list(seed, page)

    def _list(self, seed: str, first: Page) -> Iterator[Found | Failed]:
        queue, read = [first], 1
        while queue and not self.full:
            page = queue.pop(0)
            for link in page.report_links():
                if self.full:
                    return
                yield from self._link(link, page.url, seed)
            for url in page.pagination():
                if url in self.seen or read >= self.max_pages:
                    continue
                self.seen.add(url)
                got = self._get(url, seed, page.url, "")
                read += 1
                if isinstance(got, Failed):
                    yield got
                elif _is_html(got):
                    self.counts.pages += 1
                    queue.append(Page(got.body, got.url, got.charset))

    def _screened(self, link: Link, page: str, seed: str) -> Failed | bool | None:
        """Before any request: a row for a notice or another site, True to skip silently, None to fetch."""
        if link.url in self.seen:
            return True
        self.seen.add(link.url)
        self.counts.found += 1
        year = year_of(link.title)
        if self.year and year and year != self.year:
            self.counts.skipped += 1
            return True
        if link.url in self.done and not self.refresh:
            self.counts.skipped += 1
            return True
        if is_notice(link.title):
            self.counts.skipped += 1
            return Failed(link.url, page, link.title, NotAReport.code, f"标题表明这是通知或公告，不是年度报告：{link.title[:60]}")
        if not same_site(link.url, seed):
            self.counts.refused += 1
            return Failed(link.url, page, link.title, FetchRefused.code, f"不在所给网站范围内：{urlsplit(link.url).netloc}")
        return None

    def _link(self, link: Link, page: str, seed: str) -> Iterator[Found | Failed]:
        screened = self._screened(link, page, seed)
        if screened is True:
            return
        if screened is not None:
            yield screened
            return
        got = self._get(link.url, seed, page, link.title)
        if isinstance(got, Failed):
            yield got
        elif not _is_html(got):
            self.counts.fetched += 1
            yield Found(got.body, link.url, page, link.title, got.fetched_at)
        else:
            self.counts.pages += 1
            yield from self._detail(link.url, Page(got.body, got.url, got.charset), got, page, link.title, seed)

    def _detail(self, url: str, page: Page, got: Response, found_on: str | None, title: str,
                seed: str) -> Iterator[Found | Failed]:
        """A detail page: its report attachment(s) when there are any, else the page itself (the pipeline reads
        the article body and leaves the chrome)."""
        attachments = page.report_attachments()
        for link in attachments:
            if self.full:
                return
            yield from self._link(Link(link.url, link.title or title), url, seed)
        if not attachments:
            self.counts.fetched += 1
            yield Found(got.body, url, found_on or url, title or page.title, got.fetched_at)

