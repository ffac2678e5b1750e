"""Table-3 row labels: exact cues from the template vocabulary, then similarity with row order as the prior."""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from service.core.tables.layout import Field, Row
from service.core.tables.templates import APPLICATION_ROWS, OTHER_OTHER_CUE, OTHER_SUBROWS, OUTCOME_ROWS_2021, ROW_LABELS

CLEAN = re.compile(r"[\s（）()“”\"、.．·]")
OUTCOME_KEYS = set(OUTCOME_ROWS_2021) | {"other_handling"}
# Template order of the rows (the 2021 sub-rows of (六) after their group head).
ORDER = ["new_received", "carried_over", *OUTCOME_ROWS_2021[:18], "other_handling", *OTHER_SUBROWS,
         "total_processed", "carried_forward"]
_CLEAN_LABELS = {k: CLEAN.sub("", v) for k, v in ROW_LABELS.items()}
SURE = 85  # at or above this similarity a misprinted label's cells count as read; below, as aligned


@lru_cache(maxsize=4096)
def _cue_hits(clean: str) -> tuple[tuple[int, str], ...]:
    hits = []
    for key, cues in APPLICATION_ROWS:
        pos = min((clean.find(c) for c in cues if c in clean), default=-1)
        if pos < 0:
            continue
        if key == "granted" and "不予公开" in clean and "予以公开" not in clean.replace("不予公开", ""):
            continue
        hits.append((pos, key))
    return tuple(sorted(hits))


@lru_cache(maxsize=4096)
def clean_label(text: str) -> str:
    """A cell's text without spaces, brackets, quotes and enumeration marks (tables repeat the same few labels)."""
    return CLEAN.sub("", text)


def cue_labels(text: str, seen: dict) -> list[str]:
    """Row keys a text cell names by the template's cues, in order of appearance (a cell may name several)."""
    clean = clean_label(text)
    outcomes_seen = not OUTCOME_KEYS.isdisjoint(seen.keys())  # before them, 总计 in the header row is a column
    keys = [k for _, k in _cue_hits(clean) if k != "total_processed" or outcomes_seen]
    if not keys and "other_overdue_fee" in seen and re.fullmatch(r"\d?" + OTHER_OTHER_CUE, clean):
        keys.append("other_other")
    return keys


def _expected(last: str | None, values: dict, most: int = 6) -> tuple[str, ...]:
    """The first `most` rows that may come next, nearest first (row order is the prior)."""
    rows = ORDER[ORDER.index(last) + 1:] if last in ORDER else ORDER
    if last == "other_handling" and any(not f.is_blank for f in values.get(last, [])):
        rows = [k for k in rows if k not in OTHER_SUBROWS]  # 2019: (六) is a row of its own
    out = []
    for k in rows:
        if not any(not f.is_blank for f in values.get(k, [])):
            out.append(k)
            if len(out) == most:
                break
    return tuple(out)


def similar_label(text: str, last: str | None, values: dict) -> tuple[str, float] | None:
    """The template row a misprinted or merged label stands for, and its similarity (0–100); None when unsure."""
    clean = clean_label(text)
    if not 2 <= len(clean) <= 60:
        return None
    return _most_similar(clean, _expected(last, values))


@lru_cache(maxsize=4096)
def _most_similar(clean: str, expected: tuple[str, ...]) -> tuple[str, float] | None:
    """The best of the expected rows for a cleaned label, the nearer ones needing less similarity."""
    best: tuple[float, str, float] | None = None
    for rank, key in enumerate(expected):
        score = max(fuzz.ratio(clean, _CLEAN_LABELS[key]), _merged(clean, _CLEAN_LABELS[key]))
        need = (62, 72, 80)[min(rank, 2)]
        if score >= need and (best is None or score - 4 * rank > best[0]):
            best = (score - 4 * rank, key, score)
    return (best[1], best[2]) if best else None


def _merged(clean: str, label: str) -> float:
    """Similarity of a label glued to its group head or a neighbour: the best-matching stretch of the cell."""
    if len(clean) <= len(label) + 1:
        return 0.0
    return fuzz.partial_ratio(label, clean) * min(1.0, len(label) / 6)


# A figure with its measure word closing a clause (不予公开七件， / 逾期不补正的申请0 件。): prose, for no row label
# states a count of its own. A match starts only where a run of digits or numerals starts (a match inside a run has
# one from the run's start too): retried at every position of a long run, the search was quadratic.
_STATED_COUNT = re.compile(r"(?:(?<!\d)\d+|(?<![一二三四五六七八九十两零〇])[一二三四五六七八九十两零〇]+)\s*[件条个项次]\s*[，,。；;]")


@lru_cache(maxsize=4096)
def is_sentence(text: str) -> bool:
    """A narrative sentence inside the table's part, not a row label: a long one with a sentence's punctuation, or
    one that states a count (the overview of part 三 before its table names rows: 逾期不补正的申请0件，依法不再处理。)."""
    return (len(text) > 30 and ("。" in text or "；" in text or text.count("，") >= 3)) or bool(_STATED_COUNT.search(text))


def join_wrapped_labels(rows: list[Row]) -> list[Row]:
    """A label wrapped mid-word over two lines (确认或重 / 新出具…) is read as one cell."""
    rows = [list(r) for r in rows]
    for row, nxt in zip(rows, rows[1:]):
        if not row or not nxt or not row[-1].is_text or not nxt[0].is_text:
            continue
        head, tail = row[-1], nxt[0]
        if cue_labels(head.text, {"granted": []}) or cue_labels(tail.text, {"granted": []}):
            continue
        if cue_labels(head.text + tail.text, {"granted": []}):
            nxt[0] = Field(head.text + tail.text, head.start, tail.end)
            row.pop()
    return rows
