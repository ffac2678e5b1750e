"""A worker that dies under a document without the document's fault is WORKER_LOST and gets one more try on a fresh
worker, in the batch and in POST /v1/extract; a document that ends two workers is TOO_COMPLEX. One test kills a real
worker process from outside."""
from __future__ import annotations

import json
import os
import signal
import time
from concurrent.futures import Future

import pytest
from fastapi.testclient import TestClient
from pebble import ProcessExpired

from service.app import create_app
from service.base.settings import Settings
from service.collections.batch import Batch
from service.runtime.workers import WorkerPool, outcome_of
from tests.fixtures.corpus import report_texts, write_reports
from tests.fixtures.killing import kill_when_busy

SETTINGS = Settings(use_models=False)


def _lost() -> Future:
    future: Future = Future()
    future.set_exception(ProcessExpired("killed", -9))
    return future


class _Losing:
    """The real pool, except that the first `lose` submissions come back with their worker dead."""

    def __init__(self, pool, lose: int) -> None:
        self.pool, self.lose, self.calls = pool, lose, 0
        self.size, self.deadline, self.capacity = pool.size, pool.deadline, pool.capacity

    def _maybe(self, submit, *args, **kwargs) -> Future:
        self.calls += 1
        return _lost() if self.calls <= self.lose else submit(*args, **kwargs)

    def submit_path(self, path, as_json=False):
        return self._maybe(self.pool.submit_path, path, as_json=as_json)

    def submit_json(self, data, filename=None):
        return self._maybe(self.pool.submit_json, data, filename)

    @property
    def full(self) -> bool:
        return False

    def status(self) -> dict:
        return self.pool.status()

    def close(self) -> None:
        pass


@pytest.fixture(scope="module")
def pool():
    with WorkerPool(1, SETTINGS) as p:
        yield p


def test_a_dead_worker_is_worker_lost_not_too_complex():
    assert outcome_of(_lost())["error"]["code"] == "WORKER_LOST"


@pytest.mark.parametrize(("lose", "code"), [(1, None), (2, "TOO_COMPLEX")])
def test_the_batch_retries_a_lost_worker_once(tmp_path, pool, lose, code):
    files = write_reports(tmp_path / "in", 1)
    out = tmp_path / "out.jsonl"
    losing = _Losing(pool, lose)
    Batch(files, out, losing, SETTINGS).run()
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 1 and losing.calls == 2
    assert (rows[0].get("error") or {}).get("code") == code
    assert ("result" in rows[0]) == (code is None)


@pytest.mark.parametrize(("lose", "status", "code"), [(1, 200, None), (2, 422, "TOO_COMPLEX")])
def test_extract_retries_a_lost_worker_once(pool, lose, status, code):
    losing = _Losing(pool, lose)
    with TestClient(create_app(SETTINGS, pool=losing)) as client:
        resp = client.post("/v1/extract", content=report_texts(1, seed=4)[0].encode())
    assert resp.status_code == status and losing.calls == 2
    if code:
        assert resp.json()["error"]["code"] == code


def test_a_worker_killed_from_outside_is_retried_on_a_fresh_one(tmp_path):
    """SIGKILL the worker while it runs the document: the batch row is the report, not an error."""
    text = "\n".join([report_texts(1, seed=6)[0]] * 40)  # long enough to be caught running
    path = tmp_path / "in" / "long.txt"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with WorkerPool(1, SETTINGS) as real:
        victim = next(iter(real._alive_pids()))
        killed = kill_when_busy(real, victim, 0.02)
        Batch([path], out, real, SETTINGS).run()
    row = json.loads(out.read_text())
    assert killed.is_set()
    assert "result" in row, row.get("error")


def test_a_worker_killed_while_idle_does_not_break_the_pool():
    """pebble drops a whole pool when a worker dies holding no task; the pool starts new workers instead."""
    with WorkerPool(1, SETTINGS) as real:
        assert real.wait_ready(60)
        os.kill(next(iter(real._alive_pids())), signal.SIGKILL)
        time.sleep(0.5)
        outcome = real.run(report_texts(1, seed=7)[0])
        status = real.status()
    assert "result" in outcome, outcome.get("error")
    assert status["accepting"] and status["alive"] == 1


def test_pools_that_keep_breaking_are_not_rebuilt_without_end(pool):
    """Workers that cannot start at all must not become a respawn storm: three new pools a minute, then none."""
    saved = pool._rebuilds
    try:
        pool._rebuilds = []
        assert [pool._may_rebuild() for _ in range(5)] == [True, True, True, False, False]
    finally:
        pool._rebuilds = saved
