"""The `nianbao collect` run: crawl each URL, extract every document found through the worker pool, write one row a
document (batch's row format plus url, page, title, fetched_at) into a kill-safe, resumable JSON-lines file.

Resume: a URL with a row (its own, or as the page an attachment was found on) is not fetched again; list pages are
always read again. `--refresh` fetches again and replaces a row only when the document's hash changed."""
from __future__ import annotations

import hashlib
import signal
from collections.abc import Callable
from concurrent.futures import Future, wait
from dataclasses import dataclass, field
from pathlib import Path

from service.base.settings import Settings, get_settings
from service.base.version import current_version, report_id
from service.collections.batch import RETRIED, encoded_row
from service.collections.collect.addresses import parse_allow
from service.collections.collect.crawl import Counts, Crawl, Failed, Found
from service.collections.collect.fetch import Fetcher
from service.collections.collect.robots import Robots
from service.collections.collect.screen import screened
from service.collections.resumable import ResumableRun, settled


@dataclass
class Options:
    year: int | None = None
    max_pages: int = 20
    max_docs: int = 0
    refresh: bool = False
    ignore_robots: bool = False
    allow: tuple[str, ...] = ()


@dataclass
class Summary:
    counts: Counts = field(default_factory=Counts)
    written: int = 0
    results: int = 0
    unchanged: int = 0
    codes: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    ignore_robots: bool = False

    def message(self, out: Path) -> str:
        c = self.counts
        head = "已中断" if self.interrupted else "完成"
        text = (f"{head}：发现 {c.found} 个报告链接，下载 {c.fetched} 份，跳过 {c.skipped + self.unchanged} 个，"
                f"拒绝 {c.refused} 个；新写入 {self.written} 行（报告 {self.results} 份），"
                f"共 {self.requests} 次请求，用时 {self.seconds:.1f} 秒，结果写入 {out}")
        if self.codes:
            text += "；错误类型：" + "、".join(f"{k} {n} 个" for k, n in sorted(self.codes.items()))
        if self.ignore_robots:
            text += "；已忽略 robots.txt"
        return text


@dataclass
class _Entry:
    row: dict
    found: Found | None = None
    future: Future | None = None
    lost: bool = False


class Collect(ResumableRun):
    """One run of `urls` into `out`; `pool` has `submit_json(data, name)` (or `submit(data, name, as_json=True)`)."""

    def __init__(self, urls: list[str], out: Path, pool, settings: Settings | None = None,
                 options: Options | None = None, fetcher: Fetcher | None = None) -> None:
        super().__init__(out)
        self.urls, self.pool = list(urls), pool
        self.settings = settings or get_settings()
        self.options = options or Options()
        allow = parse_allow([*self.settings.fetch_allow, *self.options.allow])
        self.fetcher = fetcher or Fetcher(self.settings, allow)
        self.version = current_version(self.settings)
        self.summary = Summary(ignore_robots=self.options.ignore_robots)
        self._rows: dict[str, str | None] = {}  # url -> sha256 of its row
        self._done: set[str] = set()  # urls and pages that need no fetch
        self._progress: Callable[[Counts], None] = lambda counts: None
        self._submit = getattr(pool, "submit_json", None) or (lambda data, name: pool.submit(data, name, as_json=True))

    def _load(self) -> None:
        self.out.repair()
        for row in self.out.rows():
            url = row.get("url")
            if not url:
                continue
            if (row.get("error") or {}).get("code") in RETRIED:
                self._stale = True
                continue
            if url in self._rows:
                self._stale = True
            self._rows[url] = row.get("sha256")
            self._done.add(url)
            if row.get("page"):
                self._done.add(row["page"])

    def _entry(self, item: Found | Failed) -> _Entry | None:
        """The row to write for one crawled item (None: nothing new)."""
        base = {"file": item.url, "url": item.url, "page": item.page, "title": item.title,
                "fetched_at": item.fetched_at}
        if isinstance(item, Failed):
            if item.url in self._rows:
                return None  # accounted for by an earlier run
            return _Entry({**base, "sha256": None, "id": None,
                           "error": {"code": item.code, "message": item.message}})
        sha = hashlib.sha256(item.data).hexdigest()
        if item.url in self._rows and (not self.options.refresh or self._rows[item.url] == sha):
            self.summary.unchanged += 1
            return None
        entry = _Entry({**base, "sha256": sha, "id": report_id(sha, self.version)}, item)
        if len(item.data) > self.settings.max_bytes:
            entry.row["error"] = {"code": "TOO_LARGE", "message": "文件过大，超过了允许的大小上限。"}
        else:
            entry.future = self._submit(item.data, item.name)
        return entry

    def _finished(self, entry: _Entry) -> bool:
        """Settle an entry whose future is done (False: it went once more to a fresh worker)."""
        if entry.future is None:
            return True
        outcome = settled(entry.future, entry.lost)
        if outcome is None:
            entry.lost = True
            entry.future = self._submit(entry.found.data, entry.found.name)
            return False
        entry.row.update(screened(outcome))
        entry.future, entry.found = None, None
        return True

    def _write(self, row: dict) -> None:
        if row["url"] in self._rows:
            self._stale = True
        self._rows[row["url"]] = row.get("sha256")
        self.summary.written += 1
        if "error" in row:
            code = row["error"].get("code", "ERROR")
            self.summary.codes[code] = self.summary.codes.get(code, 0) + 1
        else:
            self.summary.results += 1
        self.out.append(encoded_row(row))

    def _drain(self, block: bool) -> None:
        queue = self.queue
        while queue:
            head = queue[0]
            if head.future is not None and not head.future.done():
                if not block:
                    return
                wait([head.future], timeout=0.25)
                continue
            if self._finished(head):
                self._write(queue.popleft().row)

    def run(self, progress: Callable[[Counts], None] = lambda counts: None) -> Summary:
        self._progress = progress
        return self.run_file()

    def _loop(self) -> None:
        crawl = Crawl(self.fetcher, Robots(self.fetcher, self.options.ignore_robots), self.options.year,
                      self.options.max_pages, self.options.max_docs, self._done, self.options.refresh)
        self.summary.counts = crawl.counts
        for url in self.urls:
            for item in crawl.run(url):
                entry = self._entry(item)
                if entry is not None:
                    self.queue.append(entry)
                self._drain(block=False)
                self._progress(crawl.counts)
            if crawl.full:
                break
        self._drain(block=True)

    def _closing(self) -> None:
        self.summary.requests = self.fetcher.requests

    @staticmethod
    def _key(row: dict):
        """For each URL only its last row stays (a refreshed document's new row replaces the old one)."""
        return row.get("url") or row.get("file")


def main(urls: list[str], out: Path, options: Options, workers: int | None = None,
         settings: Settings | None = None) -> Summary:
    """The `nianbao collect` command: the pool starts loading while the first pages are fetched; progress on stderr."""
    from rich.console import Console

    from service.runtime.pools import open_pool

    settings = settings or get_settings()
    console = Console(stderr=True)
    if options.ignore_robots:
        console.print("[yellow]注意：本次运行忽略 robots.txt（--ignore-robots），只应用于本单位自己的网站。[/]")
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        with open_pool(settings, workers) as pool, console.status("采集中…") as status:
            run = Collect(urls, out, pool, settings, options)
            try:
                return run.run(lambda c: status.update(
                    f"采集中：发现 {c.found}，下载 {c.fetched}，跳过 {c.skipped}，拒绝 {c.refused}，页面 {c.pages}"))
            finally:
                run.fetcher.close()
    finally:
        signal.signal(signal.SIGTERM, previous)
