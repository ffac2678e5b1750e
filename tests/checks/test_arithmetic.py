"""Table arithmetic and completeness checks on tables written for the tests."""
from __future__ import annotations

import pytest

from service.core.checks.arithmetic import table_checks
from service.core.checks.completeness import section_checks
from service.core.checks.completeness import table_checks as completeness_checks
from service.core.normalise import normalise
from service.core.sections import find_sections
from service.core.tables import parse_tables
from tests.fixtures.tables_text import report, tab_rows


def checks_for(raw: str):
    text = normalise(raw).text
    sections = find_sections(text)
    tables = parse_tables(text, sections)
    return text, table_checks(tables) + completeness_checks(tables) + section_checks(sections)


def statuses(checks, status):
    return {c.id for c in checks if c.status == status}


def test_consistent_report_has_no_failure():
    _, checks = checks_for(report(tab_rows()))
    assert not statuses(checks, "fail")
    assert {"applications.outcomes.total", "applications.identity.total",
            "review_litigation.total.review"} <= statuses(checks, "pass")


@pytest.mark.parametrize("old, new, failing", [
    # an outcome cell too high: the column no longer sums to (七)总计, and the row no longer sums to its total
    ("1.本机关不掌握相关政府信息\t1\t0\t0\t0\t0\t0\t1", "1.本机关不掌握相关政府信息\t3\t0\t0\t0\t0\t0\t3",
     {"applications.outcomes.natural_person", "applications.outcomes.total"}),
    # carried forward wrong: 一+二 ≠ (七)+四
    ("四、结转下年度继续办理\t1\t0\t0\t0\t0\t0\t1", "四、结转下年度继续办理\t2\t0\t0\t0\t0\t0\t2",
     {"applications.identity.natural_person", "applications.identity.total"}),
    # a row total that is not the sum of its applicant columns
    ("二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1", "二、上年结转政府信息公开申请数量\t1\t1\t0\t0\t0\t0\t1",
     {"applications.row_total.carried_over"}),
])
def test_planted_inconsistencies_fail(old, new, failing):
    raw = report(tab_rows().replace(old, new))
    assert old in tab_rows()
    text, checks = checks_for(raw)
    failed = statuses(checks, "fail")
    assert failing <= failed
    for c in checks:
        if c.id in failing:
            assert c.left != c.right and c.spans
            assert all(text[s:e].strip() for s, e in c.spans)


def test_review_total_mismatch():
    raw = report(tab_rows()).replace("1\t0\t0\t1\t2\t0", "1\t0\t0\t1\t3\t0")
    _, checks = checks_for(raw)
    assert "review_litigation.total.review" in statuses(checks, "fail")


def test_blank_cells_make_checks_uncertain_not_failed():
    raw = report(tab_rows().replace("2.重复申请\t0\t0\t0\t0\t0\t0\t0", "2.重复申请\t\t\t\t\t\t\t"))
    _, checks = checks_for(raw)
    assert "applications.outcomes.natural_person" in statuses(checks, "uncertain")
    assert not any(c.kind == "table_arithmetic" and c.status == "fail" for c in checks)
    blank = [c for c in checks if c.kind == "completeness" and "applications.not_processed_repeat" in c.cells]
    assert blank and blank[0].status == "fail"


def test_missing_section_and_table_are_reported():
    raw = "某局2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n五、存在的主要问题及改进情况\n一是不足。\n"
    _, checks = checks_for(raw)
    cells = {cell for c in checks if c.kind == "completeness" for cell in c.cells}
    assert {"sections.active_disclosure", "sections.other_matters", "applications", "review_litigation"} <= cells
