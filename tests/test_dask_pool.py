"""A batch through a real Dask cluster (`dask scheduler` + `dask worker` processes on loopback) gives the same
tables, check statuses and errors as the local pool; a worker with other models is refused, not mixed in."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import wait
from pathlib import Path

import pytest

from benchmarks.jobs_kill import free_port
from service.base.jsonl import iter_rows
from service.base.settings import Settings
from service.collections.batch import Batch
from service.runtime.workers import WorkerPool
from tests.fixtures.corpus import write_reports

pytest.importorskip("distributed")
SETTINGS = Settings(use_models=False)
DASK = Path(os.environ.get("VIRTUAL_ENV", Path(__file__).resolve().parents[1] / ".venv")) / "bin" / "dask"


def _dask() -> str:
    found = str(DASK) if DASK.exists() else shutil.which("dask")
    if not found:
        pytest.skip("the dask command is not installed")
    return found


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    log = tmp_path_factory.mktemp("dask") / "cluster.log"
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "NIANBAO_USE_MODELS": "false"}
    common = ["--no-dashboard", "--host", "127.0.0.1"]
    procs = [subprocess.Popen([_dask(), "scheduler", "--port", str(port), *common], env=env,
                              stdout=log.open("ab"), stderr=subprocess.STDOUT)]
    time.sleep(1)
    procs.append(subprocess.Popen([_dask(), "worker", address, "--nworkers", "2", "--nthreads", "1", *common],
                                  env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT))
    yield address
    for proc in reversed(procs):
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _essence(row: dict) -> tuple:
    if "error" in row:
        return row["file"], row["sha256"], row["id"], row["error"]["code"]
    result = row["result"]
    checks = [(c["id"], c["status"]) for c in result["checks"]]
    return row["file"], row["sha256"], row["id"], result["tables"], checks


def test_dask_batch_equals_the_local_batch(tmp_path, scheduler):
    from service.runtime.dask_pool import DaskPool

    files = write_reports(tmp_path / "in", 12, seed=13, garbage=True)
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    with WorkerPool(1, SETTINGS) as pool:
        Batch(files, local, pool, SETTINGS).run()
    with DaskPool(scheduler, SETTINGS, wait_seconds=120) as pool:  # both worker processes are up
        pool.client.wait_for_workers(2, timeout=120)
    cmd = [sys.executable, "-m", "service.cli", "batch", str(tmp_path / "in"), "--out", str(remote),
           "--scheduler", scheduler]
    done = subprocess.run(cmd, env={**os.environ, "NIANBAO_USE_MODELS": "false"}, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert "本次处理 13 个" in done.stderr
    assert [_essence(r) for r in iter_rows(remote)] == [_essence(r) for r in iter_rows(local)]


def test_unreachable_scheduler_is_a_usage_error(tmp_path):
    write_reports(tmp_path / "in", 1)
    cmd = [sys.executable, "-m", "service.cli", "batch", str(tmp_path / "in"), "--out", str(tmp_path / "o.jsonl"),
           "--scheduler", f"tcp://127.0.0.1:{free_port()}"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "无法连接 Dask 调度器" in done.stderr


def test_workers_with_another_pipeline_version_are_refused(tmp_path, scheduler):
    from service.runtime.dask_pool import DaskPool

    files = write_reports(tmp_path / "in", 1, seed=13)
    other = Settings(use_models=True)  # the client thinks models are on; the workers run without them
    with DaskPool(scheduler, other, wait_seconds=120) as pool:
        Batch(files, tmp_path / "out.jsonl", pool, other).run()
    assert [r["error"]["code"] for r in iter_rows(tmp_path / "out.jsonl")] == ["VERSION_MISMATCH"]


def test_jobs_api_runs_on_the_cluster(tmp_path, scheduler):
    from fastapi.testclient import TestClient

    from service.app import create_app
    from service.runtime.dask_pool import DaskPool

    settings = Settings(use_models=False, dask_scheduler=scheduler, database_url=f"sqlite:///{tmp_path / 'j.db'}",
                        uploads_dir=tmp_path / "uploads")
    files = write_reports(tmp_path / "in", 3, seed=17)
    with TestClient(create_app(settings)) as client:
        assert isinstance(client.app.state.jobs.pool, DaskPool)
        job = client.post("/v1/jobs", files=[("file", (p.name, p.read_bytes())) for p in files]).json()
        for _ in range(600):
            status = client.get(f"/v1/jobs/{job['id']}").json()
            if status["status"] == "done":
                break
            time.sleep(0.1)
        assert (status["status"], status["done"]) == ("done", 3)


def test_submit_paths_sends_chunks_with_one_outcome_per_document(tmp_path, scheduler):
    from service.runtime import dask_pool
    from service.runtime.dask_pool import DaskPool

    files = write_reports(tmp_path / "in", 10, seed=21)
    paths = files[:4] + [tmp_path / "in" / "missing.txt"] + files[4:]
    with DaskPool(scheduler, SETTINGS, wait_seconds=120) as pool:
        sent = []
        submit = pool.client.submit
        pool.client.submit = lambda fn, *a, **k: sent.append(fn) or submit(fn, *a, **k)
        chunked = pool.submit_paths(paths, as_json=True)
        wait(chunked, timeout=120)
        pool.client.submit = submit
        alone = [pool.submit_path(p, as_json=True) for p in paths]
        wait(alone, timeout=120)
    assert sent == [dask_pool._dask_chunk, dask_pool._dask_chunk]  # 10 documents: 8, then 2
    got, want = [f.result() for f in chunked], [f.result() for f in alone]
    assert got[4]["error"]["code"] == "READ_ERROR"
    assert all("result_json" in o for i, o in enumerate(got) if i != 4)
    assert got == want  # the same outcome, in the same place, as one task a document


class _FakeDaskFuture:
    def __init__(self, value=None, error: BaseException | None = None, pending: bool = False) -> None:
        self.value, self.error, self.pending, self.cancels, self.callbacks = value, error, pending, 0, []

    def result(self):
        if self.error is not None:
            raise self.error
        return self.value

    def add_done_callback(self, fn) -> None:
        if self.pending:
            self.callbacks.append(fn)
        else:
            fn(self)

    def cancel(self) -> None:
        self.cancels += 1


class _FakeClient:
    """Chunks fail whole (a worker lost under them); documents alone answer their file name."""

    def __init__(self, version: str, pending: bool = False) -> None:
        self.version, self.pending, self.sent = version, pending, []

    def submit(self, fn, *args, pure=True):
        from service.runtime import dask_pool

        self.sent.append(fn.__name__)
        if self.pending:
            future = _FakeDaskFuture(pending=True)
        elif fn is dask_pool._dask_chunk:
            future = _FakeDaskFuture(error=RuntimeError("KilledWorker"))
        else:
            future = _FakeDaskFuture({"result": {"name": args[1]}, "pipeline_version": self.version})
        self.last = future
        return future


def _fake_pool(client: _FakeClient):
    from service.runtime.dask_pool import DaskPool

    pool = DaskPool.__new__(DaskPool)
    pool.version, pool.client, pool.size, pool.settings = client.version, client, 2, SETTINGS
    return pool


def test_a_chunk_that_fails_whole_is_sent_again_one_document_a_task(tmp_path):
    files = write_reports(tmp_path / "in", 3, seed=5)
    client = _FakeClient("v1")
    futures = _fake_pool(client).submit_paths(files)
    assert client.sent == ["_dask_chunk", "_dask_task", "_dask_task", "_dask_task"]
    assert [f.result(timeout=1) for f in futures] == [{"result": {"name": p.name}} for p in files]


def test_a_chunk_task_is_cancelled_only_when_each_of_its_documents_is(tmp_path):
    files = write_reports(tmp_path / "in", 3, seed=5)
    client = _FakeClient("v1", pending=True)
    futures = _fake_pool(client).submit_paths(files)
    assert client.sent == ["_dask_chunk"]
    futures[0].cancel()
    futures[2].cancel()
    assert client.last.cancels == 0  # one document of the chunk is still wanted
    futures[1].cancel()
    assert client.last.cancels == 1


def test_documents_on_a_dask_worker_reuse_one_runner_thread_and_a_hang_is_left_behind():
    import threading

    from service.runtime.dask_pool import _Runner

    first = _Runner.run(threading.get_ident, 5)
    assert _Runner.run(threading.get_ident, 5) == first != threading.get_ident()  # not a thread per document
    release = threading.Event()
    assert _Runner.run(lambda: release.wait(10), 0.05) is None  # past the deadline: no answer, on time
    try:
        assert _Runner.run(threading.get_ident, 5) not in (None, first)  # the stuck runner is not used again
    finally:
        release.set()


def test_a_worker_undoes_a_tiny_malloc_trim_threshold_from_its_environment(monkeypatch):
    import ctypes.util

    from service.runtime import workers

    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    assert workers.roomy_heap() is False  # nothing was forced: glibc's own sliding thresholds stay
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")  # what a Dask nanny gives its workers
    assert workers.roomy_heap() is bool(ctypes.util.find_library("c"))
