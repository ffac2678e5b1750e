"""Durability of jobs: post N generated reports to /v1/jobs, SIGKILL the server (and its workers) after a delay,
restart it on the same SQLite file, and check the job ends `done` with N results, none duplicated.

Run: `python -m benchmarks.jobs_kill --n 120 --kill-after 1.5` (the test runs a small N without the models).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 5) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read()


def start_server(port: int, env: dict, log: Path) -> subprocess.Popen:
    """`nianbao serve` in its own process group, waited for until /healthz answers."""
    cmd = [sys.executable, "-m", "service.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=log.open("ab"), stderr=subprocess.STDOUT,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if json.loads(_get(f"http://127.0.0.1:{port}/healthz", 1))["status"] == "ok":
                return proc
        except OSError:
            time.sleep(0.1)
    stop(proc, signal.SIGKILL)
    raise RuntimeError(f"server did not start, see {log}")


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Signal the server's whole process group (its workers too) and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
    proc.wait(timeout=60)


def post_job(port: int, files: list[tuple[str, bytes]]) -> dict:
    """POST /v1/jobs with one multipart `file` field per document."""
    boundary = "nianbao-jobs-kill"
    body = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                    f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n" for name, data in files)
    body += f"--{boundary}--\r\n".encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/v1/jobs", data=body, method="POST",
                                 headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read())


def wait_finished(port, job_id: str, timeout: float) -> dict:
    """The job's status once it is done or failed (or when `timeout` seconds have passed)."""
    started, status = time.monotonic(), {}
    while time.monotonic() - started < timeout:
        status = json.loads(_get(f"http://127.0.0.1:{port}/v1/jobs/{job_id}"))
        if status["status"] in ("done", "failed"):
            break
        time.sleep(0.2)
    return status


def run(n: int = 120, kill_after: float = 1.5, use_models: bool = True, workdir: Path | None = None,
        timeout: float = 600, kill_at_done: int = 0) -> dict:
    """The whole scenario; returns the figures (and raises AssertionError when a result is lost or doubled)."""
    from training.generate import generate

    workdir = Path(workdir or tempfile.mkdtemp(prefix="nianbao-kill-"))
    env = {**os.environ, "NIANBAO_DATABASE_URL": f"sqlite:///{workdir / 'jobs.db'}",
           "NIANBAO_UPLOADS_DIR": str(workdir / "uploads"), "NIANBAO_USE_MODELS": str(use_models).lower()}
    files = [(f"r{i:03d}.txt", d["text"].encode("utf-8")) for i, d in enumerate(generate(n, seed=9, prefix="kill"))]
    port, log = free_port(), workdir / "server.log"
    proc = start_server(port, env, log)
    job = post_job(port, files)
    started_at = time.monotonic()
    time.sleep(kill_after)
    before = json.loads(_get(f"http://127.0.0.1:{port}/v1/jobs/{job['id']}"))
    while before["done"] < kill_at_done and time.monotonic() - started_at < 120:  # the test kills mid-run
        time.sleep(0.02)
        before = json.loads(_get(f"http://127.0.0.1:{port}/v1/jobs/{job['id']}"))
    stop(proc, signal.SIGKILL)
    proc = start_server(free_port(), env, log)
    port = proc.args[proc.args.index("--port") + 1]
    try:
        status = wait_finished(port, job["id"], timeout)
        rows = [json.loads(x) for x in _get(f"http://127.0.0.1:{port}/v1/jobs/{job['id']}/results").splitlines()]
    finally:
        stop(proc)
    names = [r["file"] for r in rows]
    assert status.get("status") == "done", status
    assert names == [name for name, _ in files], "every document once, in submission order"
    assert all("result" in r for r in rows), [r for r in rows if "error" in r][:3]
    return {"n": n, "done_before_kill": before["done"], "status": status, "rows": len(rows),
            "distinct_ids": len({r["id"] for r in rows}), "distinct_files": len(set(names))}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=120)
    parser.add_argument("--kill-after", type=float, default=1.5)
    parser.add_argument("--kill-at-done", type=int, default=0, help="wait further until this many are done")
    parser.add_argument("--no-models", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(args.n, args.kill_after, not args.no_models, kill_at_done=args.kill_at_done),
                     ensure_ascii=False))
