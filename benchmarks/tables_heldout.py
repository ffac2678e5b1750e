"""Held-out table cells (not a test): generated reports in many table layouts, scored by ../shared/eval/score.py.

Run: `python benchmarks/tables_heldout.py [--n 10] [--seed 7919]`. The seed differs from training (corpus seed 0),
so no report seen here was in the training corpus. Each layout's reports are written with their gold cells,
extracted in-process, and scored with score.py's `tables` column (cell accuracy; blank cells are null).
Needs reportlab (dev extra) for the PDF layouts and ../shared/eval/score.py.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from training import tables_dress as dress
from training import tables_gen

SCORE = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"
NAMES = {"active_disclosure": "二、主动公开政府信息情况", "applications": "三、收到和处理政府信息公开申请情况",
         "review_litigation": "四、政府信息公开行政复议、行政诉讼情况"}
# layout name → (dresses of table 3/4 cells, how the tables are written)
LAYOUTS = {
    "tab": ((), "tab"), "shifted": ((), "shifted"), "cells": ((), "cells"), "space": ((), "space"),
    "pipe": ((), "pipe"), "blocks": ((), "blocks"), "html": ((), "html"), "docx": ((), "docx"), "pdf": ((), "pdf"),
    "blank-tab": (("blank",), "tab"), "blank-pipe": (("blank",), "pipe"), "blank-cells": (("blank",), "cells"),
    "blank-html": (("blank",), "html"), "blank-docx": (("blank",), "docx"), "blank-pdf": (("blank",), "pdf"),
    "subtotal-tab": (("subtotal",), "tab"), "subtotal-space": (("subtotal",), "space"),
    "subtotal-html": (("subtotal",), "html"), "subtotal-pdf": (("subtotal", "blank"), "pdf"),
    "ocr-tab": (("ocr",), "tab"), "ocr-space": (("ocr",), "space"), "ocr-cells": (("ocr",), "cells"),
    "misprint-tab": (("misprint",), "tab"), "misprint-space": (("misprint",), "space"),
    "misprint-pipe": (("misprint",), "pipe"), "misprint-html": (("misprint", "blank"), "html"),
    "blocks-blank": (("blank",), "blocks"),
}
PROSE = ("本年度，本机关认真贯彻落实政务公开各项要求，持续完善信息发布、解读回应和依申请办理等制度。",
         "本机关主动公开政府信息的数量与去年基本持平，各项统计见下表。",
         "一是公开内容不够全面；二是解读形式较为单一。下一步将加强培训，提升公开质量。",
         "本年度未收取信息处理费。无其他需要报告的事项。")


def _tables(rng: random.Random, template: str, dresses: tuple[str, ...], bar: bool) -> tuple[dict, dict]:
    """Flat rows of the three tables after their dresses, and the gold cells."""
    apps = tables_gen.application_rows(rng, tables_gen.application_values(rng), template, "subtotal" in dresses)
    t2, _ = tables_gen.active_rows(rng, template)
    t4, _ = tables_gen.review_rows(rng)
    width = 8 if "subtotal" in dresses else 7
    if "blank" in dresses:
        apps = dress.blank_zeros(rng, apps, width)
    rows = {"active_disclosure": t2, "applications": apps, "review_litigation": t4}
    gold = {name: {"cells": dress.gold_cells(name, r, template)} for name, r in rows.items()}
    if "ocr" in dresses:
        rows["applications"] = dress.ocr_confuse(rng, apps, width, bar=bar)
        rows["review_litigation"] = dress.ocr_confuse(rng, t4, 15, bar=bar)
    if "misprint" in dresses:
        rows["applications"] = dress.misprint(rng, rows["applications"], width)
        rows["active_disclosure"] = dress.misprint_active(rng, t2)
    return rows, gold


def _text(title: str, rows: dict, style: str, rng: random.Random) -> str:
    lines = [title, "", "一、总体情况", PROSE[0], ""]
    for name, table in rows.items():
        lines += [NAMES[name], PROSE[1]]
        if style == "blocks" and name == "applications":
            lines += dress.blocks(table, 8 if "小计" in table[2] else 7)
        else:
            lines += tables_gen.layout(rng, table, "pipe" if style == "blocks" else style)
        lines.append("")
    return "\n".join(lines + ["五、存在的主要问题及改进情况", PROSE[2], "", "六、其他需要报告的事项", PROSE[3], ""])


def _structured(title: str, rows: dict, style: str) -> bytes:
    from training.formats import render
    from training.formats.report import Report, Table

    blocks: list = ["一、总体情况", PROSE[0]]
    for name, table in rows.items():
        cells, widths = dress.grid(name, table)
        blocks += [NAMES[name], PROSE[1], Table(cells, widths, 7.5)]
    blocks += ["五、存在的主要问题及改进情况", PROSE[2], "六、其他需要报告的事项", PROSE[3]]
    rep = Report([title.split("2")[0], title], blocks)
    return {"html": render.to_html, "docx": render.to_docx, "pdf": render.to_pdf}[style](rep)


def make(layout: str, i: int, seed: int) -> tuple[bytes | str, dict]:
    """One held-out report in `layout` and its gold (score.py's format)."""
    rng = random.Random(f"{seed}-{layout}-{i}")
    dresses, style = LAYOUTS[layout]
    year = rng.randint(2019, 2024)
    template = "2019" if year < 2021 else "2021"
    agency = rng.choice(["青禾县", "北川区", "云岭市", "柳溪镇"]) + rng.choice(["教育局", "自然资源局", "人民政府办公室"])
    title = f"{agency}{year}年政府信息公开工作年度报告"
    rows, gold = _tables(rng, template, dresses, bar=style not in ("pipe", "blocks"))
    data = _text(title, rows, style, rng) if style not in ("html", "docx", "pdf") else _structured(title, rows, style)
    doc_id = f"{layout}-{i:03d}"
    return data, {"id": doc_id, "input": doc_id, "report": {"agency": {"name": agency}, "year": year},
                  "tables": gold}


def _score(score: Path, gold_dir: Path, pred_dir: Path) -> str:
    done = subprocess.run([sys.executable, str(score), "--gold", str(gold_dir), "--pred-dir", str(pred_dir)],
                          capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


def run(layouts: list[str], n: int, seed: int, out: Path, score: Path = SCORE) -> dict[str, str]:
    """Extract and score every layout, then all of them pooled ("ALL"); {layout: score.py's summary line}."""
    from service.core.pipeline import Pipeline

    pipeline = Pipeline.load()
    lines = {}
    for layout in ["ALL", *layouts]:
        for part in ("gold", "pred"):
            (out / layout / part).mkdir(parents=True, exist_ok=True)
    for layout in [*layouts, "ALL"]:
        gold_dir, pred_dir = out / layout / "gold", out / layout / "pred"
        for i in range(n if layout != "ALL" else 0):
            data, gold = make(layout, i, seed)
            pred = json.dumps(pipeline.run(data).model_dump(), ensure_ascii=False)
            gold_text = json.dumps(gold, ensure_ascii=False)
            for d in (out / layout, out / "ALL"):
                (d / "gold" / f"{gold['id']}.json").write_text(gold_text, encoding="utf-8")
                (d / "pred" / f"{gold['id']}.json").write_text(pred, encoding="utf-8")
        lines[layout] = _score(score, gold_dir, pred_dir)
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=10, help="reports per layout")
    ap.add_argument("--seed", type=int, default=7919)
    ap.add_argument("--layouts", nargs="*", default=list(LAYOUTS))
    ap.add_argument("--keep", type=Path, help="keep gold/pred files here")
    ap.add_argument("--score", type=Path, default=SCORE, help="path of ../shared/eval/score.py")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        lines = run(args.layouts, args.n, args.seed, args.keep or Path(tmp), args.score)
    figures = {layout: float(re.search(r"tables=([\d.]+)", line).group(1)) for layout, line in lines.items()}
    for layout, figure in figures.items():
        print(f"{layout:16s} tables={figure:.3f}")
    per_layout = [v for k, v in figures.items() if k != "ALL"]
    print(f"held-out table cells: docs={args.n * len(per_layout)} layouts={len(per_layout)} "
          f"pooled={figures['ALL']:.3f} worst layout={min(per_layout):.3f}")


if __name__ == "__main__":
    main()
