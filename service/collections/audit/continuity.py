"""Continuity of table 2: documents in force (2021 format) or published in total (2019 format) carry on from last year."""
from __future__ import annotations

from service.base.vocab import load_vocab
from service.collections.audit.findings import Pair, cell, cell_span, finding

ROWS = {"regulations": "规章", "normative_documents": "行政规范性文件"}
_LEGIT = "修订、清理、机构调整或职责划转都可能使件数正当变化，请结合说明核实"


def _large(gap: float, expected: float) -> bool:
    """A gap of more than large_abs documents and more than large_rel of the figure carried from last year."""
    limits = load_vocab("audit")["continuity"]
    return gap > limits["large_abs"] and gap > limits["large_rel"] * expected


def _spans(entry, keys: list[str]) -> list:
    return [cell_span(entry, k) for k in keys]


def continuity_2021(pair: Pair) -> list[dict]:
    """现行有效 last year + 制发 − 废止 this year against 现行有效 this year; uncertain unless the gap is large."""
    out = []
    y0, y1 = pair.years
    for row, label in ROWS.items():
        keys = [f"active_disclosure.{row}.{c}" for c in ("in_force", "issued", "repealed")]
        now, issued, repealed = (cell(pair.cur, k) for k in keys)
        before = cell(pair.prev, keys[0])
        if None in (now, issued, repealed, before):
            continue
        expected = before + issued - repealed
        gap = abs(now - expected)
        if gap == 0:
            status, message = "pass", f"{label}现行有效件数{now}与上年{before}+制发{issued}−废止{repealed}一致"
        else:
            status = "fail" if _large(gap, expected) else "uncertain"
            message = (f"{y1}年{label}现行有效件数为{now}，按{y0}年现行有效{before}件加本年制发{issued}件、"
                       f"减本年废止{repealed}件应为{expected}件，相差{gap}件；{_LEGIT}")
        out.append(finding(pair, f"yoy.continuity.{row}", status, keys, now, expected, message,
                           _spans(pair.cur, keys), [keys[0]], [cell_span(pair.prev, keys[0])]))
    return out


def continuity_2019(pair: Pair) -> list[dict]:
    """对外公开总数量 last year + 本年新公开 against 对外公开总数量 this year (the 2019 form has no 废止 column)."""
    out = []
    y0, y1 = pair.years
    for row, label in ROWS.items():
        keys = [f"active_disclosure.{row}.{c}" for c in ("total_published", "new_published")]
        now, published = (cell(pair.cur, k) for k in keys)
        before = cell(pair.prev, keys[0])
        if None in (now, published, before):
            continue
        expected = before + published
        gap = now - expected
        if gap == 0:
            status, message = "pass", f"{label}对外公开总数量{now}与上年{before}+本年新公开{published}一致"
        else:
            # fewer than expected can be documents withdrawn (no 废止 column in this form): never a fail
            status = "fail" if gap > 0 and _large(gap, expected) else "uncertain"
            message = (f"{y1}年{label}对外公开总数量为{now}，按{y0}年{before}件加本年新公开{published}件应为"
                       f"{expected}件，相差{abs(gap)}件；{_LEGIT}（〔2019〕60号格式没有废止件数栏）")
        out.append(finding(pair, f"yoy.continuity.{row}", status, keys, now, expected, message,
                           _spans(pair.cur, keys), [keys[0]], [cell_span(pair.prev, keys[0])]))
    return out
