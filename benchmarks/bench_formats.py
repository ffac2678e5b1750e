"""Benchmark per input format (not a test): a 6-page text-layer PDF, HTML, DOCX and scanned A4 pages at 200 dpi.

Run: `python -m benchmarks.bench_formats` (or `nianbao bench --formats`). Needs the test fixtures (tests/fixtures)
and, for scans, Debian's fonts-wqy-zenhei.
"""
from __future__ import annotations

import statistics
import time


def _median_ms(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, max(times) * 1000


def run_formats(repeat: int = 5) -> None:
    """Print median and worst time per document (or per scanned page)."""
    from service import get_pipeline
    from service.ingest.image import get_ocr
    from tests.fixtures import nianbao_render as render
    from tests.fixtures.nianbao_report import report

    pipeline = get_pipeline()
    rep = report(extra_paragraphs=20)  # six A4 pages
    pdf = render.to_pdf(rep)
    pages = pipeline.run(pdf).document.pages
    print(f"text-layer PDF ({pages} pages): median {_median_ms(lambda: pipeline.run(pdf), repeat)[0]:.0f} ms")
    for name, data in (("HTML", render.to_html(rep)), ("DOCX", render.to_docx(rep))):
        print(f"{name}: median {_median_ms(lambda d=data: pipeline.run(d), repeat)[0]:.0f} ms")
    if not render.CJK_FONT.exists():
        print("scanned pages: skipped (fonts-wqy-zenhei not installed)")
        return
    get_ocr()
    scans = render.to_scans(report(), dpi=200)
    per_page = []
    for image in scans:
        data = render.to_image_bytes([image], "PNG")
        per_page.append(_median_ms(lambda d=data: pipeline.run(d), max(1, repeat // 2))[0])
    print(f"scanned A4 page at 200 dpi: median {statistics.median(per_page):.0f} ms, "
          f"per page {', '.join(f'{p:.0f}' for p in per_page)} ms")


if __name__ == "__main__":
    run_formats()
