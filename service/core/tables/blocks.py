"""Label blocks separated from their value blocks (markdown from PDF extraction): pair them back into rows."""
from __future__ import annotations

from service.core.tables.labels import cue_labels, is_sentence, similar_label
from service.core.tables.layout import Row


def _is_values(row: Row) -> bool:
    """A row of values only; a delimited row of blanks (every cell empty) counts too."""
    if any(f.is_text for f in row):
        return False
    return any(not f.is_blank for f in row) or (len(row) >= 3 and all(f.cell for f in row))


def _is_labels(row: Row) -> bool:
    return any(f.is_text for f in row) and all(f.is_text or f.is_blank for f in row)


def _keys(row: Row, seen: dict) -> list[str]:
    keys = []
    for f in row:
        if f.is_text and not is_sentence(f.text):
            keys += cue_labels(f.text, seen)
    return keys


def _runs(rows: list[Row]) -> list[tuple[int, int, int]]:
    """(label start, value start, value end) of each text-only run followed directly by a values-only run."""
    out, i = [], 0
    while i < len(rows):
        j = i
        while j < len(rows) and _is_labels(rows[j]):
            j += 1
        k = j
        while k < len(rows) and _is_values(rows[k]):
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
