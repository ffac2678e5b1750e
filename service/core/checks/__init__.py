"""Checks: table arithmetic, narrative against tables, 其中 sums, completeness — each returns list[Check]."""
from __future__ import annotations

from service.base.schema import Check
from service.core.tables.templates import cell_name

REASONS = {"deduced": "由行列合计推算", "aligned": "按列位置对齐推定", "ocr": "由OCR识别校正", "unread": "无法读取",
           "missing": "表中缺失"}
_EPS = 1e-6
_MAX_COMBINATIONS = 4096  # readings multiplied out beyond this are judged by their bounds alone
_INF = float("inf")
_NOT_BLANK = ("unread", "missing")


class Doubts(dict):
    """Full cell name (table.row.column) → why its value is not certain (deduced, aligned, ocr, unread, missing);
    `readings` the finite set of values a cell may hold where its reading allows several (an OCR look-alike, a digit
    run that splits several ways). A cell in neither may hold only its value."""

    def __init__(self, reasons: dict[str, str] | None = None, readings: dict[str, list] | None = None) -> None:
        super().__init__(reasons or {})
        self.readings = dict(readings or {})


def compare(check_id: str, kind: str, left_cells: dict, right_cells: dict, message: str,
            spans: list[tuple[int, int]], names: list[str], doubts: dict[str, str] | None = None,
            blank_zero: bool = False) -> Check | None:
    """A check that sum(left) equals sum(right), with a verdict that holds for every reading of the cells.

    A value read directly is exact. A cell with readings (`Doubts.readings`) may hold any of them; a printed blank
    (None), and a cell in `doubts` without readings, may hold any non-negative number. First the best reading:
    doubtful cells at the value they were given, blanks at 0 — when it holds, the check passes (the message says
    which blanks were counted as 0). Otherwise the check fails when it fails for every reading (the two sides' ranges
    cannot meet, or no combination of the readings closes the gap), passes when every combination holds, and is
    `uncertain` in between, naming the doubtful cells. None when nothing is known. `message` is formatted with {l},
    {r} and {op} (= or ≠).
    """
    doubts = doubts if doubts is not None else {}
    readings = getattr(doubts, "readings", {})
    plain = _plain(left_cells, doubts, readings)  # the common case: every cell read directly, none blank
    if plain is not None and (left_cells or right_cells):
        right = _plain(right_cells, doubts, readings)
        if right is not None:
            left, right = _num(sum(plain)), _num(sum(right))
            ok = abs(left - right) < _EPS
            return Check(id=check_id, kind=kind, cells=names, spans=spans, status="pass" if ok else "fail",
                         left=left, right=right,
                         message=message.format(l=str(left), r=str(right), op="=" if ok else "≠"))
    cells = {**left_cells, **right_cells}
    if all(v is None and k not in readings for k, v in cells.items()):
        return None
    common = dict(id=check_id, kind=kind, cells=names, spans=spans)
    unknown = [k for k, v in cells.items() if v is None and _unknown(k, doubts, readings)]
    blanks = [k for k, v in cells.items() if v is None and not _unknown(k, doubts, readings)]
    doubtful = [k for k, v in cells.items() if v is not None and (k in doubts or k in readings)]
    if not unknown and (blank_zero or not blanks):
        left, right = _num(_best(left_cells)), _num(_best(right_cells))
        ok = abs(left - right) < _EPS
        if ok or not (blanks or doubtful):
            note = f"（{len(blanks)}个空白单元格按0计）" if ok and blanks else ""
            return Check(**common, status="pass" if ok else "fail", left=left, right=right,
                         message=message.format(l=_fmt(left), r=_fmt(right), op="=" if ok else "≠") + note)
    (llo, lhi), (rlo, rhi) = _range(left_cells, doubts, readings), _range(right_cells, doubts, readings)
    words = _open_words(cells, doubts, readings)
    differences = _differences(left_cells, right_cells, doubts, readings)
    if llo > rhi + _EPS or rlo > lhi + _EPS or (differences is not None and all(abs(d) > _EPS for d in differences)):
        why = _why_apart(llo, lhi, rlo, rhi)
        return Check(**common, status="fail", left=_num(llo), right=_num(rlo),
                     message=message.format(l=_span_fmt(llo, lhi), r=_span_fmt(rlo, rhi), op="≠")
                     + f"（{words}，但{why}，无论其取何值都不相等）")
    if differences is not None and all(abs(d) < _EPS for d in differences):
        return Check(**common, status="pass", left=_num(llo), right=_num(rlo),
                     message=message.format(l=_span_fmt(llo, lhi), r=_span_fmt(rlo, rhi), op="=")
                     + f"（{words}，无论取哪种读法都相等）")
    if blanks and not unknown and not readings.keys() & cells.keys():  # blanks, no reading to weigh them against
        return Check(**common, status="uncertain",
                     message=message.format(l="?", r="?", op="?") + f"（{len(blanks)}个单元格为空，无法核对）")
    if unknown or blanks:
        return Check(**common, status="uncertain",
                     message=message.format(l=_span_fmt(llo, lhi), r=_span_fmt(rlo, rhi), op="?")
                     + f"（{words}，无法确定是否真不一致）")
    left, right = _num(_best(left_cells)), _num(_best(right_cells))
    return Check(**common, status="uncertain", left=left, right=right,
                 message=message.format(l=_fmt(left), r=_fmt(right), op="≠") + f"（{words}，无法确定是否真不一致）")


def _plain(cells: dict, doubts: dict, readings: dict) -> list | None:
    """A side's values when each is read directly (no blank, no doubt, no readings); None otherwise."""
    values = list(cells.values())
    if None in values or (doubts and not doubts.keys().isdisjoint(cells)) or (readings and not readings.keys().isdisjoint(cells)):
        return None
    return values


def _unknown(key: str, doubts: dict, readings: dict) -> bool:
    """A null cell that is no printed blank: unread (a token or run the parser could not read) or missing."""
    return key in readings or doubts.get(key) in _NOT_BLANK


def _best(cells: dict) -> float:
    """A side's sum at the best reading: each cell at its value, a blank at 0."""
    return sum(v for v in cells.values() if v is not None)


def _is_open(key: str, value, doubts: dict, readings: dict) -> bool:
    """A cell that may hold any non-negative number: a blank, or a doubtful cell with no finite readings."""
    return key not in readings and (value is None or key in doubts)


def _range(cells: dict, doubts: dict, readings: dict) -> tuple[float, float]:
    """(least, greatest) a side's sum can be over every reading; a 2019 table's 本年增/减 may be negative."""
    lo = hi = 0.0
    for k, v in cells.items():
        if k in readings:
            lo, hi = lo + min(readings[k]), hi + max(readings[k])
        elif _is_open(k, v, doubts, readings):
            lo, hi = (-_INF if str(k).endswith("change") else lo), _INF
        else:
            lo, hi = lo + v, hi + v
    return lo, hi


def _differences(left_cells: dict, right_cells: dict, doubts: dict, readings: dict) -> set[float] | None:
    """Every value left − right can take when each cell holds one of finitely many values; None when a cell is
    open or the combinations are too many."""
    diffs, size = {0.0}, 1
    for sign, side in ((1, left_cells), (-1, right_cells)):
        for k, v in side.items():
            if _is_open(k, v, doubts, readings):
                return None
            values = readings.get(k) or [v]
            size *= len(values)
            if size > _MAX_COMBINATIONS:
                return None
            diffs = {round(d + sign * x, 6) for d in diffs for x in values}
    return diffs


def _why_apart(llo: float, lhi: float, rlo: float, rhi: float) -> str:
    if llo > rhi + _EPS:
        return f"左边至少为{_fmt(llo)}，右边至多为{_fmt(rhi)}" if rhi < _INF else "左边已知各项已超过另一边"
    if rlo > lhi + _EPS:
        return f"右边至少为{_fmt(rlo)}，左边至多为{_fmt(lhi)}" if lhi < _INF else "右边已知各项已超过另一边"
    return "任何一种读法的组合都无法使两边相等"


def _open_words(cells: dict, doubts: dict, readings: dict) -> str:
    """The doubtful cells in words: the first by name with why, then how many more."""
    keys = [k for k, v in cells.items() if k in readings or _is_open(k, v, doubts, readings)]
    if not keys:
        return "部分单元格并非直接读取"
    first = keys[0]
    if first in readings:
        options = "或".join(_fmt(x) for x in readings[first][:6]) + ("等" if len(readings[first]) > 6 else "")
        why = f"读法不唯一（可能为{options}）"
    elif cells[first] is None and doubts.get(first) not in _NOT_BLANK:
        why = "为空"
    else:
        why = f"{REASONS.get(doubts[first], doubts[first])}所得" if cells[first] is not None else \
            f"{REASONS.get(doubts[first], doubts[first])}"
    more = f"等{len(keys)}个单元格" if len(keys) > 1 else ""
    return f"单元格{cell_name(first)}{more}{why}"


def _span_fmt(lo: float, hi: float) -> str:
    if abs(lo - hi) < _EPS:
        return _fmt(lo)
    if hi == _INF:
        return f"≥{_fmt(lo)}" if lo > -_INF else "?"
    return f"{_fmt(lo)}～{_fmt(hi)}"


def _num(x: float) -> float | int:
    if type(x) is int:
        return x
    if x in (_INF, -_INF):
        return 0
    return int(x) if float(x).is_integer() else round(x, 6)


def _fmt(x: float) -> str:
    return str(_num(x))
