"""Benchmark (not a test): a scanned page through nianbao's load() against one plain rapidocr call, in one run.

Issue 19 asks the dense table page (page 2 of the synthetic report scanned at 200 dpi: the rest of 表三 and all of
表四) to cost at most 0.4× one `RapidOCR()(image)` call on the same page. The lighter page (page 1: prose and
表二) is printed beside it. Each round times the plain call then load(), interleaved, so both see the same machine
load; the medians over rounds are compared. Run: `nianbao bench --scans` or `python -m benchmarks.bench_scans`.
Needs Debian's fonts-wqy-zenhei.
"""
from __future__ import annotations

import statistics
import time

FLOORS = {"dense": 0.4, "light": None}  # the ratio each page must stay within (None: reported only)


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def scan_pages() -> dict[str, object]:
    """The two benchmark pages as greyscale PIL images: dense (report page 2) and light (page 1)."""
    from training.formats import render
    from training.formats.report import report

    light, dense = render.to_scans(report(), dpi=200)
    return {"dense": dense, "light": light}


def measure_scans(rounds: int = 3) -> list[dict]:
    """Per page: median seconds of the plain call (floor) and of load() over interleaved rounds; [] without the font."""
    import numpy as np
    from rapidocr_onnxruntime import RapidOCR

    from service.core.ingest import load
    from training.formats import render

    if not render.CJK_FONT.exists():
        return []
    plain = RapidOCR()
    rows = []
    for name, page in scan_pages().items():
        rgb, data = np.asarray(page.convert("RGB")), render.to_image_bytes([page])
        plain(rgb), load(data)  # warm-up: sessions, shapes
        base, ours = [], []
        for _ in range(max(3, rounds)):
            base.append(_timed(lambda rgb=rgb: plain(rgb)))
            ours.append(_timed(lambda data=data: load(data)))
        rows.append({"name": name, "rounds": len(base), "floor": statistics.median(base),
                     "ours": statistics.median(ours), "target": FLOORS[name]})
    return rows


def run_scans(rounds: int = 3) -> dict[str, float]:
    """Print per page the median seconds of the plain call and of load(), their ratio and its floor."""
    rows = measure_scans(rounds)
    if not rows:
        print("scanned pages skipped: fonts-wqy-zenhei is not installed")
        return {}
    print(f"{'page':<6} {'rounds':>6} {'plain s':>8} {'load s':>8} {'ratio':>7} {'floor':>7}")
    for r in rows:
        floor = f"≤ {r['target']:.2f}" if r["target"] else "—"
        print(f"{r['name']:<6} {r['rounds']:>6} {r['floor']:>8.2f} {r['ours']:>8.2f} {r['ours'] / r['floor']:>6.2f}× "
              f"{floor:>7}")
    return {r["name"]: r["ours"] / r["floor"] for r in rows}


if __name__ == "__main__":
    run_scans()
