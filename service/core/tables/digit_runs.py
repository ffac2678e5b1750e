"""A row's cells glued into one digit run (a crawler's text: 予以公开800008): split it where the table's arithmetic
fixes the split.

Every split of the run into the row's cells is enumerated (each cell 1..MAX_DIGITS digits, no leading zero unless
the cell is "0"); the splits whose identities hold (a total equals the sum of its parts) are kept. Exactly one kept
split gives the row's cells, each marked deduced; none or several leave the row unread. The enumeration is bounded:
a run longer than width × MAX_DIGITS is not tried, a total whose parts are all placed is forced to their sum (the
run must continue with it), the placed parts of a placed total cannot exceed it, and a budget of search steps caps
whatever is left.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from service.core.tables.layout import Field

MAX_DIGITS = 6  # no cell of the three tables holds a million
MAX_SPLITS = 8  # kept splits beyond this are not collected (the row is unread anyway)
_BUDGET = 50000  # search steps per run
Identity = tuple[tuple[int, ...], int]  # (part cell indexes, total cell index)


@dataclass
class RunSplit:
    """The outcome for one run: `fields` (one per cell, spans inside the run) when exactly one split holds,
    otherwise None; `splits` the kept splits as values (at most MAX_SPLITS), `complete` False when the search
    stopped early (budget or MAX_SPLITS), so `splits` may not be all of them."""

    run: Field
    fields: list[Field] | None
    splits: list[list[int]] = field(default_factory=list)
    complete: bool = True

    @property
    def readings(self) -> list[list[int]]:
        """Per cell, the values the kept splits give it (sorted); empty when no split holds or the search stopped."""
        if not self.splits or not self.complete:
            return []
        return [sorted(set(col)) for col in zip(*self.splits)]


def _piece_ok(piece: str) -> bool:
    return piece == "0" or not piece.startswith("0")


def _holds(values: list[int], identities: list[Identity]) -> bool:
    """Identities whose last cell was just placed hold; placed parts of a placed total do not exceed it."""
    i = len(values) - 1
    for parts, total in identities:
        if max(*parts, total) == i and sum(values[p] for p in parts) != values[total]:
            return False
        if total <= i and sum(values[p] for p in parts if p <= i) > values[total]:
            return False
    return True


def _room(values: list[int], forced: dict[int, tuple[int, ...]], rest: int, width: int) -> bool:
    """A later total forced to the sum of its parts has room in the digits left: at least the digits of its placed
    parts' sum (parts only add), and no placed part longer than it can be."""
    i = len(values) - 1
    for total, parts in forced.items():
        if total <= i or i not in parts:
            continue
        room = rest - (width - i - 2)  # the other cells still to place take a digit each
        partial = sum(values[p] for p in parts if p <= i)
        if len(str(partial)) > room or len(str(values[i])) > room:
            return False
    return True


def enumerate_splits(digits: str, width: int, identities: list[Identity]) -> tuple[list[list[int]], bool]:
    """(kept splits of `digits` into `width` cells, complete search?)."""
    n = len(digits)
    if not digits.isdigit() or not width <= n <= width * MAX_DIGITS:
        return [], True
    forced = {t: parts for parts, t in identities if all(p < t for p in parts)}
    out: list[list[int]] = []
    steps = 0

    def walk(pos: int, values: list[int]) -> bool:
        """False once the search must stop."""
        nonlocal steps
        steps += 1
        if steps > _BUDGET or len(out) > MAX_SPLITS:
            return False
        i = len(values)
        if i == width:
            if pos == n:
                out.append(list(values))
            return True
        left = width - i - 1  # cells after this one
        if i in forced:
            piece = str(sum(values[p] for p in forced[i]))
            lengths = [len(piece)] if digits.startswith(piece, pos) else []
        else:
            lengths = range(1, MAX_DIGITS + 1)
        for length in lengths:
            end = pos + length
            if end > n or n - end < left or n - end > left * MAX_DIGITS:
                continue
            piece = digits[pos:end]
            if not _piece_ok(piece):
                continue
            values.append(int(piece))
            ok = _holds(values, identities) and _room(values, forced, n - end, width)
            go_on = walk(end, values) if ok else True
            values.pop()
            if not go_on:
                return False
        return True

    complete = walk(0, [])
    return out[:MAX_SPLITS], complete and len(out) <= MAX_SPLITS


def split_run(run: Field, width: int, identities: list[Identity]) -> RunSplit:
    """Split one run field into `width` cell fields when the identities fix the split."""
    splits, complete = enumerate_splits(run.text, width, identities)
    if len(splits) != 1 or not complete:
        return RunSplit(run, None, splits, complete)
    return RunSplit(run, cell_fields(run, splits[0]), splits, complete)


def cell_fields(run: Field, values: list[int]) -> list[Field]:
    """One field per cell of a split, each spanning its digits inside the run."""
    fields, pos = [], run.start
    for value in values:
        text = str(value)
        fields.append(Field(text, pos, pos + len(text)))
        pos += len(text)
    return fields


def the_run(values: list[Field]) -> Field | None:
    """The row's run when the row's values are one digit run and nothing else (blanks aside)."""
    filled = [f for f in values if not f.is_blank]
    return filled[0] if len(filled) == 1 and filled[0].run else None


def warning(table: str, row: str, split: RunSplit) -> str:
    """The reader's note for a run left unread."""
    why = "没有一种拆分能满足表内合计" if not split.splits else "可以拆分成多种组合，表内合计无法确定唯一一种"
    return f"{table}“{row}”行的数字连在一起（“{split.run.text}”），{why}，该行未读取（按未读处理，不作核对）"


def note(table: str, row: str, split: RunSplit) -> str:
    """The reader's note for a run split by the arithmetic."""
    cells = " ".join(f.text for f in split.fields or [])
    return f"{table}“{row}”行的数字连在一起（“{split.run.text}”），按表内合计唯一拆分为 {cells}（推算）"
