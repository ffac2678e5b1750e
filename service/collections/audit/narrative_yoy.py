"""Year-on-year statements of the narrative (较去年增长12.3%, 比上年多3件) checked against last year's table."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from service.base.vocab import load_vocab
from service.collections.audit.entries import Entry
from service.collections.audit.findings import Pair, cell, cell_span, finding

_CLAUSE_END = re.compile(r"[，,。；;：:！？\n]")


@dataclass
class Statement:
    text: str
    span: tuple[int, int]
    sign: int  # +1 up, −1 down
    number: float
    decimals: int
    percent: bool
    ref_year: int | None


@cache
def _patterns() -> list[tuple[re.Pattern, bool]]:
    v = load_vocab("audit")["yoy"]
    dirs = "|".join(sorted(v["up"] + v["down"], key=len, reverse=True))
    fill = {"ref": v["ref"], "dirs": dirs}
    return [(re.compile(v[k].replace("{ref}", fill["ref"]).replace("{dirs}", dirs)), k != "diff")
            for k in ("percent", "percent_same_period", "diff")]


def statements(text: str) -> list[Statement]:
    """Every year-on-year statement in the text, with its span."""
    up = set(load_vocab("audit")["yoy"]["up"])
    out, seen = [], set()
    for pattern, percent in _patterns():
        for m in pattern.finditer(text):
            if m.start() in seen:
                continue
            seen.add(m.start())
            num = m.group("num")
            ref = m.groupdict().get("ref_year")
            out.append(Statement(m.group(0), m.span(), 1 if m.group("dir") in up else -1, float(num),
                                 len(num.split(".")[1]) if "." in num else 0, percent, int(ref) if ref else None))
    return sorted(out, key=lambda s: s.span)


def _linked_cells(entry: Entry, stmt: Statement) -> tuple[list[str], tuple[int, int] | None]:
    """Cells of a passing narrative_vs_table check on the count right before the statement."""
    gap = load_vocab("audit")["yoy"]["gap"]
    before = [c for c in entry.result.get("counts") or [] if c["span"][1] <= stmt.span[0]]
    if not before:
        return [], None
    count = max(before, key=lambda c: c["span"][1])
    between = entry.text[count["span"][1]:stmt.span[0]]
    if len(between) > gap or re.search(r"[。；;\n]", between) or count.get("approx"):
        return [], None
    for check in entry.result.get("checks") or []:
        spans = check.get("spans") or []
        if check.get("kind") == "narrative_vs_table" and spans and list(spans[0]) == list(count["span"]):
            return (check.get("cells") or [] if check.get("status") == "pass" else []), tuple(count["span"])
    return [], None


def _subject_cells(entry: Entry, stmt: Statement) -> list[str]:
    """Cells named by the clause that ends at the statement (申请数量较去年…)."""
    start = max((m.end() for m in _CLAUSE_END.finditer(entry.text, max(0, stmt.span[0] - 60), stmt.span[0])),
                default=max(0, stmt.span[0] - 60))
    clause = entry.text[start:stmt.span[0]].strip()
    for rule in load_vocab("audit")["yoy"]["subjects"]:
        if re.search(rule["pattern"], clause):
            return list(rule["cells"])
    return []


def _total(entry: Entry, cells: list[str]) -> float | None:
    values = [cell(entry, c) for c in cells]
    return None if not values or None in values else sum(values)


def _judge(pair: Pair, n: int, stmt: Statement, cells: list[str], now: float, before: float,
           count_span: tuple[int, int] | None) -> dict | None:
    stated = stmt.sign * stmt.number
    if stmt.percent:
        if before == 0:
            return None
        computed = round((now - before) / before * 100, stmt.decimals + 2)
        tol = 10.0 ** -stmt.decimals
        diff = abs(computed - stated)
        status = "pass" if diff <= tol + 1e-9 else "fail" if diff > 3 * tol + 0.5 else "uncertain"
        shown = f"{abs(computed):.{stmt.decimals + 1}f}%"
    else:
        computed = now - before
        status = "pass" if computed == stated else "fail"
        shown = f"{abs(computed):g}件"
    y0, y1 = pair.years
    word = "增长" if computed > 0 else "下降" if computed < 0 else "持平"
    message = (f"{y1}年报告称“{stmt.text}”；按{y0}年报告对应数值{before:g}、{y1}年{now:g}计算，实际{word}"
               f"{shown if computed else ''}")
    spans = [stmt.span, count_span, *(cell_span(pair.cur, c) for c in cells)]
    return finding(pair, f"yoy.narrative.{n}", status, cells, stated, computed, message, spans, cells,
                   [cell_span(pair.prev, c) for c in cells])


def narrative_yoy(pair: Pair) -> list[dict]:
    """A finding for each year-on-year statement whose figure both reports' tables give."""
    out = []
    for n, stmt in enumerate(statements(pair.cur.text)):
        if stmt.ref_year and stmt.ref_year != pair.prev.year:
            continue
        cells, count_span = _linked_cells(pair.cur, stmt)
        if not cells:
            cells, count_span = _subject_cells(pair.cur, stmt), None
        now, before = _total(pair.cur, cells), _total(pair.prev, cells)
        if now is None or before is None:
            continue
        judged = _judge(pair, n, stmt, cells, now, before, count_span)
        if judged:
            out.append(judged)
    return out
