"""Checks: table arithmetic, narrative against tables, 其中 sums, completeness — each returns list[Check]."""
from __future__ import annotations

from service.base.schema import Check


def compare(check_id: str, kind: str, left_cells: dict, right_cells: dict, message: str,
            spans: list[tuple[int, int]], names: list[str]) -> Check | None:
    """A check that sum(left) equals sum(right); uncertain when a value is missing, None when nothing is known.

    `message` is formatted with {l}, {r} and {op} (= or ≠).
    """
    values = list(left_cells.values()) + list(right_cells.values())
    if all(v is None for v in values):
        return None
    if any(v is None for v in values):
        known = sum(1 for v in values if v is not None)
        return Check(id=check_id, kind=kind, status="uncertain", cells=names, spans=spans,
                     message=message.format(l="?", r="?", op="?") + f"（{len(values) - known}个单元格为空，无法核对）")
    left = _num(sum(left_cells.values()))
    right = _num(sum(right_cells.values()))
    ok = abs(left - right) < 1e-6
    return Check(id=check_id, kind=kind, status="pass" if ok else "fail", left=left, right=right, cells=names,
                 spans=spans, message=message.format(l=_fmt(left), r=_fmt(right), op="=" if ok else "≠"))


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(x, 6)


def _fmt(x: float) -> str:
    return str(_num(x))
