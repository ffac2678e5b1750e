"""The JobRunner on the store: results in submission order, one stored report per (document, version), duplicates
reused, originals stored once by hash, items left running by a dead process resumed; on SQLite and, when
NIANBAO_TEST_POSTGRES_URL names a server, on PostgreSQL."""
from __future__ import annotations

import time
from concurrent.futures import Future

import pytest
from sqlalchemy import func, select

from service.base.settings import Settings
from service.collections.jobs import MAX_ATTEMPTS, JobRunner
from service.runtime.workers import WorkerPool
from service.store import JobItem, StoredReport, make_engine, make_sessionmaker, upgrade
from tests.fixtures.corpus import GARBAGE, report_texts
from tests.fixtures.postgres import store_url


@pytest.fixture(scope="module")
def pool():
    with WorkerPool(2, Settings(use_models=False)) as p:
        yield p


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    url = store_url(request.param, tmp_path)
    engine = make_engine(url)
    upgrade(engine)
    settings = Settings(use_models=False, database_url=url, uploads_dir=tmp_path / "uploads")
    yield settings, make_sessionmaker(engine)
    engine.dispose()


class _Idle:
    """A pool that accepts work and never finishes it (a server killed mid-job)."""

    size = 1

    def submit(self, data, filename=None) -> Future:
        return Future()


def _wait_done(runner: JobRunner, job_id: str, seconds: float = 60) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = runner.status(job_id)
        if status["status"] in ("done", "failed"):
            return status
        time.sleep(0.05)
    raise AssertionError(f"job not finished: {runner.status(job_id)}")


def test_job_results_in_order_with_one_report_per_document(store, pool):
    settings, sessions = store
    texts = report_texts(4, seed=3)
    files = [("a.txt", texts[0].encode()), ("bad.bin", GARBAGE), ("b.txt", texts[1].encode()),
             ("a-again.txt", texts[0].encode()), ("c.txt", texts[2].encode())]
    runner = JobRunner(settings, sessions, pool)
    try:
        job_id = runner.submit(files, submitted_by="tester")
        status = _wait_done(runner, job_id)
        rows = list(runner.results(job_id))
    finally:
        runner.close()
    assert status == {"id": job_id, "status": "done", "total": 5, "done": 4, "failed": 1}
    assert [r["file"] for r in rows] == [name for name, _ in files]
    assert rows[1]["error"]["code"] == "UNDECODABLE"
    assert rows[0]["id"] == rows[3]["id"] and rows[0]["result"] == rows[3]["result"]
    assert runner.report(rows[2]["id"])["report"]["year"] == rows[2]["result"]["report"]["year"]
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(StoredReport)) == 3
    assert len(list((settings.uploads_dir).rglob("*"))) == 4 + 4  # four originals, each in a sha[:2] folder


def test_items_left_running_are_resumed_and_a_crasher_is_abandoned(store, pool):
    settings, sessions = store
    texts = report_texts(3, seed=5)
    stopped = JobRunner(settings, sessions, _Idle())
    job_id = stopped.submit([(f"{i}.txt", t.encode()) for i, t in enumerate(texts)])
    stopped.close()
    with sessions() as s:  # what a SIGKILL leaves: items marked running with no process behind them
        s.execute(JobItem.__table__.update().values(status="running", attempts=1))
        s.execute(JobItem.__table__.update().where(JobItem.seq == 2).values(attempts=MAX_ATTEMPTS))
        s.commit()
    runner = JobRunner(settings, sessions, pool)
    try:
        assert runner.resume() == 3
        status = _wait_done(runner, job_id)
        rows = list(runner.results(job_id))
    finally:
        runner.close()
    assert (status["done"], status["failed"]) == (2, 1)
    assert [("result" in r, r.get("error", {}).get("code")) for r in rows] == [(True, None), (True, None),
                                                                               (False, "ABANDONED")]


def test_unknown_ids_are_none(store, pool):
    settings, sessions = store
    runner = JobRunner(settings, sessions, pool)
    assert runner.status("nope") is None and runner.report("nope") is None
    assert list(runner.results("nope")) == []
