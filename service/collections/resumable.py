"""What `nianbao batch` and `nianbao collect` share: a run into one kill-safe JSON-lines file, its interrupt
(Ctrl-C or `kill` cancels what is still queued), its close (output synced and closed, time measured) and its
compaction (for each key only the last written row stays), and how a finished worker future is settled."""
from __future__ import annotations

import signal
import time
from collections import deque
from concurrent.futures import Future
from pathlib import Path

from service.base.jsonl import ResultsFile
from service.runtime.workers import LOST_TWICE, outcome_of, worker_lost

SYNC_EVERY = 0.5  # seconds between syncs of the output: a power cut costs at most this much work, redone on resume
STOPPED = {"error": {"code": "CANCELLED", "message": "处理被中断，下次运行时会重新处理。"}}


def stopped_by_signal(future: Future) -> bool:
    """True when the worker was ended by Ctrl-C or `kill` (the document is retried later, not blamed)."""
    from pebble import ProcessExpired

    exc = None if future.cancelled() else future.exception(timeout=0)
    return isinstance(exc, ProcessExpired) and exc.exitcode in (-signal.SIGTERM, -signal.SIGINT)


def settled(future: Future, lost_before: bool) -> dict | None:
    """The outcome of a done future; None when its worker died under it for the first time (send it once more)."""
    outcome = STOPPED if stopped_by_signal(future) else outcome_of(future)
    if worker_lost(outcome):
        return dict(LOST_TWICE) if lost_before else None
    return outcome


class ResumableRun:
    """A subclass sets `self.summary` (with `interrupted` and `seconds`), fills `self.queue` with entries that may
    hold a `future`, and defines `_load` (index the rows already written), `_loop` (the work) and `_key` (a row's
    identity for compaction); `run_file()` does the rest."""

    def __init__(self, out: Path) -> None:
        self.out = ResultsFile(out, SYNC_EVERY)
        self.queue: deque = deque()
        self._stale = False  # rows were superseded, duplicated or retried: compact after a complete run

    def _load(self) -> None:
        raise NotImplementedError

    def _loop(self) -> None:
        raise NotImplementedError

    @staticmethod
    def _key(row: dict):
        raise NotImplementedError

    def _closing(self) -> None:
        """Called once the output is closed (a subclass adds its own figures to the summary)."""

    def run_file(self):
        started = time.perf_counter()
        self._load()
        try:
            self._loop()
        except KeyboardInterrupt:
            self.summary.interrupted = True
            for entry in self.queue:
                if entry.future is not None:
                    entry.future.cancel()
        finally:
            self.out.close()
            self.summary.seconds = time.perf_counter() - started
            self._closing()
        if self._stale and not self.summary.interrupted:
            self._compact()
        return self.summary

    def _compact(self) -> None:
        """For each key only its last written row stays (two passes: the rows are never all in memory)."""
        key = self._key
        last = {key(row): i for i, row in enumerate(self.out.rows())}
        self.out.rewrite(row for i, row in enumerate(self.out.rows()) if last[key(row)] == i)
