"""Benchmark (not a test): PDF ingestion against pypdfium2 reading the text of every page, interleaved in one run.

The floor is what pdfium itself needs to open the document and read each page's text layer
(`PdfDocument(data)`, `page.get_textpage().get_text_range()` for every page); the target is `load()` within 5× of it.
PDFs: the generated 6-page report (CID and embedded font), a held-out table layout and the real PDFs found on the
machine (benchmarks.pdf_corpus). Each round times the floor then load() on every PDF; medians over the rounds.
Run: `nianbao bench --pdf` or `python -m benchmarks.bench_pdf [--rounds 7]`.
"""
from __future__ import annotations

import argparse
import statistics
import time

TARGET = 5.0


def pdfium_text(data: bytes) -> int:
    """The floor: open with pdfium and read every page's text; returns the characters read."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    chars = 0
    try:
        for page in pdf:
            chars += len(page.get_textpage().get_text_range())
    finally:
        pdf.close()
    return chars


def bench_cases() -> list[tuple[str, bytes]]:
    """The generated reports, the first held-out PDF layout and the real PDFs (≤ 40 pages)."""
    from benchmarks.pdf_corpus import generated, real

    wanted = {"report-6p", "report-6p-embedded", "heldout-pdf-00", "continued-table"}
    return [c for c in generated() if c[0] in wanted] + list(real())


def _timed(fn, data: bytes) -> float:
    t0 = time.perf_counter()
    fn(data)
    return time.perf_counter() - t0


def measure_pdf(cases: list[tuple[str, bytes]], rounds: int = 7) -> list[dict]:
    """Per PDF: median seconds of the floor and of load() over interleaved rounds (after one warm-up each)."""
    import pypdfium2

    from service.core.ingest import load

    for _, data in cases:  # warm-up: imports, fonts, caches
        pdfium_text(data)
        load(data)
    floor: list[list[float]] = [[] for _ in cases]
    ours: list[list[float]] = [[] for _ in cases]
    for _ in range(rounds):
        for i, (_, data) in enumerate(cases):
            floor[i].append(_timed(pdfium_text, data))
            ours[i].append(_timed(load, data))
    return [{"name": name, "pages": len(pypdfium2.PdfDocument(data)), "rounds": rounds,
             "floor": statistics.median(floor[i]), "ours": statistics.median(ours[i]), "target": TARGET}
            for i, (name, data) in enumerate(cases)]


def run_pdf(rounds: int = 7) -> dict[str, float]:
    """Print per PDF the median ms of the floor and of load(), the ratio and the target; return {name: ratio}."""
    rows = measure_pdf(bench_cases(), rounds)
    print(f"{'pdf':<30} {'pages':>5} {'pdfium ms':>10} {'load ms':>9} {'ratio':>7} {'target':>7}")
    ratios = {}
    for r in rows:
        ratios[r["name"]] = r["ours"] / r["floor"]
        print(f"{r['name']:<30} {r['pages']:>5} {r['floor'] * 1000:>10.1f} {r['ours'] * 1000:>9.1f} "
              f"{r['ours'] / r['floor']:>6.1f}× {f'≤ {TARGET:.0f}×':>7}")
    print(f"rounds={rounds}, medians; worst ratio {max(ratios.values()):.1f}× (target ≤ {TARGET:.0f}×)")
    return ratios


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=7)
    run_pdf(ap.parse_args().rounds)
