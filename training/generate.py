"""Deterministic synthetic report generator: full reports with exact character-span labels, as JSONL.

Usage: python -m training.generate --out corpora/synthetic/train.jsonl --n 600 --seed 0
"""
from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from training import agency_dress, prose, tables_dress, tables_gen
from training.builder import Builder, Piece, finish, render
from training.dress import dressed, pick_dresses
from training.filler import Filler
from training.world import make_world

NUMERALS = "一二三四五六七八九十"
HEADINGS = {
    "overview": ["总体情况"],
    "active_disclosure": ["主动公开政府信息情况"],
    "applications": ["收到和处理政府信息公开申请情况"],
    "review_litigation": ["政府信息公开行政复议、行政诉讼情况", "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
                          "政府信息公开行政复议和行政诉讼情况"],
    "problems": ["存在的主要问题及改进情况", "存在的主要问题和改进情况", "存在的主要问题及改进措施"],
    "other_matters": ["其他需要报告的事项"],
    "notes": ["相关说明", "其他需要说明的事项", "附则"],
}
SUBHEADS = ["主动公开情况", "依申请公开情况", "政府信息管理情况", "政府信息公开平台建设情况", "监督保障情况"]
SUBBODIES = [prose.ACTIVE, prose.APPLY, prose.MANAGE, prose.PLATFORM_BUILD, prose.SUPERVISE]
ENUMS = {"shi": lambda i: f"{NUMERALS[i]}是", "paren": lambda i: f"（{NUMERALS[i]}）", "dot": lambda i: f"{i + 1}.",
         "dun": lambda i: f"{i + 1}、", "di": lambda i: f"第{NUMERALS[i]}，", "num": lambda i: f"({i + 1})"}


def _heading_number(rng: random.Random, i: int) -> str:
    return rng.choice([f"{NUMERALS[i]}、", f"{NUMERALS[i]}、", f"{NUMERALS[i]}.", f"{NUMERALS[i]} ",
                       f"第{NUMERALS[i]}部分 ", f"{NUMERALS[i]}、 "])


def _paragraph(b: Builder, rng: random.Random, parts: list, section: str) -> None:
    """A paragraph as one line, or hard-wrapped the way PDF text arrives."""
    if rng.random() < 0.25:
        text_len = sum(len(p if isinstance(p, str) else p.text) for p in parts)
        width = rng.randint(28, 45)
        if text_len > width:
            _wrapped(b, parts, width, section)
            return
    b.line(parts, section, "narrative")


def _wrapped(b: Builder, parts: list, width: int, section: str) -> None:
    line, size = [], 0
    for p in parts:
        line.append(p)
        size += len(p if isinstance(p, str) else p.text)
        if size >= width:
            b.line(line, section, "narrative")
            line, size = [], 0
    if line:
        b.line(line, section, "narrative")


def _sentences(rng: random.Random, fill: Filler, pool: list[str], k: int) -> list:
    have = {p.kind for p in fill.w.platforms}
    pool = [t for t in pool if set(re.findall(r"\{p:(\w+)\}", t)) <= have] or pool[-1:]
    out: list = []
    for t in rng.sample(pool, min(k, len(pool))):
        out.extend(fill.breakdown(render(t, fill)))
    return out


def _heading(b: Builder, rng: random.Random, i: int, key: str, dress: str = "plain") -> None:
    number, title = _heading_number(rng, i), rng.choice(HEADINGS[key])
    text = number + title
    b.headings[key] = text
    if dress != "plain":
        dressed(b, number, title, key, dress)
        return
    if rng.random() < 0.08 and len(text) > 12:  # a heading broken over two lines
        cut = rng.randint(6, len(text) - 3)
        b.line(text[:cut], key, "heading")
        b.line(text[cut:], key, "heading")
    else:
        b.line(text, key, "heading")
    if rng.random() < 0.5:
        b.blank()


def _overview(b: Builder, rng: random.Random, fill: Filler, has_apps: bool) -> None:
    b.line(render(rng.choice(prose.OVERVIEW_INTRO), fill), "overview", "narrative")
    style = rng.choice(["line", "inline", "inline", "none"])
    for i, (head, pool) in enumerate(zip(SUBHEADS, SUBBODIES)):
        body = _sentences(rng, fill, pool if (i != 1 or has_apps) else pool[-1:], rng.randint(1, 4))
        if style == "line":
            b.line(f"（{NUMERALS[i]}）{head}", "overview", "narrative")
            _paragraph(b, rng, body, "overview")
        elif style == "inline":
            _paragraph(b, rng, [f"（{NUMERALS[i]}）{head}。", *body], "overview")
        else:
            _paragraph(b, rng, [f"{NUMERALS[i]}是", *body], "overview")
        if rng.random() < 0.3:
            b.blank()


def _table(b: Builder, rng: random.Random, rows: list[list[str]], section: str) -> None:
    style = rng.choice(["tab", "tab", "shifted", "cells", "space", "pipe", *(["blocks"] if section == "applications" else [])])
    rows = tables_dress.dress(rng, section, rows, style)
    b.tables[section] = rows
    for text in tables_gen.layout(rng, rows, style):
        if text.strip():
            b.line(text, section, "table_row")
        else:
            b.blank()


def _items(b: Builder, rng: random.Random, fill: Filler, pool: list[str], label: str) -> None:
    """A problem / improvement list in one of the enumeration styles reports use."""
    chosen = rng.sample(pool, rng.randint(2, 4))
    enum = ENUMS[rng.choice(list(ENUMS))]
    one_line = rng.random() < 0.5
    parts: list = []
    for i, t in enumerate(chosen):
        body = render(t, fill)
        text = "".join(p if isinstance(p, str) else p.text for p in body)
        item = [enum(i), Piece(text, label), rng.choice(["；", "。"]) if one_line else "。"]
        if one_line:
            parts.extend(item)
        else:
            b.line(item, "problems", "narrative")
    if one_line:
        _paragraph(b, rng, parts, "problems")


def _problems(b: Builder, rng: random.Random, fill: Filler) -> None:
    b.line(rng.choice(["存在的主要问题：", "（一）存在的主要问题", "一年来工作取得了一定成效，但仍存在一些不足："]),
           "problems", "narrative")
    _items(b, rng, fill, prose.PROBLEMS, "PROBLEM")
    b.line(rng.choice(["改进措施：", "（二）改进情况", "下一步，我们将重点做好以下工作："]), "problems", "narrative")
    _items(b, rng, fill, prose.IMPROVEMENTS, "IMPROVEMENT")


def _values(rng: random.Random, template: str) -> tuple[dict[str, float], dict[str, list]]:
    """Table values that the narrative's linked counts report, and the rows of tables 2–4."""
    apps = tables_gen.application_values(rng)
    t2, active = tables_gen.active_rows(rng, template)
    t4, review = tables_gen.review_rows(rng)
    subtotal = rng.random() < 0.1  # a 法人或其他组织小计 column
    rows = {"active_disclosure": t2, "applications": tables_gen.application_rows(rng, apps, template, subtotal),
            "review_litigation": t4}
    values: dict[str, float] = {f"applications.{k}" + (".total" if k in (
        "new_received", "carried_over", "total_processed", "carried_forward", "granted", "partially_granted")
        else ""): v for k, v in apps.items()}
    values.update({f"active_disclosure.{k}": v for k, v in active.items()})
    values.update({"review_litigation.review.total": review["review"],
                   "review_litigation.litigation": review["litigation"]})
    return values, rows


def _section_body(b: Builder, rng: random.Random, fill: Filler, key: str, rows: dict, has_apps: bool) -> None:
    if key == "overview":
        _overview(b, rng, fill, has_apps)
    elif key in rows:
        pool = {"active_disclosure": prose.ACTIVE, "applications": prose.APPLY, "review_litigation": prose.REVIEW}
        if rng.random() < 0.3:
            b.line(_sentences(rng, fill, pool[key][12:] if key == "active_disclosure" else pool[key], 1), key,
                   "narrative")
        _table(b, rng, rows[key], key)
    elif key == "problems":
        _problems(b, rng, fill)
    else:
        pool = prose.OTHER_MATTERS if key == "other_matters" else prose.NOTES
        _paragraph(b, rng, _sentences(rng, fill, pool, rng.randint(1, 3)), key)


def build(rng: random.Random, doc_id: str, dress: str | None = None, mutate=None) -> dict:
    """One labelled synthetic report; `dress` forces a heading dress (see training/dress.py), else one is drawn.

    `mutate(rows, template, rng)` may change table rows after the narrative values are fixed (planted table
    errors) and returns what it planted.
    """
    year = rng.randint(2019, 2025)
    template = "2019" if year < 2021 or (year == 2021 and rng.random() < 0.5) else "2021"
    w = make_world(rng)
    values, rows = _values(rng, template)
    planted = mutate(rows, template, random.Random(f"plant-{doc_id}")) if mutate else []
    fill = Filler(rng, w, year, values)
    b = Builder()
    if agency_dress.opening(b, rng, w, year):
        _paragraph(b, rng, _sentences(rng, fill, prose.PREAMBLE, rng.randint(1, 3)), "preamble")
    keys = list(HEADINGS)[: rng.choice([6, 6, 7, 7, 7])]
    has_apps = values["applications.new_received.total"] > 0 or rng.random() < 0.5
    dresses = pick_dresses(doc_id, keys, dress)
    for i, key in enumerate(keys):
        if dresses[key] == "absent":
            continue
        _heading(b, rng, i, key, dresses[key])
        _section_body(b, rng, fill, key, rows, has_apps)
    last = [k for k in keys if dresses[k] != "absent"][-1]
    if rng.random() < 0.4:
        b.line([Piece(w.full, "AGENCY", {"role": "reporting", "group": w.full})], last, "furniture")
        b.line(f"{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日", last, "furniture")
    text, spans, lines = finish(b)
    return {"id": doc_id, "year": year, "template": template, "agency": w.full, "agency_accept": w.shorts[-1:],
            "text": text, "lines": lines, "dresses": dresses, "values": values, "headings": b.headings, "rows": rows,
            "printed": b.tables, "planted": planted,
            "entities": [s for s in spans if s["label"] in ("AGENCY", "PLATFORM")],
            "counts": [_count_context(text, s, lines) for s in spans if s["label"] == "COUNT"],
            "items": [s for s in spans if s["label"] in ("PROBLEM", "IMPROVEMENT")]}


_BOUNDARY = re.compile(r"[，,。；;：:、（(\n]|其中")
_LEAD = re.compile(r"^(?:\d{4}\s*年度?|全年|本年度|今年|共计|累计|共|并|已|其中|另|均)+")


def _count_context(text: str, span: dict, lines: list[list]) -> dict:
    """A count as the extractor reports it: subject (the clause before the number), text and section."""
    start = span["start"]
    clause_start = max((m.end() for m in _BOUNDARY.finditer(text, max(0, start - 40), start)), default=start - 40)
    clause_start = max(clause_start, text.rfind("\n", 0, start) + 1)
    subject = _LEAD.sub("", text[clause_start:start]).rstrip("达为计约共 ")
    section = next((sec for a, z, sec, _ in lines if a <= start < z), None)
    return {**span, "subject": subject, "text": text[clause_start:span["end"]], "section": section}


def generate(n: int, seed: int = 0, prefix: str = "syn", dress: str | None = None, mutate=None) -> list[dict]:
    """n labelled documents; the same (n, seed) always gives the same documents."""
    rng = random.Random(seed)
    return [build(random.Random(rng.getrandbits(64)), f"{prefix}-{seed}-{i:05d}", dress, mutate) for i in range(n)]


def write_jsonl(docs: list[dict], path: Path) -> None:
    """Write documents one JSON object a line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=Path("corpora/synthetic/train.jsonl"))
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    write_jsonl(generate(args.n, args.seed), args.out)


if __name__ == "__main__":
    main()
