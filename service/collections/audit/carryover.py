"""Carry-over: this year's 二、上年结转 against last year's 四、结转下年度继续办理, per applicant column and total."""
from __future__ import annotations

from service.collections.audit.findings import Pair, cell, cell_span, cell_values, doubtful, finding, readings_note
from service.core.tables.templates import APPLICANT_COLUMNS, COLUMN_NAMES


def carry_over(pair: Pair) -> list[dict]:
    """One finding per applicant column whose two figures are both known. A figure with several readings (an OCR
    look-alike) is weighed by all of them: the years fail to connect only when no reading of either connects them."""
    out = []
    for column in APPLICANT_COLUMNS:
        here, there = f"applications.carried_over.{column}", f"applications.carried_forward.{column}"
        mine, theirs = cell_values(pair.cur, here), cell_values(pair.prev, there)
        if not mine or not theirs:
            continue
        y0, y1 = pair.years
        several = len(mine) > 1 or len(theirs) > 1
        left, right = (cell(pair.cur, here), cell(pair.prev, there)) if not several else (mine[0], theirs[0])
        notes = readings_note(pair.cur, here, f"{y1}年的数值") + readings_note(pair.prev, there, f"{y0}年的数值")
        if not several and left == right:
            status = "pass"
            message = f"{y1}年上年结转（{COLUMN_NAMES[column]}）{left}件，与{y0}年结转下年度{right}件一致"
        elif several and set(mine) & set(theirs):
            status = "uncertain"
            message = (f"{y1}年报告表三“二、上年结转”（{COLUMN_NAMES[column]}）与{y0}年报告“四、结转下年度继续办理”"
                       f"是否衔接取决于读法{notes}")
        else:
            unsure = doubtful(pair.cur, here) or doubtful(pair.prev, there)
            status = "uncertain" if unsure else "fail"
            message = (f"{y1}年报告表三“二、上年结转”（{COLUMN_NAMES[column]}）为{_shown(mine)}件，"
                       f"{y0}年报告“四、结转下年度继续办理”为{_shown(theirs)}件，前后不衔接")
            if several:
                message += f"{notes}，无论取哪种读法都不衔接"
            if unsure:
                message += "；该行在报告自身的完整性核对中有问题，数值可能未读准"
        out.append(finding(pair, f"yoy.carry_over.{column}", status, [here], left, right, message,
                           [cell_span(pair.cur, here)], [there], [cell_span(pair.prev, there)]))
    return out


def _shown(values: list) -> str:
    return "或".join(str(v) for v in values)
