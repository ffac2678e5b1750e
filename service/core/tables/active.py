"""Table 2 (主动公开政府信息情况): rows by label, columns by the format the header names."""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from service.core.tables import digit_runs, ocr
from service.core.tables.align import align
from service.core.tables.layout import Field, Row
from service.core.tables.result import DEDUCED, Issue, TableResult
from service.core.tables.templates import ACTIVE_COLUMNS, ACTIVE_ROWS, ACTIVE_TEMPLATE_CUES, AMOUNT_COLUMNS

_PLAIN = re.compile(r"[\s（）()]")
_ROW_NAMES = {"regulations": "规章", "normative_documents": "规范性文件", "licensing": "行政许可",
              "other_services": "其他对外管理服务事项", "punishment": "行政处罚", "coercion": "行政强制",
              "fees": "行政事业性收费", "procurement": "政府集中采购"}


@lru_cache(maxsize=4096)
def _row_key(text: str, glued: bool = False) -> str | None:
    """The row a label names (tables repeat the same few labels: kept)."""
    clean = _PLAIN.sub("", text)
    if len(clean) > 14 and not glued:
        return None  # a sentence that mentions 规章, not a row label (unless its row's digits run on after it)
    for key, cues in ACTIVE_ROWS:
        if any(clean.endswith(c) or clean == c for c in cues):
            return key
    return None


def detect_template(rows: list[Row]) -> str | None:
    """'2021' or '2019' from the header words; None when neither appears."""
    joined = "".join(f.text for row in rows for f in row if f.is_text).replace(" ", "")
    score = {t: sum(joined.count(c) for c in cues) for t, cues in ACTIVE_TEMPLATE_CUES.items()}
    if not any(score.values()):
        if "其他对外管理服务事项" in joined or "政府集中采购" in joined:
            return "2019"
        return None
    return max(score, key=score.get)


def _similar_key(text: str, seen: dict) -> str | None:
    """A misprinted row label (行政许司) by similarity to the row names not yet seen; None when unsure."""
    clean = _PLAIN.sub("", text)
    if not 3 <= len(clean) <= 14:
        return None
    scores = {k: max(fuzz.ratio(clean, c) for c in cues) for k, cues in ACTIVE_ROWS if k not in seen}
    best = max(scores, key=scores.get, default=None)
    return best if best and scores[best] >= 74 else None


def _collect(rows: list[Row]) -> tuple[dict[str, list[Field]], dict[str, Field]]:
    values: dict[str, list[Field]] = {}
    labels: dict[str, Field] = {}
    current = None
    for row in rows:
        for i, f in enumerate(row):
            if f.is_text:
                key = _row_key(f.text, glued=i + 1 < len(row) and row[i + 1].run)
                if key is None and any(not g.is_text and not g.is_blank for g in row[i + 1:]):
                    key = _similar_key(f.text, values)
                current = key if key and key not in values else None
                if current:
                    values[current], labels[current] = [], f
            elif current and not (f.run and row[i - 1] is not labels[current]):
                values[current].append(f)
    return values, labels


def parse_active(rows: list[Row]) -> TableResult | None:
    """Cells of table 2, or None when none of its rows is present."""
    values, labels = _collect(rows)
    if not values:
        return None
    template = detect_template(rows) or "2021"
    result = TableResult(name="active_disclosure", template=template)
    for key, columns in ACTIVE_COLUMNS[template].items():
        if key not in values:
            for col in columns:
                result.cells[f"{key}.{col}"] = None
            result.issues.append(Issue("missing_row", [key], f"表二缺少“{_ROW_NAMES[key]}”行", []))
            continue
        run = digit_runs.the_run(values[key])
        if run is not None and len(columns) == 1:  # one cell: the number as printed (行政许可126)
            result.set(f"{key}.{columns[0]}", Field(run.text, run.start, run.end),
                       scale_yuan=(key, columns[0]) in AMOUNT_COLUMNS)
            continue
        if run is not None:
            _store_run(result, key, columns, digit_runs.split_run(run, len(columns), []))
            continue
        aligned = align(values[key], len(columns))
        if aligned.status == "short" and len(columns) > 1:
            aligned.fields = aligned.fields + [None] * (len(columns) - len(aligned.fields))
        for col, f in zip(columns, aligned.fields):
            result.set(f"{key}.{col}", f, scale_yuan=(key, col) in AMOUNT_COLUMNS, how=aligned.how)
            if ocr.is_confused(f):  # table 2 has no identity that could confirm an OCR reading
                result.warnings.append(ocr.warning("表二", _ROW_NAMES[key], f))
                result.unreadable.add(f"{key}.{col}")
                result.note_readings(f"{key}.{col}", ocr.readings(f))
        if aligned.status != "ok":
            result.issues.append(Issue(f"{aligned.status}_row", [key],
                                       f"表二“{_ROW_NAMES[key]}”行有{aligned.found}个数值（应为{len(columns)}个）",
                                       [labels[key].span]))
    return result


def _store_run(result: TableResult, key: str, columns: list[str], split: digit_runs.RunSplit) -> None:
    """A row of several cells printed as one digit run: table 2 has no sums, so only a run with one digit a cell
    splits one way."""
    if split.fields is None:
        for n, col in enumerate(columns):
            result.cells[f"{key}.{col}"] = None
            result.unreadable.add(f"{key}.{col}")
            if split.readings and len(split.readings[n]) > 1:
                result.readings[f"{key}.{col}"] = split.readings[n]
        result.warnings.append(digit_runs.warning("表二", _ROW_NAMES[key], split))
        return
    for col, f in zip(columns, split.fields):
        result.set(f"{key}.{col}", f, scale_yuan=(key, col) in AMOUNT_COLUMNS, how=DEDUCED)
