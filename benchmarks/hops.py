"""Benchmark (not a test): where the time of one POST /v1/extract goes, hop by hop, on the seeds.

    python -m benchmarks.hops [--workers 1] [--rounds 8]

It starts `uvicorn benchmarks.hops:create_app` (the real app, wrapped so that each answer carries an `x-hops` header
of wall-clock stamps: request in, document handed to the pool, worker start and end, result back, answer out) on a
free 127.0.0.1 port, posts each seed `--rounds` times from one client, times jieba.lcut of the same text in between,
and prints the p50 of every hop. The stamps are `time.time()` in three processes of one machine. With `--floor`
the worker answers each seed's report saved at the warm-up instead of running the pipeline: the rest of the
table is then what HTTP and the pool cost around a document, the floor no pipeline speed-up can cut.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
HOPS = ("client → app", "app → pool (parse)", "pool → worker", "worker run", "worker → app", "app → answer",
        "answer → client", "total")


FLOOR_DIR = "HOPS_FLOOR_DIR"  # set (to a folder) by --floor


def timed_run(data: bytes | str, filename: str | None, as_json: bool = True) -> dict:
    """Runs in a worker: the pool's own task, with its start and end stamps. Under --floor a document seen before
    answers its saved report without running the pipeline, so the hops show the HTTP and pool cost alone."""
    from service.runtime import workers

    started = time.time()
    floor = os.environ.get(FLOOR_DIR)
    saved = Path(floor, hashlib.sha256(data if isinstance(data, bytes) else data.encode()).hexdigest()) if floor else None
    if saved is not None and saved.exists():
        outcome = {"result_json": saved.read_bytes()}
    else:
        outcome = workers._run(data, filename, as_json)
        if saved is not None and "result_json" in outcome:
            saved.write_bytes(outcome["result_json"])
    return {**outcome, "_worker": (started, time.time())}


def create_app():
    """The service's app, with `submit_json` running `timed_run` and an outer ASGI layer adding the stamps."""
    from service.api import routes
    from service.app import create_app as service_app
    from service.runtime.workers import WorkerPool

    WorkerPool.submit_json = lambda pool, data, filename=None: pool._schedule(timed_run, (data, filename, True))
    outcome = routes._outcome

    async def stamped(request, pool, data, filename):
        handed = time.time()
        result = await outcome(request, pool, data, filename)
        if result is not None and "_worker" in result:
            request.scope["hops"] = {"handed": handed, "back": time.time(), "w0": result["_worker"][0],
                                     "w1": result["_worker"][1]}
        return result

    routes._outcome = stamped
    app = service_app()

    async def outer(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)
        arrived = time.time()

        async def send_stamped(message):
            if message["type"] == "http.response.start":
                stamps = {**scope.get("hops", {}), "in": arrived, "out": time.time()}
                message["headers"] = [*message.get("headers", []), (b"x-hops", json.dumps(stamps).encode())]
            await send(message)

        await app(scope, receive, send_stamped)

    return outer


def _hops(sent: float, got: float, h: dict) -> list[float]:
    return [h["in"] - sent, h["handed"] - h["in"], h["w0"] - h["handed"], h["w1"] - h["w0"], h["back"] - h["w1"],
            h["out"] - h["back"], got - h["out"], got - sent]


def main(argv: list[str] | None = None) -> int:
    import httpx

    from service.core.models.nlp import load_jieba

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--floor", action="store_true",
                    help="the worker answers each seed's saved report (from the warm-up) without running the pipeline")
    args = ap.parse_args(argv)
    texts = [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no seeds in {SEEDS}")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    tmp = tempfile.mkdtemp(prefix="nianbao-hops-")
    env = {**os.environ, "NIANBAO_WORKERS": str(args.workers), "NIANBAO_DATABASE_URL": f"sqlite:///{tmp}/nianbao.db",
           "NIANBAO_UPLOADS_DIR": f"{tmp}/uploads", **({FLOOR_DIR: tmp} if args.floor else {})}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "benchmarks.hops:create_app", "--factory", "--host",
                             "127.0.0.1", "--port", str(port), "--log-level", "warning"], cwd=ROOT, env=env)
    base, jieba = f"http://127.0.0.1:{port}", load_jieba()
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).json().get("loaded") == args.workers:
                    break
            except (httpx.HTTPError, ValueError):
                pass
            if time.monotonic() > deadline:
                raise SystemExit("server did not become ready")
            time.sleep(0.2)
        seg, rows = [], [[] for _ in HOPS]
        with httpx.Client(timeout=60) as c:
            for data in texts * 3:
                c.post(f"{base}/v1/extract", content=data).raise_for_status()
            for _ in range(args.rounds):
                for data in texts:
                    t0 = time.perf_counter()
                    jieba.lcut(data.decode("utf-8"))
                    seg.append(time.perf_counter() - t0)
                    sent = time.time()
                    r = c.post(f"{base}/v1/extract", content=data)
                    got = time.time()
                    r.raise_for_status()
                    for row, v in zip(rows, _hops(sent, got, json.loads(r.headers["x-hops"]))):
                        row.append(v)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    jb = statistics.median(seg) * 1000
    mode = "; --floor: saved reports, no pipeline" if args.floor else ""
    print(f"seeds n={len(texts)} rounds={args.rounds} workers={args.workers}; jieba.lcut p50 {jb:.2f} ms{mode}")
    for name, row in zip(HOPS, rows):
        print(f"  {name:<20} p50 {statistics.median(row) * 1000:6.2f} ms")
    print(f"  POST / jieba (p50s)  {statistics.median(rows[-1]) * 1000 / jb:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
