"""Benchmark (not a test): every input path beside the simplest thing that does part of its job, in one run.

    nianbao bench --formats            # or: python -m benchmarks.bench_formats [--rounds 5]

Each path is timed interleaved with its floor, so both see the same machine load; medians over the rounds:

| path                                  | floor                                             | target  |
|---------------------------------------|---------------------------------------------------|---------|
| POST /v1/extract (seeds, generated)   | `jieba.lcut` of the same text                     | ≤ 1.5×  |
| text-layer PDF → `ingest.load`        | pypdfium2 opening it and reading every page's text | ≤ 5×    |
| scanned A4 page at 200 dpi → `load`   | one plain `RapidOCR()(image)` call on the page    | ≤ 0.4× (dense page) |
| HTML / DOCX → `load`                  | lxml `text_content()` / python-docx paragraph text | —       |

Then the whole extraction (`Pipeline.run`) of one report per format, and from those measured seconds the
national-year estimate: reports per core-hour by format and the core-hours for 100,000 reports at an explicit
format mix (MIX). Needs tests/fixtures' generator (training/) and, for scans, Debian's fonts-wqy-zenhei.
"""
from __future__ import annotations

import argparse
import io
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
NATIONAL_YEAR = 100_000  # reports a year, all units
SCAN_PAGES = 6  # pages of a typical scanned report (the six-part form with its three tables)
# Assumed share of each format among published reports; stated, not measured (change it here, the figures follow).
MIX = {"web page (HTML)": 0.30, "Word (DOCX)": 0.10, "text-layer PDF": 0.45, f"scanned PDF ({SCAN_PAGES} pages)": 0.15}


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def interleaved(pairs: list[tuple[Callable[[], object], Callable[[], object]]], rounds: int) -> list[tuple[float, float]]:
    """Per (floor, ours) pair: the medians of both over `rounds` interleaved rounds, after one warm-up each."""
    for floor, ours in pairs:
        floor(), ours()
    times: list[tuple[list[float], list[float]]] = [([], []) for _ in pairs]
    for _ in range(rounds):
        for (floor, ours), (tf, to) in zip(pairs, times, strict=True):
            tf.append(_timed(floor))
            to.append(_timed(ours))
    return [(statistics.median(tf), statistics.median(to)) for tf, to in times]


def _line(path: str, floor_name: str, floor_s: float, ours_s: float, target: float | None) -> str:
    ratio = ours_s / floor_s
    verdict = "—" if target is None else ("met" if ratio <= target else "NOT MET")
    goal = f"≤ {target:g}×" if target is not None else "—"
    return (f"{path:<38} {_ms(ours_s):>10} {floor_name:<22} {_ms(floor_s):>10} {ratio:>7.2f}× {goal:>7} {verdict}")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def http_rows(rounds: int) -> list[tuple[str, str, float, float, float | None]]:
    """POST /v1/extract against jieba.lcut on the seeds (when present) and generated reports, one server worker."""
    from benchmarks.bench_ratio import ratio_texts
    from benchmarks.load import speed_samples, start_server

    pairs = [p for p in ratio_texts(20) if p[0] in ("seeds", "generated")]
    proc, base = start_server(1, 10.0)
    try:
        seg, post = speed_samples(base, pairs, rounds)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    rows = []
    for group in dict.fromkeys(g for g, _ in pairs):
        idx = [i for i, (g, _) in enumerate(pairs) if g == group]
        s50 = statistics.median(v for i in idx for v in seg[i])
        p50 = statistics.median(v for i in idx for v in post[i])
        rows.append((f"POST /v1/extract, {group} (n={len(idx)})", "jieba.lcut", s50, p50, 1.5))
    return rows


def pdf_rows(rounds: int) -> list[tuple[str, str, float, float, float | None]]:
    """The generated 6-page report (CID and embedded font) and the real PDFs on the machine, against pdfium text."""
    from benchmarks.bench_pdf import TARGET, bench_cases, measure_pdf

    cases = [c for c in bench_cases() if c[0].startswith(("report-6p", "real-"))]
    return [(f"PDF {r['name']} ({r['pages']} p)", "pypdfium2 text", r["floor"], r["ours"], TARGET)
            for r in measure_pdf(cases, rounds)]


def scan_rows(rounds: int) -> list[tuple[str, str, float, float, float | None]]:
    """The dense and the light scanned page against one plain RapidOCR call on each."""
    from benchmarks.bench_scans import measure_scans

    return [(f"scanned page, {r['name']} (200 dpi)", "plain RapidOCR", r["floor"], r["ours"], r["target"])
            for r in measure_scans(rounds)]


def markup_rows(rounds: int) -> list[tuple[str, str, float, float, float | None]]:
    """HTML and DOCX of the same report against the parsers' own plain text reading."""
    import docx
    import lxml.html

    from service.core.ingest import load
    from training.formats import render
    from training.formats.report import report

    rep = report(extra_paragraphs=22)
    html, docx_bytes = render.to_html(rep), render.to_docx(rep)
    pairs = [(lambda: lxml.html.fromstring(html).text_content(), lambda: load(html)),
             (lambda: [p.text for p in docx.Document(io.BytesIO(docx_bytes)).paragraphs], lambda: load(docx_bytes))]
    (hf, ho), (df, do) = interleaved(pairs, rounds)
    return [("HTML (GBK) → load", "lxml text_content", hf, ho, None),
            ("DOCX → load", "python-docx text", df, do, None)]


def whole_reports(rounds: int) -> dict[str, float]:
    """Median seconds of Pipeline.run on one report in each format of MIX (a scanned report: pages × one page)."""
    from service import get_pipeline
    from service.core.ingest import load
    from training.formats import render
    from training.formats.report import report

    pipeline = get_pipeline()
    rep = report(extra_paragraphs=22)
    inputs = {"web page (HTML)": render.to_html(rep), "Word (DOCX)": render.to_docx(rep),
              "text-layer PDF": render.to_pdf(rep)}
    out = {}
    for name, data in inputs.items():
        pipeline.run(data)
        out[name] = statistics.median(_timed(lambda d=data: pipeline.run(d)) for _ in range(rounds))
    scan_name = next(k for k in MIX if k.startswith("scanned"))
    if render.CJK_FONT.exists():
        pages = [render.to_image_bytes([p]) for p in render.to_scans(report(), dpi=200)]
        per_page = statistics.median(_timed(lambda d=d: load(d)) for d in pages for _ in range(max(1, rounds // 2)))
        text = pipeline.run(inputs["text-layer PDF"]).document.text
        out[scan_name] = SCAN_PAGES * per_page + statistics.median(
            _timed(lambda: pipeline.run(text)) for _ in range(rounds))
    return out


def _ocr_threads() -> int:
    from service.base.settings import get_settings

    n = get_settings().ocr_threads
    return n if n > 0 else min(4, os.cpu_count() or 1)


def national_estimate(seconds: dict[str, float]) -> list[str]:
    """Reports per core-hour by format and core-hours for a national year at MIX, from the measured seconds."""
    lines = [f"{'format':<24} {'share':>6} {'s/report':>9} {'cores':>5} {'reports/core-hour':>18}"]
    core_seconds = 0.0
    for name, share in MIX.items():
        if name not in seconds:
            lines.append(f"{name:<24} {share:>6.0%}   (not measured here)")
            continue
        cores = _ocr_threads() if name.startswith("scanned") else 1  # OCR runs on this many threads
        cs = seconds[name] * cores
        core_seconds += share * cs
        lines.append(f"{name:<24} {share:>6.0%} {seconds[name]:>9.3f} {cores:>5} {3600 / cs:>18,.0f}")
    if all(k in seconds for k in MIX):
        hours = NATIONAL_YEAR * core_seconds / 3600
        cpus = os.cpu_count() or 1
        lines.append(f"national year ({NATIONAL_YEAR:,} reports at this mix): {hours:,.1f} core-hours, "
                     f"≈ {hours / cpus:,.1f} h on this {cpus}-core machine with ideal scaling "
                     f"(see `nianbao bench --batch` for the measured 2-vs-1 worker scaling)")
    return lines


def run_formats(rounds: int = 5, http: bool = True) -> None:
    """Print every path beside its floor, then the whole-report times and the national-year estimate."""
    cpus = os.cpu_count() or 1
    print(f"machine: {cpus} cores; medians of {rounds} interleaved rounds (scans at least 3); load {os.getloadavg()[0]:.2f}")
    print(f"{'path':<38} {'nianbao':>10} {'floor':<22} {'floor':>10} {'ratio':>8} {'target':>7}")
    groups = [pdf_rows, scan_rows, markup_rows] + ([http_rows] if http else [])
    for measure in groups:
        for row in measure(rounds):
            print(_line(*row), flush=True)
    print("\nwhole report (Pipeline.run, one worker), and the national-year estimate from these figures:")
    for line in national_estimate(whole_reports(rounds)):
        print(line)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--no-http", action="store_true", help="skip the server (HTTP path)")
    args = ap.parse_args(argv)
    run_formats(args.rounds, http=not args.no_http)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
