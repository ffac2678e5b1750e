"""Dresses of the synthetic tables seen in real reports: blank cells, OCR letters for digits, misprinted labels,
label blocks printed apart from their value blocks, and the spanned grid HTML/DOCX/PDF renderers draw.

Rows are the flat rows of training.tables_gen (label cells, then value cells). `gold_cells` reads the contract's
cell keys back from them, so a held-out evaluation knows the truth of every dressed table.
"""
from __future__ import annotations

import random
import re

from service.core.tables.labels import ORDER
from service.core.tables.templates import ACTIVE_COLUMNS, APPLICANT_COLUMNS, OTHER_SUBROWS, REVIEW_KEYS

_VALUE = re.compile(r"^(?:-?\d+(?:\.\d+)?(?:万元)?|[0-9lI|Oo〇D]{1,6})$")  # digits, or OCR letters for them
_OCR = {"0": ("O", "o", "〇"), "1": ("l", "I")}
_WRONG = "的了在是有和与及其之为被等申请公开处理信息"
_ACTIVE_LABELS = {"规章": "regulations", "行政规范性文件": "normative_documents", "规范性文件": "normative_documents",
                  "行政许可": "licensing", "其他对外管理服务事项": "other_services", "行政处罚": "punishment",
                  "行政强制": "coercion", "行政事业性收费": "fees", "政府集中采购": "procurement"}


def _width(rows: list[list[str]]) -> int:
    """Number of value columns of table 3 (7, or 8 with a 小计)."""
    return 8 if "小计" in rows[2] else 7


def data_rows(rows: list[list[str]], width: int) -> list[int]:
    """Indexes of the rows that end in `width` value (or blank) cells after their labels (a row may be all blank)."""
    return [i for i, r in enumerate(rows) if len(r) > width and all(not c or _VALUE.match(c) for c in r[-width:])
            and any(r[:-width]) and not any(_VALUE.match(c) for c in r[:-width])]


def blank_zeros(rng: random.Random, rows: list[list[str]], width: int, p: float = 0.4) -> list[list[str]]:
    """Zero cells left blank, a zero 总计 too (as web pages and Word tables often print them)."""
    out = [list(r) for r in rows]
    for i in data_rows(out, width):
        for j in range(len(out[i]) - width, len(out[i])):
            if out[i][j] == "0" and rng.random() < p:
                out[i][j] = ""
    return out


def ocr_confuse(rng: random.Random, rows: list[list[str]], width: int, p: float = 0.15,
                bar: bool = False) -> list[list[str]]:
    """Digits read as letters by OCR: 0 → O/o/〇, 1 → l/I (| too unless the layout uses pipes), 14 → l4."""
    out = [list(r) for r in rows]
    ones = _OCR["1"] + (("|",) if bar else ())
    for i in data_rows(out, width):
        for j in range(len(out[i]) - width, len(out[i])):
            cell = out[i][j]
            if rng.random() >= p or not cell:
                continue
            if cell == "0":
                out[i][j] = rng.choice(_OCR["0"])
            elif cell == "1":
                out[i][j] = rng.choice(ones)
            elif "1" in cell and cell.isdigit():
                out[i][j] = cell.replace("1", "l", 1)
    return out


def misprint(rng: random.Random, rows: list[list[str]], width: int, k: int = 3) -> list[list[str]]:
    """A few row labels with one character dropped or replaced (as typed or OCR'd)."""
    out = [list(r) for r in rows]
    for i in rng.sample(data_rows(out, width), k):
        j = max(n for n, c in enumerate(out[i][:-width]) if c)
        label = out[i][j]
        spots = [n for n, ch in enumerate(label) if "\u4e00" <= ch <= "\u9fff"]
        n = rng.choice(spots[1:] or spots)
        repl = "" if rng.random() < 0.5 else rng.choice([c for c in _WRONG if c != label[n]])
        out[i][j] = label[:n] + repl + label[n + 1:]
    return out


def misprint_active(rng: random.Random, rows: list[list[str]]) -> list[list[str]]:
    """One table-2 row label (4 characters or more) with one character replaced."""
    out = [list(r) for r in rows]
    i = rng.choice([n for n, r in enumerate(out) if r[0] in _ACTIVE_LABELS and len(r[0]) >= 4])
    label = out[i][0]
    n = rng.randrange(1, len(label))
    out[i][0] = label[:n] + rng.choice([c for c in _WRONG if c != label[n]]) + label[n + 1:]
    return out


def blocks(rows: list[list[str]], width: int) -> list[str]:
    """Markdown from PDF extraction: every row's labels first, then the value rows, as pipe tables."""
    data = set(data_rows(rows, width))
    labels = ["| " + " | ".join(c for c in (r[:-width] if i in data else r) if c) + " |" for i, r in enumerate(rows)]
    values = ["| " + " | ".join(c or " " for c in rows[i][-width:]) + " |" for i in sorted(data)]
    return [*labels, "", *values]


def dress(rng: random.Random, name: str, rows: list[list[str]], style: str) -> list[list[str]]:
    """Some of the dresses above at random (for the training corpus): blanks, OCR letters, misprinted labels."""
    bar = style not in ("pipe", "blocks")
    if name == "review_litigation":
        return ocr_confuse(rng, rows, 15, bar=bar) if rng.random() < 0.1 else rows
    if name != "applications":
        return rows
    width = _width(rows)
    roll = rng.random()
    if roll < 0.15:
        rows = blank_zeros(rng, rows, width)
    elif roll < 0.25:
        rows = ocr_confuse(rng, rows, width, bar=bar)
    return misprint(rng, rows, width, rng.randint(1, 3)) if rng.random() < 0.1 else rows


def _number(cell: str) -> float | int | None:
    if not cell:
        return None
    num = float(cell.replace("万元", ""))
    return int(num) if num.is_integer() else num


def gold_cells(name: str, rows: list[list[str]], template: str) -> dict[str, float | int | None]:
    """The contract's cells of one undressed-label table (blank cells are null)."""
    if name == "review_litigation":
        return dict(zip(REVIEW_KEYS, (_number(c) for c in rows[-1])))
    if name == "active_disclosure":
        out = {}
        for r in rows:
            key = _ACTIVE_LABELS.get(r[0])
            if key:
                out.update({f"{key}.{c}": _number(v) for c, v in zip(ACTIVE_COLUMNS[template][key], r[1:])})
        return out
    width = _width(rows)
    drop = {"other_handling"} if template == "2021" else set(OTHER_SUBROWS)
    keys = [k for k in ORDER if k not in drop]
    out = {}
    for key, i in zip(keys, data_rows(rows, width)):
        vals = rows[i][-width:]
        if width == 8:
            vals = vals[:6] + vals[7:]
        out.update({f"{key}.{c}": _number(v) for c, v in zip(APPLICANT_COLUMNS, vals)})
    return out


def grid(name: str, rows: list[list[str]]) -> tuple[list[list[tuple[str, int, int]]], list[float]]:
    """The HTML table model (cells with rowspan/colspan) of a flat table, and PDF column widths in points."""
    if name == "review_litigation":
        res = rows[1][:5]
        head = [[("行政复议", 1, 5), ("行政诉讼", 1, 10)],
                [(r, 2, 1) for r in res] + [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
                [(r, 1, 1) for r in res * 2]]
        return head + [[(c, 1, 1) for c in rows[-1]]], [33.0] * 15
    if name == "active_disclosure":
        return [[(c, 1, 1) for c in r[:-1]] + [(r[-1], 1, 5 - len(r))] for r in rows], [170.0, 105.0, 105.0, 105.0]
    width = _width(rows)
    head = [[(rows[0][0], 3, 3), ("申请人情况", 1, width)],
            [("自然人", 2, 1), ("法人或其他组织", 1, width - 2), ("总计", 2, 1)],
            [(c, 1, 1) for c in rows[2][2:2 + width - 2]]]
    body = []
    for i in data_rows(rows, width):
        labels = rows[i][:-width]
        spans = {1: [3], 2: [1, 2], 3: [1, 1, 1]}[len(labels)]
        body.append([(t, 1, s) for t, s in zip(labels, spans)] + [(c, 1, 1) for c in rows[i][-width:]])
    return head + body, [30.0, 40.0, 130.0] + [36.0] * width
