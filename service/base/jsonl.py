"""A kill-safe JSON-lines file: each row is written whole (one append), a torn last line left by a kill is cut off on
the next open, and a rewrite replaces the file atomically. Rows are synced to disk together, at most every
`sync_every` seconds and on close (0: after every row)."""
from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

_TAIL = 1 << 16


def dumps(row: dict) -> bytes:
    """One row as a UTF-8 JSON line (non-ASCII kept readable)."""
    return (json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def iter_rows(path: Path) -> Iterator[dict]:
    """Every parseable row of a JSON-lines file, in order; a torn or garbled line is skipped, never fatal."""
    with Path(path).open("rb") as fh:
        for line in fh:
            if not line.endswith(b"\n"):
                return  # a torn last line: written by a process that was killed
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if isinstance(row, dict):
                yield row


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


class ResultsFile:
    """The output of a batch: rows appended whole, so a SIGKILL loses at most the line being written (what was
    written is the kernel's); synced every `sync_every` seconds, so a power cut loses at most those last rows (a
    resumed batch redoes them)."""

    def __init__(self, path: Path, sync_every: float = 0.0) -> None:
        self.path = Path(path)
        self.sync_every = sync_every
        self._fd: int | None = None
        self._synced = 0.0  # monotonic time of the last sync
        self._dirty = False

    def repair(self) -> int:
        """Cut a torn last line (no trailing newline); returns the number of bytes removed."""
        if not self.path.exists():
            return 0
        size = self.path.stat().st_size
        with self.path.open("r+b") as fh:
            end = size
            while end > 0:
                start = max(0, end - _TAIL)
                fh.seek(start)
                chunk = fh.read(end - start)
                if end == size and chunk.endswith(b"\n"):
                    return 0
                cut = chunk.rfind(b"\n")
                if cut >= 0:
                    keep = start + cut + 1
                    break
                end = start
            else:
                keep = 0
            fh.truncate(keep)
            fh.flush()
            os.fsync(fh.fileno())
        return size - keep

    def rows(self) -> Iterator[dict]:
        """The rows already written (after `repair`)."""
        return iter_rows(self.path) if self.path.exists() else iter(())

    def append(self, row: dict | bytes) -> None:
        """Write one row (a dict, or a line already encoded) whole; sync when `sync_every` has passed."""
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            self._synced = time.monotonic()
        _write_all(self._fd, row if isinstance(row, bytes) else dumps(row))
        self._dirty = True
        if time.monotonic() - self._synced >= self.sync_every:
            self.sync()

    def sync(self) -> None:
        """Make every row written so far durable."""
        if self._fd is not None and self._dirty:
            os.fsync(self._fd)
            self._dirty = False
        self._synced = time.monotonic()

    def rewrite(self, rows: Iterable[dict]) -> None:
        """Replace the file with `rows` atomically (a temporary file synced, then renamed over it)."""
        self.close()
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            for row in rows:
                _write_all(fd, dumps(row))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, self.path)

    def close(self) -> None:
        """Sync and close the append handle."""
        if self._fd is not None:
            try:
                self.sync()
            finally:
                os.close(self._fd)
                self._fd = None
