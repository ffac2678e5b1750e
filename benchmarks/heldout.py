"""Held-out precision of the checks on generated reports in many dresses, scored by ../shared/eval/score.py.

    python -m benchmarks.heldout --n 30 [--out /tmp/heldout]    # 30 reports per dress, generator seed 7919

Reports are generated with a seed the models never saw (training uses 0 and 1000), in every heading dress
(training/dress.py) and the generator's table layouts. Some carry planted inconsistencies: a narrative figure
off by a few (the generator's own), a table-3 cell changed after the narrative was written, a part left out.
Gold files in score.py's format are written beside the texts; the pipeline runs in-process and score.py
scores its predictions (--pred-dir), so the figures are exactly the scorer's.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from service.base.vocab import load_vocab
from service.core.tables.templates import APPLICANT_COLUMNS, OTHER_SUBROWS, OUTCOME_ROWS_2021, REVIEW_KEYS
from training.dress import DRESSES
from training.generate import generate

SEED = 7919
SCORER = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "score.py"
SETS = [*DRESSES, "absent"]
FORMATS = ("html", "docx", "pdf")  # plain reports rendered through training/formats, ingested as bytes


def application_keys(template: str) -> list[str]:
    """Row keys of table 3's data rows in printed order."""
    outcomes = OUTCOME_ROWS_2021 if template == "2021" else [
        r for r in OUTCOME_ROWS_2021 if r not in OTHER_SUBROWS] + ["other_handling"]
    return ["new_received", "carried_over", *outcomes, "total_processed", "carried_forward"]


def plant_table_error(rows: dict, template: str, rng) -> list[dict]:
    """Half the time: add 1–3 to one applicant cell of table 3 (its row total and column totals then disagree)."""
    if rng.random() < 0.5:
        return []
    keys = application_keys(template)
    data = rows["applications"][3:]
    i, col = rng.randrange(len(keys)), rng.randrange(6)
    row = data[i]
    pos = len(row) - _width(rows["applications"]) + col
    row[pos] = str(int(row[pos]) + rng.choice([1, 2, 3]))
    return [{"kind": "table_arithmetic", "cells": [f"applications.{keys[i]}.{APPLICANT_COLUMNS[col]}"]}]


def _width(rows: list[list[str]]) -> int:
    """Value columns of table 3: six applicant columns and 总计, and a 小计 column when printed."""
    return 8 if "小计" in rows[2] else 7


def gold_tables(doc: dict, printed: bool = True) -> dict:
    """Cells of tables 3 and 4 as the generator wrote them (a 小计 column is no contract cell). With `printed`, a
    cell the report prints blank is null, as the contract wants it, whatever value the generator had behind it."""
    cells = {}
    rows = doc["rows"]["applications"]
    shown = doc.get("printed", {}).get("applications", rows) if printed else rows
    width = _width(rows)
    for key, row, seen in zip(application_keys(doc["template"]), rows[3:], shown[3:]):
        values, marks = row[-width:], seen[-width:]
        values, marks = values[:6] + values[-1:], marks[:6] + marks[-1:]
        cells.update({f"{key}.{c}": int(v) if str(m).strip() else None
                      for c, v, m in zip(APPLICANT_COLUMNS, values, marks)})
    review = [int(v) for v in doc["rows"]["review_litigation"][-1]]
    return {"applications": {"cells": cells}, "review_litigation": {"cells": dict(zip(REVIEW_KEYS, review))}}


_COLUMNS_2019 = {".issued": ".new_made", ".in_force": ".total_published"}


def link_cells(target: str, template: str = "2021") -> list[str]:
    """The cells a link target stands for, as the checks name them (table 2 columns of the 2019 template)."""
    groups = load_vocab("links")["groups"]
    if target in groups:
        table = target.split(".", 1)[0]
        return [f"{table}.{row}.total" for row in groups[target]]
    if template == "2019" and target.startswith("active_disclosure."):
        for old, new in _COLUMNS_2019.items():
            target = target.replace(old, new)
    return [target]


def _table_value(doc: dict, target: str, tables: dict) -> float | None:
    table = target.split(".", 1)[0]
    if table == "active_disclosure":
        return doc["values"].get(target)
    cells = tables[table]["cells"]
    return sum(cells.get(c.split(".", 1)[1], 0) for c in link_cells(target))


def _sentence(text: str, pos: int) -> str:
    start = max(text.rfind(ch, 0, pos) for ch in "。\n") + 1
    ends = [i for i in (text.find(ch, pos) for ch in "。\n") if i >= 0]
    return text[start:min(ends, default=len(text))]


def _link_gold(doc: dict, tables: dict) -> tuple[list[dict], list[dict]]:
    """(fails, pass_links) of the narrative counts that report a table cell, judged from the written values."""
    fails, links = [], []
    apps = tables["applications"]["cells"]
    for c in doc["counts"]:
        if c["target"] == "none" or c["approx"] or doc["dresses"].get(c["section"]) == "absent":
            continue
        if doc["template"] == "2019" and c["target"].endswith(".repealed"):
            continue  # the 2019 table has no column for it
        truth = _table_value(doc, c["target"], tables)
        entry = {"kind": "narrative_vs_table", "cells": link_cells(c["target"], doc["template"])}
        if truth is not None and abs(c["value"] - truth) < 1e-6:
            links.append(entry)
        elif c["target"] == "applications.new_received.total" and "受理" in _sentence(doc["text"], c["start"]) \
                and c["value"] == apps["new_received.total"] + apps["carried_over.total"]:
            continue  # 受理 may mean 一+二: that reading holds, so this is no failure
        else:
            fails.append(entry)
    overview = [(a, z) for a, z, sec, _ in doc["lines"] if sec == "overview"]
    said_none = any("未收到政府信息公开申请" in doc["text"][a:z] for a, z in overview)
    if said_none and apps["new_received.total"] != 0:
        fails.append({"kind": "narrative_vs_table", "cells": ["applications.new_received.total"]})
    return fails, links


def _sum_gold(doc: dict) -> list[dict]:
    """其中 breakdowns whose written parts add up to more than the written total (a real failure)."""
    out = []
    text = doc["text"]
    for m in re.finditer("其中", text):
        sentence_start = max(text.rfind(ch, 0, m.start()) for ch in "。\n") + 1
        end = min([i for i in (text.find(ch, m.end()) for ch in "。\n") if i >= 0], default=len(text))
        before = [c for c in doc["counts"] if sentence_start <= c["start"] < m.start()]
        parts = [c for c in doc["counts"] if m.end() <= c["start"] < end]
        exact = sum(c["value"] for c in parts if not c["approx"])
        if before and parts and not before[-1]["approx"] and exact > before[-1]["value"]:
            out.append({"kind": "narrative_arithmetic", "total": before[-1]["value"]})
    return out


def _blank_gold(doc: dict) -> list[dict]:
    """Rows printed with blank cells (a table dress leaves zeros blank): a real completeness finding each."""
    out, printed = [], doc.get("printed", {})
    apps = printed.get("applications")
    if apps:
        width = _width(apps)
        out += [{"kind": "completeness", "cells": [f"applications.{key}"]}
                for key, row in zip(application_keys(doc["template"]), apps[3:]) if "" in row[-width:]]
    if "" in printed.get("review_litigation", [[]])[-1]:
        out.append({"kind": "completeness", "cells": ["review_litigation"]})
    active = printed.get("active_disclosure", [])
    if any(len(r) > 1 and r[0] != "信息内容" and "" in r[1:] for r in active):
        out.append({"kind": "completeness", "cells": ["active_disclosure"]})
    return out


def entity_gold(doc: dict) -> dict:
    """Platforms, mentioned agencies and the items of part 五 as the generator wrote them (score.py's fields)."""
    text, groups = doc["text"], {}
    for e in doc["entities"]:
        if e["label"] == "PLATFORM":
            groups.setdefault(e["group"], {"kind": e["kind"], "aliases": set()})["aliases"].add(text[e["start"]:e["end"]])
    platforms = [{"name": g, "kind": v["kind"], "aliases": sorted(v["aliases"] - {g})} for g, v in groups.items()]
    mentioned = {text[e["start"]:e["end"]] for e in doc["entities"] if e["label"] == "AGENCY" and e["role"] == "mentioned"}
    items = {label: [text[i["start"]:i["end"]] for i in doc["items"] if i["label"] == label]
             for label in ("PROBLEM", "IMPROVEMENT")}
    return {"platforms": platforms, "agencies_must_find": sorted(mentioned),
            "problems": items["PROBLEM"], "improvements": items["IMPROVEMENT"]}


def gold_for(doc: dict) -> dict:
    """A gold file in score.py's format for one generated report."""
    tables = gold_tables(doc)
    fails, links = _link_gold(doc, gold_tables(doc, printed=False))  # what the narrative was written against
    fails += doc["planted"] + _sum_gold(doc) + _blank_gold(doc)
    fails += [{"kind": "completeness", "cells": [f"sections.{k}"]} for k, d in doc["dresses"].items() if d == "absent"]
    sections = {k: h for k, h in doc["headings"].items() if doc["dresses"][k] not in ("lost", "absent")}
    return {"id": doc["id"], "input": f"texts/{doc['id']}.txt",
            "report": {"agency": {"name": doc["agency"], "accept": []}, "year": doc["year"],
                       "template": doc["template"]},
            "sections": sections, "tables": tables, "counts": None, **entity_gold(doc),
            "checks": {"fail": fails, "pass_links": links, "narrative_arithmetic_pass": []}}


def build_set(n: int, seed: int = SEED) -> list[dict]:
    """n reports of every dress (plain ones with planted table errors too)."""
    docs = []
    for k, dress in enumerate(SETS):
        docs += generate(n, seed + k, prefix=f"heldout-{dress}", dress=dress, mutate=plant_table_error)
    return docs


def structured(doc: dict) -> dict:
    """A generated report as training/formats' model: its lines as paragraphs, each table's rows as one grid."""
    from training.formats.report import Report, Table
    from training.tables_dress import grid

    blocks: list = []
    seen = set()
    for start, end, section, role in doc["lines"]:
        if role != "table_row":
            blocks.append(doc["text"][start:end])
        elif section not in seen and section in doc["printed"]:
            seen.add(section)
            cells, widths = grid(section, doc["printed"][section])
            blocks.append(Table(cells, widths, 7.5))
    return Report(["", ""], [b for b in blocks if not isinstance(b, str) or b.strip()])


def rendered(docs: list[dict], n: int) -> list[dict]:
    """n plain reports per format of FORMATS, as {**doc, "id": …, "bytes": …, "format": …}."""
    from training.formats import render

    plain = [d for d in docs if d["dresses"] and set(d["dresses"].values()) == {"plain"}][:n]
    out = []
    for fmt in FORMATS:
        to = {"html": render.to_html, "docx": render.to_docx, "pdf": render.to_pdf}[fmt]
        out += [{**d, "id": f"{d['id']}-{fmt}", "format": fmt, "bytes": to(structured(d))} for d in plain]
    return out


def write(docs: list[dict], out: Path) -> None:
    """Texts (or rendered files), gold files and the pipeline's predictions under `out`."""
    from service.core.pipeline import Pipeline

    pipeline = Pipeline.load()
    for sub in ("texts", "gold", "pred"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    for doc in docs:
        data = doc.get("bytes", doc["text"])
        name = f"{doc['id']}.{doc.get('format', 'txt')}"
        if isinstance(data, bytes):
            (out / "texts" / name).write_bytes(data)
        else:
            (out / "texts" / name).write_text(data, encoding="utf-8")
        gold = dict(gold_for(doc), input=f"texts/{name}")
        (out / "gold" / f"{doc['id']}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1),
                                                         encoding="utf-8")
        report = pipeline.run(data)
        (out / "pred" / f"{doc['id']}.json").write_text(report.model_dump_json(), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=30, help="reports per dress")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--out", type=Path, default=None,
                    help="where the set, predictions and scores go (default: a fresh temporary folder, so two runs "
                         "never mix)")
    ap.add_argument("--formats", type=int, default=None,
                    help="plain reports rendered per format (html, docx, pdf), scored apart; default n // 4")
    args = ap.parse_args()
    args.out = args.out or Path(tempfile.mkdtemp(prefix="nianbao-heldout-"))
    docs = build_set(args.n, args.seed)
    files = rendered(docs, args.n // 4 if args.formats is None else args.formats)
    for name, part in (("text", docs), ("formats", files)):
        if not part:
            continue
        write(part, args.out / name)
        cmd = [sys.executable, str(SCORER), "--gold", str(args.out / name / "gold"), "--pred-dir",
               str(args.out / name / "pred"), "--json-out", str(args.out / name / "scores.json")]
        lines = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines()
        print(f"[{name}]", lines[-1])


if __name__ == "__main__":
    main()
