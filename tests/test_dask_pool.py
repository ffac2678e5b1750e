"""A batch through a real Dask cluster (`dask scheduler` + `dask worker` processes on loopback) gives the same
tables, check statuses and errors as the local pool; a worker with other models is refused, not mixed in."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
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
