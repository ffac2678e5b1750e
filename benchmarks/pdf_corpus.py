"""The PDFs the PDF benchmark and the before/after comparison read: generated reports, held-out table layouts,
the shapes the PDF tests draw, and any real PDFs found on the machine (Debian documentation, ../shared).

    python -m benchmarks.pdf_corpus --dump /tmp/pdf-before      # full extract JSON of every PDF, one file each
    python -m benchmarks.pdf_corpus --compare /tmp/pdf-before /tmp/pdf-after

Run `--dump` once per code version (PYTHONPATH set to the tree under test), then `--compare` the two folders:
it prints every PDF whose `tables` (cells, spans, provenance) or document text differ.
"""
from __future__ import annotations

import argparse
import io
import json
from collections.abc import Iterator
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REAL_DIRS = (SHARED, Path("/usr/share/doc"))


def _drawn() -> Iterator[tuple[str, bytes]]:
    """Small canvases like the PDF tests draw: a number across a ruling line, filled-rectangle rules, no rules."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    for name in ("straddle", "filled-rules", "unruled"):
        buf = io.BytesIO()
        c = canvas.Canvas(buf)
        c.setFont("STSong-Light", 12)
        c.drawString(72, 760, "一、总体情况：本页有一张表格，用来测试表格线。")
        if name == "straddle":
            c.grid([100, 200, 300], [600, 620, 640])
        elif name == "filled-rules":
            for y in (600, 620, 640):
                c.rect(100, y - 0.4, 200, 0.8, stroke=0, fill=1)
            for x in (100, 200, 300):
                c.rect(x - 0.4, 600, 0.8, 40, stroke=0, fill=1)
        c.drawString(110, 625, "规章")
        c.drawString(194 if name == "straddle" else 210, 605, "12")
        c.drawString(210, 625, "3")
        c.save()
        yield f"drawn-{name}", buf.getvalue()


def generated() -> Iterator[tuple[str, bytes]]:
    """Synthetic reports rendered by training.formats (CID and embedded fonts) and held-out table layouts."""
    from benchmarks.tables_heldout import make
    from training.formats import render
    from training.formats.report import Report, Table, report

    yield "report-6p", render.to_pdf(report(extra_paragraphs=22))
    yield "report-2p", render.to_pdf(report())
    if render.CJK_FONT.exists():
        yield "report-6p-embedded", render.to_pdf(report(extra_paragraphs=22), embed_font=True)
    long = Table([[("序号", 1, 1), ("事项", 1, 1), ("件数", 1, 1)]]
                 + [[(str(i), 1, 1), (f"第{i}项公开事项", 1, 1), (str(i * 3), 1, 1)] for i in range(1, 91)],
                 [60, 300, 100], 10)
    yield "continued-table", render.to_pdf(Report(["表格跨页测试"], ["一、总体情况", long, "二、主动公开政府信息情况"]))
    yield from _drawn()
    for layout in ("pdf", "blank-pdf", "subtotal-pdf"):
        for i in range(12):
            data, _ = make(layout, i, 7919)
            yield f"heldout-{layout}-{i:02d}", data


def real() -> Iterator[tuple[str, bytes]]:
    """Every PDF under ../shared and /usr/share/doc (up to 8 MB each)."""
    for folder in REAL_DIRS:
        if folder.is_dir():
            for path in sorted(folder.rglob("*.pdf")):
                if path.is_file() and path.stat().st_size < 8_000_000:
                    yield f"real-{path.stem}", path.read_bytes()


def corpus() -> list[tuple[str, bytes]]:
    return [*generated(), *real()]


def dump(out: Path) -> None:
    from service.base.errors import NianbaoError
    from service.core.pipeline import Pipeline

    pipeline = Pipeline.load()
    out.mkdir(parents=True, exist_ok=True)
    for name, data in corpus():
        try:
            result = pipeline.run(data).model_dump()
        except NianbaoError as exc:
            result = {"error": type(exc).__name__}
        (out / f"{name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(list(out.glob('*.json')))} extracts written to {out}")


def compare(before: Path, after: Path) -> int:
    """Print the PDFs whose tables or text differ; return how many."""
    differ = 0
    for path in sorted(before.glob("*.json")):
        other = after / path.name
        a = json.loads(path.read_text(encoding="utf-8"))
        b = json.loads(other.read_text(encoding="utf-8")) if other.exists() else {"missing": True}
        parts = [k for k in ("tables", "error") if a.get(k) != b.get(k)]
        if a.get("document", {}).get("text") != b.get("document", {}).get("text"):
            parts.append("text")
        if a.get("warnings") != b.get("warnings"):
            parts.append("warnings")
        if parts:
            differ += 1
            print(f"{path.stem}: differs in {', '.join(parts)}")
    print(f"{len(list(before.glob('*.json')))} PDFs compared, {differ} differ")
    return differ


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dump", type=Path, help="write the extract JSON of every PDF here")
    ap.add_argument("--compare", type=Path, nargs=2, metavar=("BEFORE", "AFTER"))
    args = ap.parse_args()
    if args.dump:
        dump(args.dump)
    if args.compare:
        raise SystemExit(1 if compare(*args.compare) else 0)


if __name__ == "__main__":
    main()
