"""Table 3 (收到和处理政府信息公开申请情况): rows by label vocabulary, 7 applicant columns."""
from __future__ import annotations

import re

from .align import align
from .deduce import resolve_short_row
from .layout import Field, Row
from .result import Issue, TableResult
from .templates import (
    APPLICANT_COLUMNS,
    APPLICATION_ROWS,
    GROUP_CUES,
    OTHER_OTHER_CUE,
    OTHER_SUBROWS,
    OUTCOME_ROWS_2021,
    ROW_NAMES,
)

_CLEAN = re.compile(r"[\s（）()“”\"、.．·]")
_OUTCOME_KEYS = set(OUTCOME_ROWS_2021) | {"other_handling"}


def _labels(text: str, seen: dict) -> list[str]:
    """Row keys a text cell names, in order of appearance (a cell may list several group rows)."""
    clean = _CLEAN.sub("", text)
    hits = []
    for key, cues in APPLICATION_ROWS:
        pos = min((clean.find(c) for c in cues if c in clean), default=-1)
        if pos < 0:
            continue
        if key == "total_processed" and not (seen.keys() & _OUTCOME_KEYS):
            continue  # 总计 in the header row is a column, not the (七) row
        if key == "granted" and "不予公开" in clean and "予以公开" not in clean.replace("不予公开", ""):
            continue
        hits.append((pos, key))
    if not hits and "other_overdue_fee" in seen and re.fullmatch(r"\d?" + OTHER_OTHER_CUE, clean):
        hits.append((0, "other_other"))
    return [k for _, k in sorted(hits)]


def _is_sentence(text: str) -> bool:
    """A narrative sentence inside the table's part, not a row label."""
    return len(text) > 30 and ("。" in text or "；" in text or text.count("，") >= 3)


def _join_wrapped_labels(rows: list[Row]) -> list[Row]:
    """A label wrapped mid-word over two lines (确认或重 / 新出具…) is read as one cell."""
    rows = [list(r) for r in rows]
    for row, nxt in zip(rows, rows[1:]):
        if not row or not nxt or not row[-1].is_text or not nxt[0].is_text:
            continue
        head, tail = row[-1], nxt[0]
        if _labels(head.text, {"granted": []}) or _labels(tail.text, {"granted": []}):
            continue
        if _labels(head.text + tail.text, {"granted": []}):
            nxt[0] = Field(head.text + tail.text, head.start, tail.end)
            row.pop()
    return rows


def collect(rows: list[Row]) -> tuple[dict[str, list[Field]], dict[str, Field]]:
    """Walk the rows; value cells go to the row label that precedes them."""
    rows = _join_wrapped_labels(rows)
    values: dict[str, list[Field]] = {}
    labels: dict[str, Field] = {}
    current = None
    for row in rows:
        for f in row:
            if not f.is_text:
                if current is not None:
                    values[current].append(f)
                continue
            if _is_sentence(f.text):
                current = None
                continue
            # a label seen again takes over only while its first sighting holds no value (a header, a note)
            keys = [k for k in _labels(f.text, values) if not any(not v.is_blank for v in values.get(k, []))]
            for k in keys:
                values[k], labels[k] = [], f
            if keys:
                current = keys[-1]  # values follow the label nearest to them (（六）其他处理 1.申请人…)
            elif any(c in f.text for c in GROUP_CUES):
                current = None
    return values, labels


def _row_keys(values: dict) -> list[str]:
    rows = ["new_received", "carried_over", *OUTCOME_ROWS_2021, "total_processed", "carried_forward"]
    has_sub = any(k in values for k in OTHER_SUBROWS)
    if not has_sub:
        rows = [k for k in rows if k not in OTHER_SUBROWS]
        rows.insert(rows.index("total_processed"), "other_handling")
    return rows


def parse_applications(rows: list[Row]) -> TableResult | None:
    """Cells of table 3, or None when no row of it is present."""
    values, labels = collect(rows)
    has_value = any(not f.is_blank for v in values.values() for f in v)
    if not has_value and len(values) < 3:
        return None
    result = TableResult(name="applications")
    keys = _row_keys(values)
    short: list[tuple[str, list[Field]]] = []
    for key in keys:
        if key not in values:
            for col in APPLICANT_COLUMNS:
                result.cells[f"{key}.{col}"] = None
            result.issues.append(Issue("missing_row", [key], f"表三缺少“{ROW_NAMES[key]}”行", []))
            continue
        aligned = align(values[key], len(APPLICANT_COLUMNS))
        if aligned.status == "short":
            short.append((key, [f for f in values[key] if not f.is_blank]))
        for col, f in zip(APPLICANT_COLUMNS, aligned.fields):
            result.set(f"{key}.{col}", f)
        if aligned.status == "long":
            result.issues.append(Issue("long_row", [key], f"表三“{ROW_NAMES[key]}”行有{aligned.found}个数值（应为7个），"
                                       "按总计在末列对齐取末尾7个", [labels[key].span]))
    for key, found in short:
        resolve_short_row(result, key, found, keys, labels[key])
    return result
