"""The batch: many files through the worker pool (or a Dask cluster) into one resumable, kill-safe JSON-lines file.

Rows come out in input order: ``{"file", "sha256", "id", "result"}`` or ``{"file", "sha256", "id", "error"}``
(``id`` is the report id of (sha256, pipeline version); an unreadable file has ``sha256`` and ``id`` null).
A re-run with the same output skips every file whose row has the current id, so a changed file or a new pipeline
version is done again, and a superseded row is removed once its replacement is written.
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
from collections.abc import Callable, Iterable
from concurrent.futures import Future, wait
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from service.base.settings import Settings, get_settings
from service.base.version import current_version, report_id
from service.collections.resumable import ResumableRun, settled

_READ_WHOLE = 1 << 20  # files up to this size are hashed from one read
RETRIED = frozenset({"READ_ERROR", "CANCELLED"})  # rows that say nothing about the document: always tried again


class UsageError(Exception):
    """A mistake in the command line (missing input, nothing to do); the CLI exits non-zero."""


@dataclass
class Summary:
    """What one run did."""

    total: int = 0
    skipped: int = 0
    processed: int = 0
    failed: int = 0
    interrupted: bool = False
    seconds: float = 0.0
    codes: dict[str, int] = field(default_factory=dict)

    def message(self, out: Path) -> str:
        """The closing line in Chinese."""
        rate = self.processed / self.seconds if self.seconds else 0.0
        head = "已中断" if self.interrupted else "完成"
        text = (f"{head}：共 {self.total} 个文件，本次处理 {self.processed} 个（出错 {self.failed} 个），"
                f"跳过已完成 {self.skipped} 个，用时 {self.seconds:.1f} 秒（{rate:.1f} 份/秒），结果写入 {out}")
        if self.codes:
            text += "；错误类型：" + "、".join(f"{c} {n} 个" for c, n in sorted(self.codes.items()))
        if self.interrupted:
            text += "。再次运行同一命令即可从中断处继续"
        return text


def collect(inputs: Iterable[Path], pattern: str = "*") -> list[Path]:
    """Files named, and files under each directory matching `pattern` (sorted, hidden files skipped)."""
    files: list[Path] = []
    for item in inputs:
        item = Path(item)
        if item.is_dir():
            files += sorted(p for p in item.rglob(pattern) if p.is_file() and not p.name.startswith("."))
        elif item.is_file():
            files.append(item)
        else:
            raise UsageError(f"找不到文件或目录：{item}")
    seen: set[str] = set()
    return [p for p in files if not (str(p) in seen or seen.add(str(p)))]


def file_hash(path: Path) -> str:
    """SHA-256 of a file, read in blocks."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


@dataclass
class _Entry:
    path: Path
    sha256: str | None = None
    rid: str | None = None
    future: Future | None = None
    row: dict | None = None  # ready to write; None with no future = already done
    send: bool = False  # planned for the pool, not sent yet
    lost: bool = False  # its first worker died under it; it runs once more


class Batch(ResumableRun):
    """One run over `files` into `out`; `pool` has `submit_path(path) -> Future` (WorkerPool or DaskPool)."""

    def __init__(self, files: list[Path], out: Path, pool, settings: Settings | None = None,
                 retry_errors: bool = False) -> None:
        super().__init__(out)
        self.files, self.pool = files, pool
        self.settings = settings or get_settings()
        self.version = current_version(self.settings)
        self.retry_errors = retry_errors
        size, chunk = getattr(pool, "size", 1), getattr(pool, "chunk", 1)
        # rows are written in input order, so a worker that finishes ahead waits once the window is full: with chunks
        # (Dask) each worker gets four chunks of slack (32 files of 8 left 0.3-1.4 s of worker gaps per 500 reports
        # between tasks, 64 files 0.16-0.31 s, Dask's task stream under load)
        self.window = max(32, 16 * size, 4 * chunk * size)
        # files planned and sent at a time: a pool sending documents in chunks (Dask) gets a chunk's worth, but
        # never so many that a short batch leaves a worker without work
        self.group = max(1, min(chunk, -(-len(files) // (2 * size))))
        self.summary = Summary(total=len(files))
        self._done: dict[str, str | None] = {}  # file -> id of the row kept for it
        self._advance: Callable[[bool], None] = lambda skipped: None

    def _load(self) -> None:
        """Repair a torn tail and index the rows already written."""
        self.out.repair()
        for row in self.out.rows():
            code = (row.get("error") or {}).get("code")
            if code in RETRIED or (code and self.retry_errors) or not row.get("sha256"):
                self._stale = True
                continue
            if row.get("file") in self._done:
                self._stale = True
            self._done[row.get("file")] = row.get("id")

    def _plan(self, path: Path) -> _Entry:
        """Hash one file and decide: skip it, record it as unreadable or too large, or send it to the pool (the
        entry then has neither a row nor a future yet: `_send` gives it one)."""
        entry = _Entry(path)
        try:
            with path.open("rb") as fh:  # one open: its size and its digest
                size = os.fstat(fh.fileno()).st_size
                # a small file in one read; file_digest's fresh 256 KB buffer per file costs more than the hash
                digest = hashlib.sha256(fh.read()) if size <= _READ_WHOLE else hashlib.file_digest(fh, "sha256")
                entry.sha256 = digest.hexdigest()
        except OSError as exc:
            entry.row = _error(path, None, None, "READ_ERROR", f"无法读取文件：{exc.strerror or exc}")
            return entry
        entry.rid = report_id(entry.sha256, self.version)
        key = str(path)
        if key in self._done:
            if self._done[key] == entry.rid:
                self.summary.skipped += 1
                return entry
            self._stale = True
        if size > self.settings.max_bytes:
            entry.row = _error(path, entry.sha256, entry.rid, "TOO_LARGE", "文件过大，超过了允许的大小上限。")
        else:
            entry.send = True
        return entry

    def _send(self, entries: list[_Entry]) -> None:
        """Give each entry planned for the pool its future; a pool with `submit_paths` (Dask) gets them together,
        so it can send several documents in one task."""
        todo = [e for e in entries if e.send]
        many = getattr(self.pool, "submit_paths", None)
        if many is not None and len(todo) > 1:
            futures = many([e.path for e in todo], as_json=True)
        else:
            futures = [self.pool.submit_path(e.path, as_json=True) for e in todo]
        for entry, future in zip(todo, futures):
            entry.future, entry.send = future, False

    def _settle(self, entry: _Entry) -> bool:
        """Make the row of an entry whose future is done (False: its worker died under it, so it went once more
        to a fresh worker)."""
        if entry.future is None:
            return True
        outcome = settled(entry.future, entry.lost)
        if outcome is None:
            entry.lost = True
            entry.future = self.pool.submit_path(entry.path, as_json=True)
            return False
        entry.row = {"file": str(entry.path), "sha256": entry.sha256, "id": entry.rid, **outcome}
        return True

    def _write(self, row: dict) -> None:
        self.out.append(encoded_row(row))
        self._done[row["file"]] = row.get("id")
        self.summary.processed += 1
        if "error" in row:
            self.summary.failed += 1
            code = row["error"].get("code", "ERROR")
            self.summary.codes[code] = self.summary.codes.get(code, 0) + 1

    def run(self, advance: Callable[[bool], None] = lambda skipped: None) -> Summary:
        """Process every file not done yet, writing rows in input order; Ctrl-C stops cleanly.

        `advance(skipped)` is called once per file, with True for a file already done by an earlier run."""
        self._advance = advance
        return self.run_file()

    def _loop(self) -> None:
        queue, todo = self.queue, iter(self.files)
        while True:
            while len(queue) + self.group <= self.window and (group := list(islice(todo, self.group))):
                planned = [self._plan(path) for path in group]
                self._send(planned)
                queue.extend(planned)
            if not queue:
                break
            head = queue[0]
            if head.future is not None and not head.future.done():
                wait([head.future], timeout=0.25)
                continue
            if not self._settle(head):
                continue
            row = queue.popleft().row
            if row is not None:
                self._write(row)
            self._advance(row is None)

    @staticmethod
    def _key(row: dict):
        """Compaction keeps, for each file, its last written row."""
        return row.get("file")


def encoded_row(row: dict) -> dict | bytes:
    """The row's line; a result the worker already serialised is spliced in as it is (no decode, no re-encode)."""
    raw = row.pop("result_json", None)
    if raw is None:
        return row
    head = json.dumps(row, ensure_ascii=False, separators=(",", ":"))[:-1]
    raw = raw if isinstance(raw, bytes) else raw.encode()  # a Dask worker may hand back text
    return head.encode() + b',"result":' + raw + b"}\n"


def _without_output(files: list[Path], out: Path) -> list[Path]:
    """`files` less the output and its temporary file (the output may sit inside an input folder). Only a file named
    like them, or a symbolic link, can resolve to them: the others are not resolved (500 files cost 2,000 lstat
    calls)."""
    own = {out.resolve(), Path(f"{out}.tmp").resolve()}
    names = {p.name for p in own} | {out.name, f"{out.name}.tmp"}
    return [f for f in files if not ((f.name in names or f.is_symlink()) and f.resolve() in own)]


def _error(path: Path, sha256: str | None, rid: str | None, code: str, message: str) -> dict:
    return {"file": str(path), "sha256": sha256, "id": rid, "error": {"code": code, "message": message}}


def _progress():
    import rich.progress as rp
    from rich.console import Console
    from rich.text import Text

    class Rate(rp.ProgressColumn):
        def render(self, task) -> Text:
            return Text(f"{task.speed or 0:.1f} 份/秒")

    return rp.Progress(rp.TextColumn("[bold]{task.description}"), rp.BarColumn(), rp.MofNCompleteColumn(), Rate(),
                       rp.TextColumn("已用"), rp.TimeElapsedColumn(), rp.TextColumn("剩余"), rp.TimeRemainingColumn(),
                       console=Console(stderr=True), speed_estimate_period=20,
                       refresh_per_second=4)  # 4 redraws a second: the bar keeps up and costs the workers less CPU


def _advance(progress, task, skipped: bool) -> None:
    """One file more: a skipped one shrinks the total instead, so rate and ETA count only real work."""
    if skipped:
        total = next(t.total for t in progress.tasks if t.id == task)
        progress.update(task, total=total - 1)
    else:
        progress.advance(task, 1)


def main(inputs: list[Path], out: Path, workers: int | None = None, pattern: str = "*",
         scheduler: str | None = None, retry_errors: bool = False, settings: Settings | None = None) -> Summary:
    """The `nianbao batch` command: open the pool (its workers load their models while this process collects the
    files and reads the earlier output), then run with a progress bar and return the summary."""
    from service.runtime.pools import open_pool

    settings = settings or get_settings()
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)  # `kill` stops as cleanly as Ctrl-C
    try:
        try:
            pool = open_pool(settings, workers, scheduler)
        except ConnectionError as exc:
            raise UsageError(str(exc)) from exc
        with pool:
            files = _without_output(collect(inputs, pattern), Path(out))
            if not files:
                raise UsageError("没有找到要处理的文件（请检查路径和 --glob）。")
            batch = Batch(files, out, pool, settings, retry_errors)
            with _progress() as progress:
                task = progress.add_task("抽取中", total=len(files))
                return batch.run(lambda skipped: _advance(progress, task, skipped))
    finally:
        signal.signal(signal.SIGTERM, previous)
