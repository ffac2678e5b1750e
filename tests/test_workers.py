"""The worker pool answers every document with an outcome dict: a result or a coded error, never an exception."""
from __future__ import annotations

import time

import pytest

from service.base.settings import Settings
from service.runtime.workers import WorkerPool, outcome_of

REPORT = "某某县统计局2023年政府信息公开工作年度报告\n一、总体情况\n本机关收到政府信息公开申请3件。\n"


@pytest.fixture(scope="module")
def pool():
    with WorkerPool(1, Settings(use_models=False)) as p:
        yield p


@pytest.mark.parametrize(("data", "expected"), [
    (REPORT.encode(), "result"),
    (b"", "EMPTY_INPUT"),
    (b"\x00\x01\x02\xff" * 64, "UNDECODABLE"),
])
def test_outcomes(pool, data, expected):
    outcome = pool.run(data, "x.txt")
    got = "result" if "result" in outcome else outcome["error"]["code"]
    assert got == expected
    if expected == "result":
        assert outcome["result"]["report"]["year"] == 2023


def test_unreadable_path_is_an_error_row(pool, tmp_path):
    future = pool.submit_path(tmp_path / "missing.txt")
    assert future.result()["error"]["code"] == "READ_ERROR"


def _slow_text() -> bytes:
    """Many counts in one line: seconds of honest (linear) work, far beyond a 1-second deadline."""
    return ("三百二十件十余次" * 60_000).encode()


def _inflating_html() -> bytes:
    """A small page whose spans ask for ~10 million grid positions when no grid-area limit stops them."""
    row = "<tr>" + '<td colspan="1000">1</td>' * 500 + "</tr>"
    return ("<html><body><table>" + row * 20 + "</table></body></html>").encode()


@pytest.mark.parametrize(("settings", "data", "code", "within"), [
    (Settings(use_models=False, max_seconds=1, max_text_chars=10**7), _slow_text(), "TIMEOUT", 1 + 5),
    (Settings(use_models=False, worker_memory_mb=900, max_table_cells=10**10, max_text_chars=10**9),
     _inflating_html(), "TOO_COMPLEX", 60),
])
def test_hard_limits_end_the_document_not_the_pool(settings, data, code, within):
    with WorkerPool(1, settings) as pool:
        started = time.monotonic()
        outcome = pool.run(data)
        assert outcome["error"]["code"] == code
        assert time.monotonic() - started < within
        after = pool.run(REPORT.encode(), "x.txt")  # the worker recovered (or was replaced)
        assert after["result"]["report"]["year"] == 2023
        if code == "TIMEOUT":  # the deadline stops the document inside the worker: no model reload
            assert pool.status()["starts"] == 1


def test_cancel_ends_a_running_document_and_status_counts(pool):
    future = pool.submit(_slow_text())
    time.sleep(0.5)
    assert pool.pending >= 1
    future.cancel()
    assert outcome_of(future)["error"]["code"] == "CANCELLED"
    assert pool.run(REPORT.encode(), "x.txt")["result"]["report"]["year"] == 2023
    status = pool.status()
    assert status["pending"] == 0 and status["alive"] == 1 and status["loaded"] >= 1


def test_a_worker_hands_over_a_large_result_without_waiting_for_the_parent():
    """The pool's one-way pipes hold several reports' JSON (~60 KB each): a write of 300 KB that nobody reads yet
    goes through at once (with 64 KB pipes a worker blocked until the parent, busy on the same cores, read)."""
    import os

    from service.runtime.workers import _spawn_context

    reader, writer = _spawn_context().Pipe(duplex=False)
    try:
        os.set_blocking(writer.fileno(), False)
        writer.send_bytes(b"x" * 300_000)  # BlockingIOError when the pipe is too small
        assert len(reader.recv_bytes()) == 300_000
    finally:
        reader.close()
        writer.close()
