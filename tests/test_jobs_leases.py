"""Leases on job items: a second runner on the same store never touches items a live runner holds, an expired lease
is taken over (and only that counts as an attempt), a runner that closes gives its items back, and a worker lost
under a document is retried once. On SQLite and, when NIANBAO_TEST_POSTGRES_URL names a server, on PostgreSQL."""
from __future__ import annotations

import time
from concurrent.futures import Future

import pytest
from pebble import ProcessExpired
from sqlalchemy import select

from service.base.settings import Settings
from service.collections.jobs import JobRunner
from service.runtime.workers import WorkerPool
from service.store import JobItem, make_engine, make_sessionmaker, upgrade
from tests.fixtures.corpus import report_texts
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
    settings = Settings(use_models=False, database_url=url, uploads_dir=tmp_path / "uploads", job_lease_seconds=2)
    yield settings, make_sessionmaker(engine)
    engine.dispose()


class _Holding:
    """A pool that takes documents and never finishes them: a live server busy with long documents."""

    size = 1

    def __init__(self) -> None:
        self.futures: list[Future] = []

    def submit(self, data, filename=None) -> Future:
        self.futures.append(Future())
        return self.futures[-1]


class _LosesFirst:
    """A pool whose worker dies under the first document it gets each time `lose` says so; else the real pool."""

    def __init__(self, pool, lose: int) -> None:
        self.pool, self.lose, self.size, self.calls = pool, lose, pool.size, 0

    def submit(self, data, filename=None) -> Future:
        self.calls += 1
        if self.calls <= self.lose:
            lost: Future = Future()
            lost.set_exception(ProcessExpired("worker killed", -9))
            return lost
        return self.pool.submit(data, filename)


def _items(sessions, job_id: str) -> list[JobItem]:
    with sessions() as s:
        return list(s.scalars(select(JobItem).where(JobItem.job_id == job_id).order_by(JobItem.seq)))


def _wait(predicate, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


def _job_finished(runner: JobRunner, job_id: str):
    return lambda: runner.status(job_id)["status"] in ("done", "failed")


def test_a_second_runner_leaves_live_leases_alone_and_takes_them_when_given_back(store, pool):
    settings, sessions = store
    files = [(f"{i}.txt", t.encode()) for i, t in enumerate(report_texts(6, seed=11))]
    holding = _Holding()
    live = JobRunner(settings, sessions, holding)  # in_flight 2: it holds two items and keeps renewing them
    job_id = live.submit(files)
    _wait(lambda: sum(i.status == "running" for i in _items(sessions, job_id)) == 2)
    held = {i.seq for i in _items(sessions, job_id) if i.status == "running"}

    second = JobRunner(settings, sessions, pool)
    try:
        assert second.resume() == 0  # nothing of a live runner's is freed at start-up
        _wait(lambda: runner_done_count(sessions, job_id) == 4)
        time.sleep(settings.job_lease_seconds * 1.5)  # past one lease: the heartbeat keeps the live runner's
        items = _items(sessions, job_id)
        assert {i.seq for i in items if i.status == "running"} == held
        assert all(i.lease_owner == live.owner and i.attempts == 0 for i in items if i.seq in held)
        live.close()  # a clean stop gives the two back, with no attempt counted
        _wait(_job_finished(second, job_id))
        status = second.status(job_id)
    finally:
        second.close()
        live.close()
    assert (status["status"], status["done"], status["failed"]) == ("done", 6, 0)
    assert [i.attempts for i in _items(sessions, job_id)] == [0] * 6


def runner_done_count(sessions, job_id: str) -> int:
    return sum(i.status == "done" for i in _items(sessions, job_id))


def test_an_expired_lease_is_taken_over_and_counts_one_attempt(store, pool):
    settings, sessions = store
    files = [("only.txt", report_texts(1, seed=12)[0].encode())]
    stalled = JobRunner(settings, sessions, _Holding())
    job_id = stalled.submit(files)
    _wait(lambda: _items(sessions, job_id)[0].status == "running")
    stalled._stop.set()  # its dispatcher stops renewing: a server that hangs, or a host that died
    stalled._thread.join()

    taker = JobRunner(settings, sessions, pool)
    try:
        assert taker.resume() == 0  # the owner still counts as alive here: only the lease's expiry frees it
        _wait(_job_finished(taker, job_id))
    finally:
        taker.close()
        stalled.close()
    item = _items(sessions, job_id)[0]
    assert (item.status, item.attempts, item.lease_owner) == ("done", 1, None)


def test_a_lost_worker_is_retried_once_then_the_document_is_too_complex(store, pool):
    settings, sessions = store
    texts = report_texts(2, seed=13)
    runner = JobRunner(settings, sessions, _LosesFirst(pool, lose=1))
    try:
        job_id = runner.submit([("a.txt", texts[0].encode())])
        _wait(_job_finished(runner, job_id))
        assert runner.status(job_id)["done"] == 1  # the retry on a fresh worker finished it
    finally:
        runner.close()
    runner = JobRunner(settings, sessions, _LosesFirst(pool, lose=2))
    try:
        job_id = runner.submit([("b.txt", texts[1].encode())])
        _wait(_job_finished(runner, job_id))
        rows = list(runner.results(job_id))
    finally:
        runner.close()
    assert rows[0]["error"]["code"] == "TOO_COMPLEX"
