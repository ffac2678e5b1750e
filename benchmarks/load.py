"""Loopback load test (not a test): the real server under concurrency 1, 4, 16 and 64, then once more with one
hostile document in the mix, and the speed of POST /v1/extract against jieba segmentation of the same texts.

Run: `python benchmarks/load.py [--workers 2] [--requests 200] [--max-seconds 3]`. It starts
`uvicorn service.app:create_app` on a free 127.0.0.1 port, sends a bounded number of requests per level and
stops the server. Goals: throughput at 64 ≥ throughput at 1 with 0 errors; with a hostile document the other
requests' p95 rises by less than 2×; POST p50 ≤ 2.5 × jieba p50.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ("本机关收到申请3件，" * 100_000).encode()  # a 1M-character line full of counts: runs into the deadline


def _reports(n: int) -> list[bytes]:
    """Generated reports (the training generator), the same texts every run."""
    from training.generate import generate

    return [d["text"].encode("utf-8") for d in generate(n, seed=3, prefix="load")]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def start_server(workers: int, max_seconds: float) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    tmp = tempfile.mkdtemp(prefix="nianbao-load-")  # the job store of this throw-away server
    env = {**os.environ, "NIANBAO_WORKERS": str(workers), "NIANBAO_MAX_SECONDS": str(max_seconds),
           "NIANBAO_DATABASE_URL": f"sqlite:///{tmp}/nianbao.db", "NIANBAO_UPLOADS_DIR": f"{tmp}/uploads"}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "service.app:create_app", "--factory", "--host",
                             "127.0.0.1", "--port", str(port), "--log-level", "warning"], cwd=ROOT, env=env)
    base, started = f"http://127.0.0.1:{port}", time.monotonic()
    while time.monotonic() - started < 180:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).json().get("loaded") == workers:
                print(f"server ready (all {workers} workers loaded) after {time.monotonic() - started:.1f} s")
                return proc, base
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("server did not become ready")


async def _level(base: str, docs: list[bytes], concurrency: int, total: int, hostile: bool = False) -> dict:
    """`total` requests from `concurrency` clients; with `hostile`, one client first sends the hostile document."""
    latencies, errors, queue = [], 0, list(range(total))

    async def client(c: httpx.AsyncClient) -> None:
        nonlocal errors
        while queue:
            i = queue.pop()
            t0 = time.perf_counter()
            try:
                r = await c.post(f"{base}/v1/extract", content=docs[i % len(docs)])
                ok = r.status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append(time.perf_counter() - t0)
            errors += not ok

    limits = httpx.Limits(max_connections=concurrency + 1)
    async with httpx.AsyncClient(timeout=120, limits=limits) as c:
        started = time.perf_counter()
        tasks = [asyncio.create_task(client(c)) for _ in range(concurrency)]
        hostile_status = None
        if hostile:
            r = await c.post(f"{base}/v1/extract", content=HOSTILE)
            hostile_status = f"{r.status_code} {r.json().get('error', {}).get('code', 'ok')}"
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - started
    ms = [v * 1000 for v in latencies]
    return {"concurrency": concurrency, "n": len(ms), "rps": len(ms) / elapsed, "p50": _percentile(ms, 0.5),
            "p95": _percentile(ms, 0.95), "p99": _percentile(ms, 0.99), "errors": errors, "hostile": hostile_status}


def _row(r: dict) -> str:
    extra = f"  hostile: {r['hostile']}" if r["hostile"] else ""
    return (f"{r['concurrency']:>5} {r['n']:>6} {r['rps']:>9.1f} {r['p50']:>9.1f} {r['p95']:>9.1f} {r['p99']:>9.1f} "
            f"{r['errors']:>6}{extra}")


def speed_samples(base: str, pairs: list[tuple[str, str]], rounds: int = 3) -> tuple[list[list[float]], list[list[float]]]:
    """Per text, the seconds of jieba.lcut and of one POST /v1/extract (one client), interleaved over the rounds."""
    import jieba

    jieba.initialize()
    seg: list[list[float]] = [[] for _ in pairs]
    post: list[list[float]] = [[] for _ in pairs]
    with httpx.Client(timeout=60) as c:
        for _, text in pairs[:3]:
            c.post(f"{base}/v1/extract", content=text.encode("utf-8")).raise_for_status()
        for _ in range(rounds):
            for i, (_, text) in enumerate(pairs):
                data = text.encode("utf-8")
                t0 = time.perf_counter()
                jieba.lcut(text)
                seg[i].append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                c.post(f"{base}/v1/extract", content=data).raise_for_status()
                post[i].append(time.perf_counter() - t0)
    return seg, post


def _speed(base: str, rounds: int = 3) -> None:
    """POST /v1/extract p50 (one client) against jieba.lcut of the same texts, per group and overall, in one run.

    The texts are those of `nianbao bench --ratio`: the seeds and real openings (when ../shared is present) and
    generated reports; each round times jieba then the POST on every text, interleaved."""
    from benchmarks.bench_ratio import ratio_texts

    pairs = ratio_texts(20)
    seg, post = speed_samples(base, pairs, rounds)
    for group in [*dict.fromkeys(g for g, _ in pairs), "all"]:  # "all" mixes lengths: read its per-text ratio
        idx = [i for i, (g, _) in enumerate(pairs) if group in ("all", g)]
        s50 = statistics.median(v for i in idx for v in seg[i]) * 1000
        p50 = statistics.median(v for i in idx for v in post[i]) * 1000
        per_text = statistics.median(statistics.median(post[i]) / statistics.median(seg[i]) for i in idx)
        print(f"speed {group:<9} n={len(idx):<3} POST /v1/extract p50 {p50:5.1f} ms, jieba.lcut p50 {s50:5.1f} ms, "
              f"ratio {p50 / s50:.2f}, median per-text ratio {per_text:.2f} (goal ≤ 1.5)")


def main(argv: list[str] | None = None) -> int:
    """Start the server, print the speed ratio and the load table, stop the server."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--requests", type=int, default=200, help="requests per concurrency level")
    ap.add_argument("--max-seconds", type=float, default=3.0)
    ap.add_argument("--levels", default="1,4,16,64")
    args = ap.parse_args(argv)
    docs = _reports(40)
    proc, base = start_server(args.workers, args.max_seconds)
    try:
        _speed(base)
        print(f"{'conc':>5} {'n':>6} {'req/s':>9} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9} {'errors':>6}")
        results = {}
        for level in (int(v) for v in args.levels.split(",")):
            results[level] = asyncio.run(_level(base, docs, level, args.requests))
            print(_row(results[level]), flush=True)
        mid = sorted(results)[len(results) // 2]
        mixed = asyncio.run(_level(base, docs, mid, args.requests, hostile=True))
        print(_row(mixed) + f"  (p95 ×{mixed['p95'] / results[mid]['p95']:.2f} of the run without it)")
        low, high = results[min(results)], results[max(results)]
        print(f"throughput at {high['concurrency']} / at {low['concurrency']}: {high['rps'] / low['rps']:.2f} (goal ≥ 1)")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
