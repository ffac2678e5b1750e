"""Benchmark per input format (not a test): ingest time of a 6-page text-layer PDF, HTML, DOCX and scanned A4 pages.

Run: `python benchmarks/bench_formats.py` (or `nianbao bench --formats`). Needs tests/fixtures and, for the scans,
Debian's fonts-wqy-zenhei. Targets: ≤ 0.5 s per 6-page PDF warm, ≤ 5 s per scanned page at 200 dpi.
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def _times(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def _row(name: str, times: list[float], target: float | None) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    goal = f"≤ {target:.1f}" if target else "—"
    return f"{name:<34} {len(times):>3} {statistics.median(times):>9.3f} {p95:>9.3f} {goal:>8}"


def run_formats(repeat: int = 10) -> None:
    """Print median and p95 seconds per document (per page for scans), after one warm-up run each."""
    from service.core.ingest import load
    from service.core.ingest.image import get_ocr
    from training.formats import render
    from training.formats.report import report

    rep = report(extra_paragraphs=22)
    pdf = render.to_pdf(rep)
    cases = [(f"text-layer PDF ({load(pdf).pages} pages)", pdf, 0.5, repeat),
             ("HTML (GBK, same report)", render.to_html(rep), None, repeat),
             ("DOCX (same report)", render.to_docx(rep), None, repeat)]
    if render.CJK_FONT.exists():
        get_ocr()
        for i, page in enumerate(render.to_scans(report(), dpi=200), 1):
            cases.append((f"scanned A4 page {i} at 200 dpi", render.to_image_bytes([page]), 5.0, max(3, repeat // 3)))
    else:
        print("scanned pages skipped: fonts-wqy-zenhei is not installed")
    print(f"{'input':<34} {'n':>3} {'median s':>9} {'p95 s':>9} {'target':>8}")
    for name, data, target, n in cases:
        load(data)  # warm-up: imports, OCR sessions
        print(_row(name, _times(lambda d=data: load(d), n), target))


if __name__ == "__main__":
    run_formats()
