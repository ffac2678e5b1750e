"""Checks: table arithmetic, narrative against tables, 其中 sums, completeness — each returns list[Check]."""
from __future__ import annotations

from service.base.schema import Check
from service.core.tables.templates import cell_name

REASONS = {"deduced": "由行列合计推算", "aligned": "按列位置对齐推定", "ocr": "由OCR识别校正"}
_EPS = 1e-6


def compare(check_id: str, kind: str, left_cells: dict, right_cells: dict, message: str,
            spans: list[tuple[int, int]], names: list[str], doubts: dict[str, str] | None = None) -> Check | None:
    """A check that sum(left) equals sum(right), with a verdict that holds for every reading of the cells.

    A value is exact when it was read directly. A blank or unread cell (None), and a cell in `doubts` (key → why it
    was not read directly: deduced, aligned, ocr), may hold any non-negative number. The check fails when it fails
    for all of them (the exact parts on one side already exceed the other side, whose open cells can only add);
    a doubtful reading that makes the check hold is taken (the check passes); anything else is `uncertain`, with
    the reason. None when nothing is known. `message` is formatted with {l}, {r} and {op} (= or ≠).
    """
    values = list(left_cells.values()) + list(right_cells.values())
    if all(v is None for v in values):
        return None
    doubts = doubts or {}
    blank = [k for k, v in {**left_cells, **right_cells}.items() if v is None]
    common = dict(id=check_id, kind=kind, cells=names, spans=spans)
    if not blank:
        left, right = _num(sum(left_cells.values())), _num(sum(right_cells.values()))
        ok = abs(left - right) < _EPS
        doubtful = [k for k in {**left_cells, **right_cells} if k in doubts]
        if ok or not doubtful:
            return Check(**common, status="pass" if ok else "fail", left=left, right=right,
                         message=message.format(l=_fmt(left), r=_fmt(right), op="=" if ok else "≠"))
    bound = _bound(left_cells, right_cells, doubts)
    if bound is not None:  # fails for every value the open cells could hold
        left, right, side = bound
        note = f"（{_open_words(left_cells, right_cells, doubts)}，但{side}已知各项已超过另一边，无论其取何值都不相等）"
        return Check(**common, status="fail", left=left, right=right,
                     message=message.format(l=_open_fmt(left, left_cells, doubts), r=_open_fmt(right, right_cells, doubts),
                                            op="≠") + note)
    if blank:
        return Check(**common, status="uncertain",
                     message=message.format(l="?", r="?", op="?") + f"（{len(blank)}个单元格为空，无法核对）")
    left, right = _num(sum(left_cells.values())), _num(sum(right_cells.values()))
    used = [(k, doubts[k]) for k in {**left_cells, **right_cells} if k in doubts]
    cell, why = used[0]
    more = f"等{len(used)}个单元格" if len(used) > 1 else ""
    note = f"（单元格{cell_name(cell)}{more}并非直接读取，而是{REASONS.get(why, why)}所得，无法确定是否真不一致）"
    return Check(**common, status="uncertain", left=left, right=right,
                 message=message.format(l=_fmt(left), r=_fmt(right), op="≠") + note)


def _open(cells: dict, doubts: dict[str, str]) -> list[str]:
    return [k for k, v in cells.items() if v is None or k in doubts]


def _exact_sum(cells: dict, doubts: dict[str, str]) -> float:
    return sum(v for k, v in cells.items() if v is not None and k not in doubts)


def _bound(left_cells: dict, right_cells: dict, doubts: dict[str, str]) -> tuple[float, float, str] | None:
    """(exact left, exact right, which side) when one side's open cells cannot close the gap: only the other side
    has open cells, and its exact parts already exceed the side with none. Open cells are never negative (a 2019
    table's 本年增/减 may be, so a check on one proves nothing)."""
    open_left, open_right = _open(left_cells, doubts), _open(right_cells, doubts)
    if any(str(k).endswith("change") for k in open_left + open_right) or (open_left and open_right):
        return None
    left, right = _num(_exact_sum(left_cells, doubts)), _num(_exact_sum(right_cells, doubts))
    if open_left and left > right + _EPS:
        return left, right, "左边"
    if open_right and right > left + _EPS:
        return left, right, "右边"
    return None


def _open_words(left_cells: dict, right_cells: dict, doubts: dict[str, str]) -> str:
    keys = _open(left_cells, doubts) + _open(right_cells, doubts)
    first = keys[0]
    why = "为空" if {**left_cells, **right_cells}[first] is None else f"{REASONS.get(doubts[first], doubts[first])}所得"
    more = f"等{len(keys)}个单元格" if len(keys) > 1 else ""
    return f"单元格{cell_name(first)}{more}{why}"


def _open_fmt(exact: float, cells: dict, doubts: dict[str, str]) -> str:
    return f"≥{_fmt(exact)}" if _open(cells, doubts) else _fmt(exact)


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(x, 6)


def _fmt(x: float) -> str:
    return str(_num(x))
