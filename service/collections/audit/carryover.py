"""Carry-over: this year's 二、上年结转 against last year's 四、结转下年度继续办理, per applicant column and total."""
from __future__ import annotations

from service.collections.audit.findings import Pair, cell, cell_span, doubtful, finding
from service.core.tables.templates import APPLICANT_COLUMNS, COLUMN_NAMES


def carry_over(pair: Pair) -> list[dict]:
    """One finding per applicant column whose two figures are both present."""
    out = []
    for column in APPLICANT_COLUMNS:
        here, there = f"applications.carried_over.{column}", f"applications.carried_forward.{column}"
        left, right = cell(pair.cur, here), cell(pair.prev, there)
        if left is None or right is None:
            continue
        y0, y1 = pair.years
        if left == right:
            status = "pass"
            message = f"{y1}年上年结转（{COLUMN_NAMES[column]}）{left}件，与{y0}年结转下年度{right}件一致"
        else:
            unsure = doubtful(pair.cur, here) or doubtful(pair.prev, there)
            status = "uncertain" if unsure else "fail"
            message = (f"{y1}年报告表三“二、上年结转”（{COLUMN_NAMES[column]}）为{left}件，"
                       f"{y0}年报告“四、结转下年度继续办理”为{right}件，前后不衔接")
            if unsure:
                message += "；该行在报告自身的完整性核对中有问题，数值可能未读准"
        out.append(finding(pair, f"yoy.carry_over.{column}", status, [here], left, right, message,
                           [cell_span(pair.cur, here)], [there], [cell_span(pair.prev, there)]))
    return out
