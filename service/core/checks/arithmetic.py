"""Table arithmetic: the 勾稽关系 of table 3 per column, row totals, and the totals of table 4."""
from __future__ import annotations

from service.base.schema import Check
from service.core.checks import compare
from service.core.checks.subtotal import subtotal_checks
from service.core.tables import TableResult
from service.core.tables.templates import APPLICANT_COLUMNS, COLUMN_NAMES, GROUP_NAMES, REVIEW_COLUMNS, REVIEW_GROUPS, ROW_NAMES

_NOT_OUTCOME = {"new_received", "carried_over", "total_processed", "carried_forward"}


def _rows(t: TableResult) -> list[str]:
    """The table's rows in the order of their first cell."""
    return list(dict.fromkeys(key.rsplit(".", 1)[0] for key in t.cells))


def _spans(t: TableResult, keys: list[str]) -> list[tuple[int, int]]:
    return [t.spans[k] for k in keys if k in t.spans]


def _check(t: TableResult, cid: str, left: list[str], right: list[str], message: str,
           doubts: dict[str, str]) -> Check | None:
    prefix, cells, spans = t.name + ".", t.cells, t.spans
    left_names, right_names = [prefix + k for k in left], [prefix + k for k in right]
    return compare(cid, "table_arithmetic", dict(zip(left_names, map(cells.get, left))),
                   dict(zip(right_names, map(cells.get, right))), message,
                   [spans[k] for k in left + right if k in spans], left_names + right_names, doubts)


def applications_checks(t: TableResult, doubts: dict[str, str] | None = None) -> list[Check]:
    """Per column: outcomes sum to (七)总计 and 一+二 = (七)+四; per row: applicant columns sum to 总计."""
    rows = _rows(t)
    outcomes = [r for r in rows if r not in _NOT_OUTCOME]
    out = []
    for col in APPLICANT_COLUMNS:
        name = COLUMN_NAMES[col]
        out.append(_check(t, f"applications.outcomes.{col}", [f"{r}.{col}" for r in outcomes],
                          [f"total_processed.{col}"],
                          f"表三“{name}”列：各项办理结果之和({{l}}) {{op}} （七）总计({{r}})", doubts or {}))
        out.append(_check(t, f"applications.identity.{col}", [f"new_received.{col}", f"carried_over.{col}"],
                          [f"total_processed.{col}", f"carried_forward.{col}"],
                          f"表三“{name}”列：本年新收+上年结转({{l}}) {{op}} 办理结果总计+结转下年度({{r}})", doubts or {}))
    for row in rows:
        parts = [f"{row}.{c}" for c in APPLICANT_COLUMNS[:-1]]
        out.append(_check(t, f"applications.row_total.{row}", parts, [f"{row}.total"],
                          f"表三“{ROW_NAMES.get(row, row)}”行：各类申请人之和({{l}}) {{op}} 总计({{r}})", doubts or {}))
    return [c for c in out if c is not None]


def review_checks(t: TableResult, doubts: dict[str, str] | None = None) -> list[Check]:
    """In each group of table 4 the four results sum to 总计."""
    out = []
    for group in REVIEW_GROUPS:
        parts = [f"{group}.{c}" for c in REVIEW_COLUMNS[:-1]]
        out.append(_check(t, f"review_litigation.total.{group}", parts, [f"{group}.total"],
                          f"表四“{GROUP_NAMES[group]}”：维持+纠正+其他+尚未审结({{l}}) {{op}} 总计({{r}})", doubts or {}))
    return [c for c in out if c is not None]


def active_checks(t: TableResult) -> list[Check]:
    """Table 2 implies no strict identity; documents issued this year cannot exceed those in force plus repealed."""
    out = []
    if t.template == "2021":
        for row, name in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
            issued, in_force, repealed = (t.cells.get(f"{row}.{c}") for c in ("issued", "in_force", "repealed"))
            if None in (issued, in_force, repealed) or issued <= in_force + repealed:
                continue
            out.append(Check(id=f"active_disclosure.plausible.{row}", kind="table_arithmetic", status="uncertain",
                             left=issued, right=in_force + repealed,
                             cells=[f"active_disclosure.{row}.{c}" for c in ("issued", "in_force", "repealed")],
                             spans=_spans(t, [f"{row}.{c}" for c in ("issued", "in_force", "repealed")]),
                             message=f"表二“{name}”：本年制发({issued})多于现行有效+本年废止"
                                     f"({in_force + repealed})，请核实"))
    return out


def table_checks(tables: dict[str, TableResult | None], doubts: dict[str, str] | None = None) -> list[Check]:
    """All arithmetic checks of the tables that are present; a cell not read directly (`doubts`, see
    checks/doubt.py) or blank may hold any non-negative value, and a failure stands only when it holds for all."""
    doubts = doubts or {}
    out: list[Check] = []
    if tables.get("applications"):
        out += applications_checks(tables["applications"], doubts) + subtotal_checks(tables["applications"], doubts)
    if tables.get("review_litigation"):
        out += review_checks(tables["review_litigation"], doubts)
    if tables.get("active_disclosure"):
        out += active_checks(tables["active_disclosure"])
    return out
