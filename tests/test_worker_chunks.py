"""A batch sends files to the local pool in chunks (one pool task for up to CHUNK files): every file still gets its own
Future and row, in order; a chunk that fails whole sends each of its files once more alone, so only the file that
caused it fails; a large file goes alone."""
from __future__ import annotations

import json
import signal
from concurrent.futures import Future

import pytest
from pebble import ProcessExpired

from service.base.settings import Settings
from service.collections.batch import Batch
from service.runtime import workers
from service.runtime.workers import WORKER_LOST, WorkerPool, _split_chunk, outcome_of
from tests.fixtures.corpus import report_texts, write_reports
from tests.fixtures.killing import kill_when_busy

SETTINGS = Settings(use_models=False)


def _task(result=None, exc: BaseException | None = None) -> Future:
    task: Future = Future()
    if exc is not None:
        task.set_exception(exc)
    else:
        task.set_result(result)
    return task


def _futures(n: int) -> list[Future]:
    out = [Future() for _ in range(n)]
    for f in out:
        f.set_running_or_notify_cancel()
    return out


def test_a_chunk_hands_each_file_its_own_outcome_in_order():
    futures = _futures(3)
    _split_chunk(futures, _task([{"result_json": b"1"}, {"error": {"code": "EMPTY"}}, {"result_json": b"3"}]))
    assert [f.result() for f in futures] == [{"result_json": b"1"}, {"error": {"code": "EMPTY"}},
                                             {"result_json": b"3"}]


def test_a_chunk_past_its_deadline_is_worker_lost_for_each_file_not_a_timeout():
    """Together past their deadlines says nothing about any one file: each is tried again alone."""
    futures = _futures(2)
    _split_chunk(futures, _task(exc=TimeoutError("chunk")))
    assert [outcome_of(f)["error"]["code"] for f in futures] == ["WORKER_LOST", "WORKER_LOST"]
    assert futures[0].result() == WORKER_LOST


def test_a_chunk_whose_worker_ended_passes_the_ending_to_each_file():
    futures = _futures(2)
    _split_chunk(futures, _task(exc=ProcessExpired("killed", -signal.SIGKILL)))
    assert all(isinstance(f.exception(), ProcessExpired) for f in futures)
    assert outcome_of(futures[1])["error"]["code"] == "WORKER_LOST"


@pytest.fixture(scope="module")
def pool():
    with WorkerPool(1, SETTINGS) as p:
        yield p


def test_files_are_sent_in_chunks_and_a_large_file_alone(tmp_path, pool, monkeypatch):
    files = write_reports(tmp_path / "in", 6)
    big = tmp_path / "in" / "big.txt"
    big.write_text(report_texts(1, seed=9)[0] * 50, encoding="utf-8")  # past CHUNK_BYTES
    assert big.stat().st_size > workers.CHUNK_BYTES
    sent: list[int] = []
    schedule = pool._working_pool().schedule

    def counting(fn, args, timeout):
        sent.append(len(args[0]) if fn is workers._run_paths else 1)
        return schedule(fn, args=args, timeout=timeout)

    monkeypatch.setattr(pool._working_pool(), "schedule", lambda fn, args, timeout: counting(fn, args, timeout))
    paths = [*files[:5], big, files[5]]
    futures = pool.submit_paths(paths, as_json=True)
    outcomes = [f.result(timeout=60) for f in futures]
    assert sent == [4, 1, 1, 1]  # four, then the fifth alone (the big file would overflow), the big one, the last
    assert all("result_json" in o for o in outcomes)
    agencies = [json.loads(o["result_json"])["document"]["text"][:30] for o in outcomes]
    assert agencies == [p.read_text(encoding="utf-8")[:30] for p in paths]


def test_a_worker_killed_under_a_chunk_loses_no_file(tmp_path):
    """SIGKILL the worker while it runs a chunk: each file is retried alone and every row is a report."""
    text = "\n".join([report_texts(1, seed=6)[0]] * 12)  # long enough to be caught running
    folder = tmp_path / "in"
    folder.mkdir()
    paths = []
    for i in range(4):
        path = folder / f"r{i}.txt"
        path.write_text(text + f"\n{i}", encoding="utf-8")
        paths.append(path)
    out = tmp_path / "out.jsonl"
    with WorkerPool(1, SETTINGS) as real:
        assert real.wait_ready(60)
        victim = next(iter(real._alive_pids()))
        killed = kill_when_busy(real, victim, 0.05)
        Batch(paths, out, real, SETTINGS).run()
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert killed.is_set()
    assert [r["file"] for r in rows] == [str(p) for p in paths]
    assert all("result" in r for r in rows), [r.get("error") for r in rows]
