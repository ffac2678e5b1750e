"""jieba's prefix dictionary (with the domain words) read one first character at a time, when a text first needs it.

jieba keeps every word and word prefix in one dict (~500,000 entries): building it from its cache is ~0.17 s of a
worker's start-up, and the name windows of a whole batch of reports start words with ~600 of its ~12,000 first
characters, under which sit ~40% of the entries. `PrefixDict.open(cache)` maps a derived file instead: the same
entries grouped by first character, each group a marshal blob, behind an index. `bucket(ch)` is the dict of the
entries that begin with `ch`, unmarshalled on first use and kept. A word's frequency, a prefix's 0 and an absent
fragment's None are what jieba's FREQ gives, and `total` is its total, so `Segmenter` cuts word for word as
`jieba.cut` does (tests/test_segment.py holds it to that on both).

The derived file is built once per machine from jieba's own dictionary after `load_userdict` (models/nlp.py), under a
name that changes with jieba's version, its dictionary file and the domain dictionary, written whole then renamed.
"""
from __future__ import annotations

import hashlib
import logging
import marshal
import mmap
import os
import struct
import tempfile
from pathlib import Path

log = logging.getLogger("nianbao")
FORMAT = b"nianbao-jieba-prefix/1\n"


class PrefixDict:
    """The prefix dictionary as buckets by first character; `total` is jieba's total frequency."""

    def __init__(self, total: int, index: dict[str, tuple[int, int]], data, force_split: list[str]) -> None:
        self.total = total
        self.force_split = force_split  # words the domain dictionary gives frequency 0: jieba's HMM splits them
        self._index, self._data = index, data
        self.loaded: dict[str, dict[str, int]] = {}  # first character → its entries (read so far)

    def bucket(self, ch: str) -> dict[str, int]:
        """The entries whose first character is `ch` (an empty dict when there are none)."""
        found = self.loaded.get(ch)
        if found is None:
            at = self._index.get(ch)
            found = marshal.loads(self._data[at[0]:at[1]]) if at is not None else {}
            self.loaded[ch] = found
        return found

    @classmethod
    def of(cls, freq: dict[str, int], total: int, force_split: list[str] = ()) -> PrefixDict:
        """From a loaded jieba tokenizer's FREQ and total, in memory."""
        blob, index = _blobs(freq)
        return cls(total, index, blob, list(force_split))

    @classmethod
    def open(cls, path: Path) -> PrefixDict | None:
        """The derived file at `path` mapped (None when absent, torn or of another format)."""
        try:
            with open(path, "rb") as fh:
                data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            if data[:len(FORMAT)] != FORMAT:
                return None
            start = len(FORMAT) + 8
            (size,) = struct.unpack("<Q", data[len(FORMAT):start])
            total, index, force_split, length = marshal.loads(data[start:start + size])
            if len(data) != start + size + length or not isinstance(index, dict):
                return None
            base = start + size
            return cls(total, {ch: (base + a, base + b) for ch, (a, b) in index.items()}, data, force_split)
        except (OSError, ValueError, EOFError, TypeError, struct.error):
            return None


def _blobs(freq: dict[str, int]) -> tuple[bytes, dict[str, tuple[int, int]]]:
    """The entries grouped by first character and marshalled one group after another; (bytes, char → span)."""
    groups: dict[str, dict[str, int]] = {}
    for word, f in freq.items():
        groups.setdefault(word[0], {})[word] = f
    parts, index, at = [], {}, 0
    for ch in sorted(groups):
        blob = marshal.dumps(groups[ch])
        parts.append(blob)
        index[ch] = (at, at + len(blob))
        at += len(blob)
    return b"".join(parts), index


def write(path: Path, freq: dict[str, int], total: int, force_split: list[str]) -> None:
    """Write the derived file whole, then rename it into place (a reader never sees half a file)."""
    blob, index = _blobs(freq)
    head = marshal.dumps((total, index, sorted(force_split), len(blob)))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(FORMAT + struct.pack("<Q", len(head)) + head + blob)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise


def file_name(default_dict: Path, user_dict: Path, version: str) -> str:
    """The derived file's name: it changes with jieba's version, its dictionary file and the domain dictionary."""
    stat = Path(default_dict).stat()
    key = hashlib.sha256(f"{FORMAT!r}{version}{stat.st_size}:{stat.st_mtime_ns}".encode())
    key.update(Path(user_dict).read_bytes())
    return f"jieba-prefix-{key.hexdigest()[:16]}.bin"
