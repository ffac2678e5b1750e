"""The link vocabulary over more of the form: 办结, per-applicant figures, table 4's outcomes, table 2's decisions and
documents in force, carried-over phrasings; loose phrasings reconciled only when equal; the ambiguous 受理 decided
by bounds when 二 is blank. Sentences written for these tests."""
from __future__ import annotations

import pytest

from service.core.checks.narrative import narrative_checks, rule_target
from service.core.tables import parse_tables
from tests.checks.test_narrative import count
from tests.fixtures.tables_text import report, tab_rows


@pytest.mark.parametrize("sentence, subject, target", [
    ("本年度新收申请9件，已全部办结9件。", "，已全部办结", "applications.total_processed.total"),
    ("本年度新收申请9件，办结率100%。", "办结率", None),
    ("本年度新收申请9件，办结8件，结转下年度1件。", "，办结", "applications.total_processed.total"),
    ("共收到申请12件，其中自然人10件。", "其中自然人", "applications.new_received.total"),
    ("共收到申请12件，其中法人或其他组织2件。", "其中法人或其他组织", "applications.new_received.organisations"),
    ("受理申请12件，其中自然人10件。", "其中自然人", None),  # 受理 is one row or two: no column of it
    ("办结申请12件，其中自然人10件。", "其中自然人", None),
    ("本年度共发生行政复议3件，其中结果维持2件。", "其中结果维持", "review_litigation.review.maintained"),
    ("本年度共发生行政复议3件，尚未审结1件。", "尚未审结", "review_litigation.review.pending"),
    ("被提起行政诉讼4件，结果维持3件。", "结果维持", "review_litigation.litigation_maintained"),
    ("被提起行政诉讼4件，其中被纠正1件。", "其中被纠正", "review_litigation.litigation_corrected"),
    ("行政复议2件、行政诉讼1件，结果均维持。", "结果均维持", None),  # both named: whose outcome?
    ("全年作出行政许可决定530件。", "全年作出行政许可决定", "active_disclosure.licensing.decisions"),
    ("全年办结行政处罚案件41件。", "全年办结行政处罚案件", "active_disclosure.punishment.decisions"),
    ("实施行政强制措施6件。", "实施行政强制措施", "active_disclosure.coercion.decisions"),
    ("梳理行政许可事项清单56件。", "梳理行政许可事项清单", None),
    ("清理规范性文件，现行有效12件。", "，现行有效", "active_disclosure.normative_documents.in_force"),
    ("清理规章和规范性文件，现行有效12件。", "，现行有效", None),  # the sum of both kinds
    ("截至年底现行有效规章4件。", "截至年底现行有效规章", "active_disclosure.regulations.in_force"),
    ("上一年度结转申请2件。", "上一年度结转申请", "applications.carried_over.total"),
])
def test_rule_targets(sentence, subject, target):
    text, c = count(sentence, subject, 1)
    assert rule_target(c, text, "2021") == target


def test_carried_forward_in_its_other_spelling():
    text, c = count("申请2件转入下一年度办理。", "申请2件转入下一年度", 2)
    c = c.model_copy(update={"subject": "转入下一年度"})
    assert rule_target(c, text, "2021") == "applications.carried_forward.total"


def _tables():
    text = report(tab_rows())
    return text, parse_tables(text, [])


def test_a_loose_phrasing_is_reconciled_when_equal_and_left_unlinked_when_not():
    text, tables = _tables()
    licensing = tables["active_disclosure"].cells.get("licensing.decisions")
    assert licensing is not None
    for value, expected in ((licensing, ["pass"]), (licensing + 7, [])):
        sentence = f"全年作出行政许可决定{value}件。"
        full, c = count(text + sentence, "全年作出行政许可决定", value)
        assert [x.status for x in narrative_checks(full, [c], tables, "2021")] == expected


def test_an_organisation_figure_is_the_sum_of_the_five_columns():
    text, tables = _tables()
    cells = tables["applications"].cells
    orgs = sum(cells[f"new_received.{c}"] or 0 for c in ("commercial", "research", "social_org", "legal_service",
                                                         "other_org"))
    full, c = count(text + f"共收到申请{cells['new_received.total']}件，其中法人或其他组织{orgs}件。", "其中法人或其他组织", orgs)
    checks = narrative_checks(full, [c], tables, "2021")
    assert [x.status for x in checks] == ["pass"] and len(checks[0].cells) == 5


def test_shouli_fails_when_neither_reading_can_hold_and_is_uncertain_when_one_can():
    text, tables = _tables()
    new = tables["applications"].cells["new_received.total"]
    tables["applications"].cells["carried_over.total"] = None  # 二 left blank
    below, c = count(text + f"受理政府信息公开申请{new - 1}件。", "受理政府信息公开申请", new - 1)
    assert [x.status for x in narrative_checks(below, [c], tables, "2021")] == ["fail"]  # 一 alone already exceeds it
    above, c = count(text + f"受理政府信息公开申请{new + 3}件。", "受理政府信息公开申请", new + 3)
    assert [x.status for x in narrative_checks(above, [c], tables, "2021")] == ["uncertain"]  # 二 could be 3
