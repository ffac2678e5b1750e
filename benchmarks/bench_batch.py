"""Batch scaling (not a test): the same generated reports through `nianbao batch --workers 1` and `--workers N`
(all cores) in one run, each a fresh process so start-up (spawning workers, loading models) is included; peak
resident memory of every worker process (VmHWM) and of the batch process itself.

Run: `nianbao bench --batch` or `python -m benchmarks.bench_batch --n 500`.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]


def _hwm_mb(proc: psutil.Process) -> float:
    """Peak resident memory of a process so far (VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def timed_batch(folder: Path, out: Path, workers: int) -> dict:
    """One `nianbao batch` run in a fresh process: seconds, rows written, peak RSS of the main and each worker."""
    cmd = [sys.executable, "-m", "service.cli", "batch", str(folder), "--out", str(out), "--workers", str(workers)]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    main, peaks = psutil.Process(proc.pid), {}
    while proc.poll() is None:
        try:
            for child in main.children(recursive=True):
                if "spawn_main" in " ".join(child.cmdline()):
                    peaks[child.pid] = max(peaks.get(child.pid, 0.0), _hwm_mb(child))
            peaks["main"] = max(peaks.get("main", 0.0), _hwm_mb(main))
        except psutil.Error:
            pass
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    rows = out.read_bytes().count(b"\n") if out.exists() else 0
    workers_mb = [v for k, v in peaks.items() if k != "main"]
    return {"workers": workers, "seconds": seconds, "rows": rows, "main_mb": peaks.get("main", 0.0),
            "worker_mb": max(workers_mb, default=0.0), "worker_processes": len(workers_mb)}


def run_batch_bench(n: int = 500, workers: int | None = None) -> list[dict]:
    """Print reports/s for 1 worker and for all workers on the same generated set, with the ratio."""
    from training.generate import generate

    workers = workers or os.cpu_count() or 1
    folder = Path(tempfile.mkdtemp(prefix="nianbao-bench-batch-"))
    for i, doc in enumerate(generate(n, seed=1, prefix="bench")):
        (folder / "in").mkdir(exist_ok=True)
        (folder / "in" / f"r{i:04d}.txt").write_text(doc["text"], encoding="utf-8")
    print(f"batch of {n} generated reports; cores={os.cpu_count()}; load average before: "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    results = []
    for w in sorted({1, workers}):
        r = timed_batch(folder / "in", folder / f"out-{w}.jsonl", w)
        results.append(r)
        print(f"--workers {w}: {r['rows']} rows in {r['seconds']:.1f} s = {n / r['seconds']:.1f} reports/s "
              f"(start-up included); peak RSS per worker {r['worker_mb']:.0f} MB over {r['worker_processes']} "
              f"worker process(es), batch process {r['main_mb']:.0f} MB")
    if len(results) == 2:
        print(f"speed-up {workers} workers vs 1: {results[0]['seconds'] / results[1]['seconds']:.2f}x")
    print("load average after: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--workers", type=int, default=0)
    args = parser.parse_args()
    run_batch_bench(args.n, args.workers or None)
