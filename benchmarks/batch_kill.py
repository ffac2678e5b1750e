"""Kill-safety of the batch: SIGKILL `nianbao batch` (and its workers) mid-run, run the same command again, and
check the output holds every file exactly once, every line whole, every result present.

Run: `python -m benchmarks.batch_kill --n 300` (the test runs a smaller N without the models).
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(n: int = 300, use_models: bool = True, workdir: Path | None = None, kill_at: int = 0,
        workers: int = 2) -> dict:
    """Write n generated reports, kill the batch after `kill_at` rows (default n/3), re-run; returns the figures."""
    from training.generate import generate

    workdir = Path(workdir or tempfile.mkdtemp(prefix="nianbao-batch-kill-"))
    folder, out = workdir / "in", workdir / "results.jsonl"
    folder.mkdir(parents=True, exist_ok=True)
    for i, doc in enumerate(generate(n, seed=4, prefix="kill")):
        (folder / f"r{i:04d}.txt").write_text(doc["text"], encoding="utf-8")
    cmd = [sys.executable, "-m", "service.cli", "batch", str(folder), "--out", str(out), "--workers", str(workers)]
    env = {**os.environ, "NIANBAO_USE_MODELS": str(use_models).lower()}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    kill_at = kill_at or n // 3
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and (not out.exists() or out.read_bytes().count(b"\n") < kill_at):
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = out.read_bytes()
    second = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    lines = out.read_bytes().split(b"\n")
    rows = [json.loads(line) for line in lines[:-1]]  # raises on any broken line
    names = sorted(r["file"] for r in rows)
    return {"n": n, "rows_before_kill": before.count(b"\n"), "torn_tail_bytes": len(before) - before.rfind(b"\n") - 1,
            "rows_after": len(rows), "distinct_files": len(set(names)), "ends_with_newline": lines[-1] == b"",
            "all_results": all("result" in r for r in rows),
            "every_file_once": names == sorted(str(p) for p in folder.iterdir()),
            "rerun": second.stderr.strip().splitlines()[-1] if second.stderr.strip() else ""}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--no-models", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(args.n, not args.no_models), ensure_ascii=False, indent=1))
