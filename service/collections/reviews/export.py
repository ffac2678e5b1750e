"""Reviewers' decisions in the exports: 审核结论 and 备注 on the 核对问题 sheet, corrections on a sheet of their own."""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from service.collections.reviews.store import load_state
from service.store import CellCorrection, StoredReport

CORRECTION_COLUMNS = [("报告编号", 34), ("单元格", 40), ("原抽取值", 10), ("更正值", 10), ("审核人", 12), ("密钥", 12), ("备注", 40),
                      ("时间", 22)]


class _Decisions:
    """Latest decision per (report, check), read once per report while an export streams."""

    def __init__(self, sessions: sessionmaker) -> None:
        self.sessions = sessions
        self.cache: dict[str, dict[str, dict]] = {}

    def of(self, report_id: str | None, check: dict) -> dict:
        if not report_id:
            return {}
        if report_id not in self.cache:
            self.cache = {report_id: self._load(report_id)}  # rows arrive report by report: keep one
        return self.cache[report_id].get(check.get("id"), {})

    def _load(self, report_id: str) -> dict[str, dict]:
        with self.sessions() as session:
            if session.get(StoredReport, report_id) is None:
                return {}
            return load_state(session, report_id).decisions


def _corrections(sessions: sessionmaker, report_ids: list[str] | None) -> Iterator[list]:
    with sessions() as session:
        query = select(CellCorrection).order_by(CellCorrection.report_id, CellCorrection.created_at)
        if report_ids is not None:
            query = query.where(CellCorrection.report_id.in_(report_ids))
        rows = list(session.scalars(query))
        extracted = {r.id: r.result for r in session.scalars(
            select(StoredReport).where(StoredReport.id.in_({c.report_id for c in rows})))} if rows else {}
    for c in rows:
        table, _, key = c.cell.partition(".")
        original = (((extracted.get(c.report_id) or {}).get("tables") or {}).get(table) or {}).get("cells", {}).get(key)
        yield [c.report_id, c.cell, original, c.value, c.reviewer, c.key_label, c.note,
               c.created_at.isoformat(timespec="seconds") if c.created_at else None]


def review_hooks(sessions: sessionmaker, report_ids: list[str] | None = None):
    """Export hooks that add the reviewers' decisions (and a sheet of cell corrections) to an xlsx export."""
    from service.collections.export import Column, ExportHooks, Sheet

    decisions = _Decisions(sessions)
    return ExportHooks(
        check_columns=[Column("审核结论", 10, lambda rid, check: decisions.of(rid, check).get("decision_name", "")),
                       Column("备注", 30, lambda rid, check: decisions.of(rid, check).get("note") or ""),
                       Column("审核人", 12, lambda rid, check: decisions.of(rid, check).get("reviewer") or ""),
                       Column("密钥", 12, lambda rid, check: decisions.of(rid, check).get("key_label") or "")],
        sheets=[Sheet("单元格更正", CORRECTION_COLUMNS, lambda: _corrections(sessions, report_ids))])
