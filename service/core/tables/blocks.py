"""Label blocks separated from their value blocks (markdown from PDF extraction): pair them back into rows."""
from __future__ import annotations

from service.core.tables.labels import cue_labels, is_sentence, similar_label
from service.core.tables.layout import Row

_LABELS, _VALUES = "labels", "values"


def _kind(row: Row) -> str | None:
    """`labels` for a row of text cells (blanks aside), `values` for a row of values only (a delimited row of blanks,
    every cell empty, counts too), else None; one pass over the row."""
    has_text = has_value = False
    all_cells = True
    for f in row:
        if f.is_text:
            has_text = True
        elif not f.is_blank:
            has_value = True
        if not f.cell:
            all_cells = False
    if has_text:
        return None if has_value else _LABELS
    return _VALUES if has_value or (len(row) >= 3 and all_cells) else None


def _keys(row: Row, seen: dict) -> list[str]:
    keys = []
    for f in row:
        if f.is_text and not is_sentence(f.text):
            keys += cue_labels(f.text, seen)
    return keys


def _runs(rows: list[Row]) -> list[tuple[int, int, int]]:
    """(label start, value start, value end) of each text-only run followed directly by a values-only run."""
    out, i = [], 0
    kinds = [_kind(row) for row in rows]
    while i < len(rows):
        j = i
        while j < len(rows) and kinds[j] == _LABELS:
            j += 1
        k = j
        while k < len(rows) and kinds[k] == _VALUES:
            k += 1
        if j > i and k - j >= 3:
            out.append((i, j, k))
        i = max(k, i + 1)
    return out


def _labelled(rows: list[Row], start: int, stop: int, seen: dict) -> list[tuple[int, list[str]]]:
    """(row index, keys) of the label rows in rows[start:stop] that name table-3 rows.

    The data rows begin at 一、本年新收: keyed rows before it (a sentence or the 勾稽关系 note above the table)
    are left out. After it, a label no cue names is matched by similarity to the rows expected next (a misprint)."""
    out: list[tuple[int, list[str]]] = []
    started = False  # 一、本年新收 met
    for n in range(start, stop):
        keys = _keys(rows[n], seen)
        if not keys and started:
            hit = next((h for f in rows[n] if f.is_text and (h := similar_label(f.text, out[-1][1][-1], seen))), None)
            keys = [hit[0]] if hit else []
        if "new_received" in keys and not started:
            out, started = [], True
        seen.update({key: [] for key in keys})
        if keys:
            out.append((n, keys))
    return out


def pair_blocks(rows: list[Row]) -> list[Row]:
    """Rows with each label-only row that names a table-3 row followed by its value row, when the counts agree."""
    seen: dict = {}
    out: list[Row] = []
    pos = 0
    for start, vstart, vend in _runs(rows):
        labelled = _labelled(rows, start, vstart, seen)
        if len(labelled) != vend - vstart:  # a (六) head on a line of its own before its sub-rows holds no values
            labelled = [(n, k) for n, k in labelled if k != ["other_handling"]] if any(
                k[-1].startswith("other_") and k[-1] != "other_handling" for _, k in labelled) else labelled
        if len(labelled) != vend - vstart or len(labelled) < 3:
            continue
        out += rows[pos:start]
        values = iter(rows[vstart:vend])
        keyed = {n for n, _ in labelled}
        out += [rows[n] + next(values) if n in keyed else rows[n] for n in range(start, vstart)]
        pos = vend
    return out + rows[pos:] if pos else rows
