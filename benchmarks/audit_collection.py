"""Benchmark (not a test): the audit of a generated collection — planted vs found (recall) and flagged-not-planted.

Generates ≥50 agencies over 3 years (training/collection.py) with planted carry-over and continuity breaks, wrong
year-on-year statements, missing and duplicate reports, agencies off the units list and title names that vary by
year; runs every report through the pipeline, writes batch rows to results.jsonl, audits them with the units list
and compares with the truth.

Run: `python -m benchmarks.audit_collection [--agencies 60] [--seed 0] [--layouts tab,shifted,pipe] [--out DIR]`
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from service import get_pipeline
from service.base.version import content_hash, current_version, report_id
from service.collections.audit import parse_lines, read_units, run_audit
from training.collection import YEARS, generate_collection
from training.collection_score import score


def write_results(reports: list[tuple[str, str]], path: Path) -> float:
    """Run the pipeline on every report and write batch rows; returns the seconds spent extracting."""
    pipeline = get_pipeline()
    version = current_version(pipeline.settings)
    t0 = time.perf_counter()
    with path.open("w", encoding="utf-8") as fh:
        for file, text in reports:
            sha = content_hash(text)
            row = {"file": file, "sha256": sha, "id": report_id(sha, version),
                   "result": pipeline.run(text, file).model_dump(mode="json")}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--agencies", type=int, default=60)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--layouts", default="tab,shifted,pipe,space,cells", help="table layouts to draw from, comma-separated")
    ap.add_argument("--out", type=Path, default=None, help="keep results.jsonl, units.csv and audit.json here")
    args = ap.parse_args()
    collection = generate_collection(args.agencies, seed=args.seed, layouts=tuple(args.layouts.split(",")))
    out = args.out or Path(tempfile.mkdtemp(prefix="nianbao-audit-"))
    out.mkdir(parents=True, exist_ok=True)
    (out / "units.csv").write_text(collection.units_csv, encoding="utf-8")
    seconds = write_results(collection.reports, out / "results.jsonl")
    t0 = time.perf_counter()
    with (out / "results.jsonl").open("rb") as fh:
        audit = run_audit(parse_lines(fh), read_units((out / "units.csv").read_bytes()))
    audit_seconds = time.perf_counter() - t0
    (out / "audit.json").write_text(json.dumps(audit, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"collection: {args.agencies} listed agencies + off-list ones, years {YEARS[0]}–{YEARS[-1]}, "
          f"{len(collection.reports)} reports, layouts {args.layouts}, seed {args.seed}")
    print(f"extract {seconds:.1f} s ({len(collection.reports) / seconds:.0f} reports/s), audit {audit_seconds:.2f} s "
          f"(shared 2-core machine: timings are noisy)")
    print(f"{'what':<36}{'planted':>8}{'found':>8}{'recall':>8}{'flagged, not planted':>22}")
    false = 0
    for name, row in score(audit, collection.planted).items():
        recall = f"{row['found'] / row['planted']:.0%}" if row["planted"] else "—"
        print(f"{name:<36}{row['planted']:>8}{row['found']:>8}{recall:>8}{row['false']:>22}")
        false += row["false"]
    print(f"flagged but not planted, all kinds: {false}; files in {out}")
    return 1 if false else 0


if __name__ == "__main__":
    raise SystemExit(main())
