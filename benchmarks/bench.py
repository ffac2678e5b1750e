"""Benchmark (not a test): per-report latency p50/p95, throughput, peak memory and start-up time.

Run: `nianbao bench` or `python -m benchmarks.bench`. Single process; pin to one core with `taskset -c 0`.
"""
from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

SHARED_SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def _percentile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def _time_reports(pipeline, docs: list[bytes], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        for data in docs:
            t0 = time.perf_counter()
            pipeline.run(data)
            times.append(time.perf_counter() - t0)
    return times


def _synthetic(n: int) -> list[bytes]:
    try:
        from training.generate import generate
    except ImportError:
        return []
    return [d["text"].encode("utf-8") for d in generate(n, seed=1, prefix="bench")]


def _startup_seconds() -> float:
    """Seconds from a fresh interpreter to a loaded, warmed pipeline (what server readiness costs)."""
    code = ("import time;t=time.perf_counter();from service import get_pipeline;"
            "get_pipeline();print(time.perf_counter()-t)")
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip() or time.perf_counter() - t0)


def _line(name: str, times: list[float]) -> str:
    ms = [t * 1000 for t in times]
    return (f"{name:<22} n={len(ms):<5} p50={statistics.median(ms):7.2f} ms  p95={_percentile(ms, 0.95):7.2f} ms  "
            f"throughput={len(ms) / sum(times):7.1f} reports/s")


def run_bench(seeds_dir: Path | None = None, synthetic: int = 200, repeat: int = 5) -> None:
    """Print the benchmark table."""
    from service import get_pipeline

    startup = _startup_seconds()
    t0 = time.perf_counter()
    pipeline = get_pipeline()
    load = time.perf_counter() - t0
    seeds_dir = seeds_dir or SHARED_SEEDS
    seeds = [p.read_bytes() for p in sorted(Path(seeds_dir).glob("*.txt"))] if Path(seeds_dir).is_dir() else []
    print(f"start-up (fresh interpreter → warmed pipeline): {startup:.2f} s; in-process load {load:.2f} s")
    if seeds:
        print(_line("seed reports", _time_reports(pipeline, seeds, repeat)))
        biggest = max(seeds, key=len)
        print(_line(f"largest seed ({len(biggest) // 1024} KB)", _time_reports(pipeline, [biggest], repeat * 4)))
    gen = _synthetic(synthetic)
    if gen:
        print(_line("synthetic reports", _time_reports(pipeline, gen, 1)))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MB")


if __name__ == "__main__":
    run_bench()
