"""Batch scaling (not a test): the same reports through `nianbao batch --workers 1` and `--workers N` (all cores) in
one run, on generated reports and on copies of the seed reports (real lengths). Each run is a fresh process, so
start-up (spawning workers, loading models) is included. Also the peak resident memory of every worker process
(VmHWM) and of the batch process itself.

With `--dask`, the same folder also goes alternately through the local pool and a fresh Dask LocalCluster of as
many one-thread workers (`nianbao batch --scheduler`), and the ratio of their reports/s is printed.

Run: `nianbao bench --batch [--dask]` or `python -m benchmarks.bench_batch --n 500 [--dask]`.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
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


def _busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (all cores, every session), from /proc/stat."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


class _Sampler(threading.Thread):
    """Every 0.5 s, in a thread: peak RSS (VmHWM, a high-water mark) and CPU so far of the batch process and each
    worker. The run's end is timed by the main thread, blocked in wait4, so sampling adds no delay to it."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.main, self.stopped = psutil.Process(pid), threading.Event()
        self.peaks: dict = {}
        self.cpu: dict = {}
        self._workers: dict[int, bool] = {}

    def run(self) -> None:
        while not self.stopped.wait(0.5):
            try:
                for child in self.main.children(recursive=True):
                    if child.pid not in self._workers:
                        self._workers[child.pid] = "spawn_main" in " ".join(child.cmdline())
                    if self._workers[child.pid]:
                        self._sample(child.pid, child)
                self._sample("main", self.main)
            except psutil.Error:
                pass

    def _sample(self, key, proc: psutil.Process) -> None:
        self.peaks[key] = max(self.peaks.get(key, 0.0), _hwm_mb(proc))
        times = proc.cpu_times()
        self.cpu[key] = times.user + times.system


def timed_batch(folder: Path, out: Path, workers: int, scheduler: str | None = None) -> dict:
    """One `nianbao batch` run in a fresh process: seconds, rows written, peak RSS of the main and each worker,
    CPU of the batch process and its workers, and the CPU the rest of the machine used meanwhile (other load).
    With `scheduler` the documents go to that Dask cluster (its workers are not this process's children)."""
    cmd = [sys.executable, "-m", "service.cli", "batch", str(folder), "--out", str(out), "--workers", str(workers)]
    cmd += ["--scheduler", scheduler] if scheduler else []
    busy, own = _busy_seconds(), sum(os.times()[:2])
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sampler = _Sampler(proc.pid)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)  # returns the moment the batch exits
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    sampler.stopped.set()
    sampler.join()
    peaks, cpu = sampler.peaks, sampler.cpu
    total_cpu = usage.ru_utime + usage.ru_stime  # the batch process and every worker it reaped, exactly
    other = max(0.0, _busy_seconds() - busy - total_cpu - (sum(os.times()[:2]) - own))
    rows = out.read_bytes().count(b"\n") if out.exists() else 0
    workers_mb = [v for k, v in peaks.items() if k != "main"]
    return {"workers": workers, "seconds": seconds, "rows": rows, "main_mb": peaks.get("main", 0.0),
            "worker_mb": max(workers_mb, default=0.0), "worker_processes": len(workers_mb),
            "worker_cpu": sum(v for k, v in cpu.items() if k != "main"), "main_cpu": cpu.get("main", 0.0),
            "total_cpu": total_cpu, "other_cpu": other}


SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


def _generated_set(folder: Path, n: int) -> str:
    from training.generate import generate

    for i, doc in enumerate(generate(n, seed=1, prefix="bench")):
        (folder / f"r{i:04d}.txt").write_text(doc["text"], encoding="utf-8")
    return f"{n} generated reports"


def _seed_set(folder: Path, n: int, seeds_dir: Path) -> str | None:
    """`n` files cycling through the seed reports: real report lengths (the generated ones are shorter)."""
    seeds = sorted(seeds_dir.glob("*.txt")) if seeds_dir.is_dir() else []
    if not seeds:
        return None
    for i in range(n):
        (folder / f"s{i:04d}.txt").write_bytes(seeds[i % len(seeds)].read_bytes())
    return f"{n} copies of the {len(seeds)} seed reports"


def _compare(folder: Path, label: str, n: int, workers: int, repeat: int) -> list[dict]:
    """`--workers 1` and `--workers N` alternately `repeat` times on one input folder; prints each run and the ratio."""
    print(f"batch of {label}; cores={os.cpu_count()}; load average before: "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    results, seconds = [], {1: [], workers: []}
    for k in range(repeat):
        for w in sorted({1, workers}):
            out = folder.parent / f"out-{folder.name}-{w}-{k}.jsonl"
            r = timed_batch(folder, out, w)
            out.unlink(missing_ok=True)
            results.append(r)
            seconds[w].append(r["seconds"])
            print(f"--workers {w}: {r['rows']} rows in {r['seconds']:.1f} s = {n / r['seconds']:.1f} reports/s "
                  f"(start-up included); CPU {r['total_cpu']:.1f} s (sampled: workers {r['worker_cpu']:.1f} s, "
                  f"batch process {r['main_cpu']:.1f} s), "
                  f"rest of the machine {r['other_cpu']:.1f} s; peak RSS per worker "
                  f"{r['worker_mb']:.0f} MB over {r['worker_processes']} worker process(es), batch process "
                  f"{r['main_mb']:.0f} MB; load {os.getloadavg()[0]:.2f}")
    if workers > 1:
        one, many = statistics.median(seconds[1]), statistics.median(seconds[workers])
        rounds = ", ".join(f"{a / b:.2f}x" for a, b in zip(seconds[1], seconds[workers]))
        print(f"speed-up {workers} workers vs 1 on {label} (median of {repeat}): {one / many:.2f}x; "
              f"round by round: {rounds}")
        print(_where_it_goes(results, workers))
    return results


def _where_it_goes(results: list[dict], workers: int) -> str:
    """Why N workers fall short of N×: the workers' CPU for the same reports with N against 1 (on shared or
    virtual cores it rises when they run together), and the batch process's CPU, which shares the cores with them."""
    def med(key: str, w: int) -> float:
        return statistics.median(r[key] for r in results if r["workers"] == w)

    one, many = med("worker_cpu", 1), med("worker_cpu", workers)
    return (f"where it goes: workers' CPU for the same reports {one:.1f} s with 1, {many:.1f} s with {workers} "
            f"({(many / one - 1) * 100 if one else 0:+.0f} %); batch process CPU {med('main_cpu', workers):.2f} s "
            f"with {workers} workers (sampled every 0.5 s)")


def _local_cluster(workers: int):
    """A fresh Dask LocalCluster of `workers` processes with one thread each (the local pool's shape)."""
    from distributed import LocalCluster

    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                        silence_logs=50)


def _compare_dask(folder: Path, label: str, n: int, workers: int, repeat: int) -> list[dict]:
    """The local pool (`--workers N`) and a Dask LocalCluster of N one-thread workers (`--scheduler`), alternately
    `repeat` times on one folder. Each Dask round starts a fresh cluster first (timed apart: a cluster is started
    once and serves many batches); the batch's own time includes the plugin loading the pipeline on every worker,
    as the local pool's includes its workers' start-up."""
    print(f"Dask LocalCluster vs the local pool, {workers} workers, batch of {label}; load average before: "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    results, local, dask = [], [], []
    for k in range(repeat):
        out = folder.parent / f"out-{folder.name}-local-{k}.jsonl"
        r = timed_batch(folder, out, workers)
        out.unlink(missing_ok=True)
        local.append(r["seconds"])
        print(f"local pool --workers {workers}: {r['rows']} rows in {r['seconds']:.1f} s = {n / r['seconds']:.1f} "
              f"reports/s; rest of the machine {r['other_cpu']:.1f} s; load {os.getloadavg()[0]:.2f}")
        started = time.perf_counter()
        with _local_cluster(workers) as cluster:
            up = time.perf_counter() - started
            out = folder.parent / f"out-{folder.name}-dask-{k}.jsonl"
            r = timed_batch(folder, out, workers, scheduler=cluster.scheduler_address)
            out.unlink(missing_ok=True)
        r["cluster_start"] = up
        dask.append(r["seconds"])
        results.append(r)
        print(f"Dask LocalCluster ({workers}×1 thread): {r['rows']} rows in {r['seconds']:.1f} s = "
              f"{n / r['seconds']:.1f} reports/s (cluster start {up:.1f} s apart; {n / (up + r['seconds']):.1f} "
              f"reports/s with it); load {os.getloadavg()[0]:.2f}")
    ratio = statistics.median(local) / statistics.median(dask)
    rounds = ", ".join(f"{a / b:.2f}x" for a, b in zip(local, dask))
    print(f"Dask reports/s vs the local pool's on {label} (median of {repeat}): {ratio:.2f}x (target ≥ 0.9x: "
          f"{'met' if ratio >= 0.9 else 'NOT MET'}); round by round: {rounds}")
    return results


def run_batch_bench(n: int = 500, workers: int | None = None, repeat: int = 1,
                    seeds_dir: Path | None = None, dask: bool = False) -> list[dict]:
    """Print reports/s for 1 worker and for all workers on the same set, with the ratio: first `n` generated reports,
    then `n` files cycling through the seed reports (real lengths) when ../shared/seeds is there.

    `repeat` > 1 alternates the two (1, N, 1, N, …) and compares medians: on a shared machine the load drifts."""
    workers = workers or os.cpu_count() or 1
    root = Path(tempfile.mkdtemp(prefix="nianbao-bench-batch-"))
    results = []
    for name, make in (("generated", _generated_set),
                       ("seeds", lambda folder, k: _seed_set(folder, k, Path(seeds_dir or SHARED_SEEDS)))):
        folder = root / name
        folder.mkdir()
        label = make(folder, n)
        if label:
            results += _compare(folder, label, n, workers, repeat)
            if dask:
                results += _compare_dask(folder, label, n, workers, repeat)
    print("load average after: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--dask", action="store_true", help="also the same batch through a Dask LocalCluster")
    args = parser.parse_args()
    run_batch_bench(args.n, args.workers or None, args.repeat, dask=args.dask)
