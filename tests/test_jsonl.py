"""The batch output file: whole rows, synced together (every row, or every `sync_every` seconds and on close)."""
from __future__ import annotations

import json

import pytest

from service.base import jsonl
from service.base.jsonl import ResultsFile, iter_rows


@pytest.fixture
def syncs(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = jsonl.os.fsync
    monkeypatch.setattr(jsonl.os, "fsync", lambda fd: (calls.append(fd), real(fd))[1])
    return calls


@pytest.mark.parametrize("sync_every, after_appends, after_close", [
    (0.0, 5, 5),  # each row synced before append returns; nothing left for close
    (3600.0, 0, 1),  # rows written at once, synced together on close
])
def test_rows_are_synced_as_configured(tmp_path, syncs, sync_every, after_appends, after_close):
    out = ResultsFile(tmp_path / "o.jsonl", sync_every)
    for i in range(5):
        out.append({"file": f"f{i}", "n": i} if i % 2 else json.dumps({"file": f"f{i}", "n": i}).encode() + b"\n")
    assert (tmp_path / "o.jsonl").read_bytes().count(b"\n") == 5  # written whole before any sync
    assert len(syncs) == after_appends
    out.close()
    assert len(syncs) == after_close
    assert [r["n"] for r in iter_rows(tmp_path / "o.jsonl")] == list(range(5))


def test_sync_after_the_interval(tmp_path, syncs, monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(jsonl.time, "monotonic", lambda: clock[0])
    out = ResultsFile(tmp_path / "o.jsonl", 0.5)
    out.append({"n": 1})
    clock[0] += 0.2
    out.append({"n": 2})
    assert syncs == []
    clock[0] += 0.4
    out.append({"n": 3})
    assert len(syncs) == 1
    out.close()
    assert len(syncs) == 1  # nothing written since that sync
