"""Several `nianbao serve` processes on one SQLite store: three starts that fail (the port is taken) and a second
server that runs alongside cost the live server's job nothing; every document is done once, none failed, none
charged an attempt."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

from sqlalchemy import create_engine, text

from benchmarks.jobs_kill import ROOT, _get, free_port, post_job, start_server, stop


def _status(port: int, job_id: str) -> dict:
    return json.loads(_get(f"http://127.0.0.1:{port}/v1/jobs/{job_id}"))


def test_failed_and_second_servers_leave_a_live_job_whole(tmp_path):
    from training.generate import generate

    db = tmp_path / "jobs.db"
    env = {**__import__("os").environ, "NIANBAO_DATABASE_URL": f"sqlite:///{db}", "NIANBAO_USE_MODELS": "true",
           "NIANBAO_UPLOADS_DIR": str(tmp_path / "uploads"), "NIANBAO_WORKERS": "1"}
    # long documents (each report ten times over), so the job is still running while the other servers start
    files = [(f"r{i:02d}.txt", ("\n".join([d["text"]] * 10)).encode()) for i, d in
             enumerate(generate(60, seed=21, prefix="second"))]
    port, log = free_port(), tmp_path / "server.log"
    live = start_server(port, env, log)
    second = None
    try:
        job = post_job(port, files)
        starts = [subprocess.Popen([sys.executable, "-m", "service.cli", "serve", "--port", str(port)], env=env,
                                   cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                  for _ in range(3)]
        failed = [(s.wait(timeout=120), s.communicate()[1]) for s in starts]
        during = _status(port, job["id"])
        second = start_server(free_port(), env, log)  # a second live server on the same store
        deadline = time.monotonic() + 300
        while (status := _status(port, job["id"]))["status"] not in ("done", "failed"):
            assert time.monotonic() < deadline, status
            time.sleep(0.2)
        rows = [json.loads(x) for x in _get(f"http://127.0.0.1:{port}/v1/jobs/{job['id']}/results").splitlines()]
    finally:
        if second is not None:
            stop(second, signal.SIGTERM)
        stop(live)
    assert [code for code, _err in failed] == [2, 2, 2]
    assert all("端口已被占用" in err for _code, err in failed), failed[0][1]
    print("during the failed starts:", during)
    assert during["status"] == "running" and during["done"] < 60, during  # the starts came while the job ran
    assert (status["status"], status["done"], status["failed"]) == ("done", 60, 0)
    assert [r["file"] for r in rows] == [name for name, _ in files] and all("result" in r for r in rows)
    with create_engine(f"sqlite:///{db}").connect() as conn:
        assert conn.execute(text("select max(attempts), count(*) from job_items")).one() == (0, 60)
