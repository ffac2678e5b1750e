"""Narrative figures linked to the table cells they report, and the figures that report none."""
from __future__ import annotations

import pytest

from service.base.schema import Count
from service.core.checks.narrative import narrative_checks, rule_target
from service.core.tables import parse_tables
from tests.fixtures.tables_text import report, tab_rows


def count(text: str, subject: str, value: int, unit: str = "件") -> tuple[str, Count]:
    start = text.index(subject)
    return text, Count(value=value, unit=unit, subject=subject, text=f"{subject}{value}{unit}",
                       span=(start, start + len(subject) + len(str(value)) + 1))


@pytest.mark.parametrize("sentence, subject, target", [
    ("全年共收到政府信息公开申请12件。", "共收到政府信息公开申请", "applications.new_received.total"),
    ("全年共办理政府信息公开申请4件，均已按时答复。", "共办理政府信息公开申请", "applications.total_processed.total"),
    ("本年度收到申请8件，其中予以公开5件。", "予以公开", "applications.granted.total"),
    ("本年度收到申请8件，其中不予公开2件。", "不予公开", "applications.denied"),
    ("本年度收到申请8件，其中无法提供1件。", "无法提供", "applications.unable"),
    ("上年结转政府信息公开申请3件。", "上年结转政府信息公开申请", "applications.carried_over.total"),
    ("发生政府信息公开行政复议案件2件。", "发生政府信息公开行政复议案件", "review_litigation.review.total"),
    ("被提起政府信息公开行政诉讼1件。", "被提起政府信息公开行政诉讼", "review_litigation.litigation"),
    ("截至年底现行有效规范性文件15件。", "现行有效规范性文件", "active_disclosure.normative_documents.in_force"),
    # figures that report no table cell
    ("全年发布政务信息140条。", "发布政务信息", None),
    ("制定依申请公开信息目录39件。", "制定依申请公开信息目录", None),
    ("承办人大代表建议5件。", "承办人大代表建议", None),
    ("主动公开信息予以公开的栏目6个。", "主动公开信息予以公开的栏目", None),
])
def test_rule_targets(sentence, subject, target):
    text, c = count(sentence, subject, 1)
    assert rule_target(c, text, "2021") == target


def test_mismatch_fails_with_both_spans():
    raw = report(tab_rows()).replace("共收到政府信息公开申请6件", "共收到政府信息公开申请7件")
    text = raw
    tables = parse_tables(text, [])
    _, c = count(text, "共收到政府信息公开申请", 7)
    checks = narrative_checks(text, [c], tables, "2021")
    assert [(x.status, x.left, x.right) for x in checks] == [("fail", 7, 6)]
    assert checks[0].cells == ["applications.new_received.total"]
    assert len(checks[0].spans) == 2


def test_applicant_column_named_in_the_subject():
    text = report(tab_rows())
    tables = parse_tables(text, [])
    text2, c = count(text + "收到自然人政府信息公开申请5件。", "收到自然人政府信息公开申请", 5)
    checks = narrative_checks(text2, [c], tables, "2021")
    assert checks[0].cells == ["applications.new_received.natural_person"] and checks[0].status == "pass"


@pytest.mark.parametrize("sentence, zero_targets", [
    ("2023年未发生因政府信息公开引起的行政复议、行政诉讼案件。", {"review_litigation.review.total", "review_litigation.litigation"}),
    ("全年未收到政府信息公开申请。", {"applications.new_received.total"}),
    ("本机关无政府信息公开行政复议案件被纠错的情况。", set()),
])
def test_zero_statements(sentence, zero_targets):
    from service.base.schema import Section
    from service.core.checks.narrative import zero_checks

    text = report(tab_rows()).replace("2024年，县交通运输局共收到政府信息公开申请6件，", sentence)
    overview = text.index("一、总体情况")
    sections = [Section(key="overview", title="一、总体情况", span=(overview, text.index("二、")))]
    checks = zero_checks(text, parse_tables(text, []), sections)
    assert {c.cells[0] if len(c.cells) == 1 else "review_litigation.litigation" for c in checks} == zero_targets
    assert all(c.left == 0 for c in checks)
