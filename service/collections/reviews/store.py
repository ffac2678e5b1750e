"""Decisions and corrections in the durable store (the latest one per check or cell counts), and their effect."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.base.errors import BadRequest, NotFound, cut
from service.collections.reviews.recheck import apply_corrections, recheck
from service.core.tables.templates import AMOUNT_COLUMNS
from service.store import CellCorrection, Review, StoredReport

DECISIONS = {"confirmed": "确认问题", "dismissed": "排除"}


@dataclass
class ReviewState:
    """A stored report as the reviewer sees it: the extracted result, the corrected-and-rechecked one, the decisions."""

    stored: StoredReport
    result: dict
    decisions: dict[str, dict] = field(default_factory=dict)
    corrections: dict[str, dict] = field(default_factory=dict)

    @property
    def open_findings(self) -> list[str]:
        """Ids of fails and uncertain checks that no reviewer has decided yet."""
        return [c["id"] for c in self.result.get("checks") or []
                if c["status"] != "pass" and c["id"] not in self.decisions]


def _row(obj: Review | CellCorrection) -> dict:
    out = {k: getattr(obj, k) for k in ("note", "reviewer", "key_label")}
    out["created_at"] = obj.created_at.isoformat() if obj.created_at else None
    if isinstance(obj, Review):
        out |= {"check_id": obj.check_id, "decision": obj.decision, "decision_name": DECISIONS[obj.decision]}
    else:
        out |= {"cell": obj.cell, "value": obj.value}
    return out


def get_report(session: Session, report_id: str) -> StoredReport:
    """The stored report or NOT_FOUND."""
    stored = session.get(StoredReport, report_id)
    if stored is None:
        raise NotFound(f"未找到报告 {cut(report_id)}。")
    return stored


def load_state(session: Session, report_id: str) -> ReviewState:
    """The report with its latest decisions and corrections applied (checks re-run when a cell was corrected)."""
    stored = get_report(session, report_id)
    decisions = {r.check_id: _row(r) for r in session.scalars(
        select(Review).where(Review.report_id == report_id).order_by(Review.created_at, Review.id))}
    corrections = {c.cell: _row(c) for c in session.scalars(
        select(CellCorrection).where(CellCorrection.report_id == report_id)
        .order_by(CellCorrection.created_at, CellCorrection.id))}
    result = stored.result
    if corrections:
        result = recheck(apply_corrections(result, {k: v["value"] for k, v in corrections.items()}), set(corrections))
    return ReviewState(stored, result, decisions, corrections)


def record_review(session: Session, report_id: str, check_id: str, decision: str, note: str | None,
                  reviewer: str | None, key_label: str | None = None) -> dict:
    """Store a decision on one check of a report (a later decision replaces it in effect, both are kept)."""
    state = load_state(session, report_id)
    if decision not in DECISIONS:
        raise BadRequest("decision 应为 confirmed（确认问题）或 dismissed（排除）。")
    if check_id not in {c["id"] for c in state.result.get("checks") or []}:
        raise BadRequest(f"报告中没有核对项 {cut(check_id)}。")
    row = Review(report_id=report_id, check_id=check_id, decision=decision, note=note or None, reviewer=reviewer,
                 key_label=key_label)
    session.add(row)
    session.commit()
    return _row(row)


def check_cell_value(table: str, key: str, value: float | None) -> None:
    """A value a table cell of this kind can hold: finite and never negative; a whole number except amounts in
    万元 (fees, procurement); a 2019 table's 本年增/减 may be negative. None (a blank cell) is always allowed."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise BadRequest("更正值必须是有限的数字（不接受 Infinity、NaN）；留空请用 null。")
    row, _, column = key.partition(".")
    if value < 0 and not (table == "active_disclosure" and column == "change"):
        raise BadRequest("更正值不能为负数。")
    if (row, column) not in AMOUNT_COLUMNS and value != int(value):
        raise BadRequest("该单元格是件数，更正值必须是整数；只有金额（万元）可以有小数。")
    if abs(value) > 1e12:
        raise BadRequest("更正值过大，超出了报告中可能出现的数值。")


def record_correction(session: Session, report_id: str, cell: str, value: float | None, note: str | None,
                      reviewer: str | None, key_label: str | None = None) -> dict:
    """Store a corrected value for one table cell ("table.row.column"); the extracted value stays as it was."""
    stored = get_report(session, report_id)
    table, _, key = cell.partition(".")
    cells = ((stored.result.get("tables") or {}).get(table) or {}).get("cells")
    if cells is None or key not in cells:
        raise BadRequest(f"报告的统计表中没有单元格 {cut(cell)}。")
    check_cell_value(table, key, value)
    row = CellCorrection(report_id=report_id, cell=cell, value=value, note=note or None, reviewer=reviewer,
                         key_label=key_label)
    session.add(row)
    session.commit()
    return _row(row)


def review_summaries(session: Session, report_ids: list[str]) -> dict[str, dict]:
    """Per report: number of distinct checks decided and of cells corrected (for dashboards and exports)."""
    out = {rid: {"decided": 0, "corrected": 0} for rid in report_ids}
    if not report_ids:
        return out
    for rid, n in session.execute(select(Review.report_id, func.count(func.distinct(Review.check_id)))
                                  .where(Review.report_id.in_(report_ids)).group_by(Review.report_id)):
        out[rid]["decided"] = n
    for rid, n in session.execute(select(CellCorrection.report_id, func.count(func.distinct(CellCorrection.cell)))
                                  .where(CellCorrection.report_id.in_(report_ids)).group_by(CellCorrection.report_id)):
        out[rid]["corrected"] = n
    return out
