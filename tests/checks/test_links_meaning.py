"""Links that mean a sum or have two readings, fails only on cells read directly, and negations that are no zero.

The report is tests/fixtures/tables_text.py: 一 6, 二 1, (一) 4, (二) 1, (四)1 1, (七) 6, 四 1; 行政复议 2,
直接起诉 1, 复议后起诉 0; 规章 0 issued, 规范性文件 3 issued.
"""
from __future__ import annotations

import pytest

from service.base.schema import Count, Section
from service.core.checks.arithmetic import table_checks
from service.core.checks.doubt import cell_doubts
from service.core.checks.narrative import narrative_checks, zero_checks
from service.core.sections import find_sections
from service.core.tables import Issue, parse_tables
from tests.fixtures.tables_text import report, tab_rows

BASE = report(tab_rows())


def checks_for(sentence: str, subject: str, value: int, doubts=None, tables=None):
    """narrative_vs_table checks of one count written into the overview."""
    text = BASE.replace("一、总体情况\n", f"一、总体情况\n{sentence}\n", 1)
    start = text.index(subject)
    c = Count(value=value, unit="件", subject=subject, text=f"{subject}{value}件",
              span=(start, start + len(subject) + len(str(value)) + 1))
    tables = tables or parse_tables(text, find_sections(text))
    return [x for x in narrative_checks(text, [c], tables, "2021", doubts=doubts) if x.id.startswith("narrative.link")]


@pytest.mark.parametrize("sentence, subject, value, status, cells", [
    ("办结申请6件，其中予以公开及部分公开5件。", "予以公开及部分公开", 5, "pass",
     ["applications.granted.total", "applications.partially_granted.total"]),
    ("收到申请6件，其中予以公开和部分公开4件。", "予以公开和部分公开", 4, "fail",
     ["applications.granted.total", "applications.partially_granted.total"]),
    ("收到申请6件，其中不予公开0件。", "不予公开", 0, "pass", None),
    ("被提起政府信息公开行政诉讼1件。", "被提起政府信息公开行政诉讼", 1, "pass",
     ["review_litigation.litigation_direct.total", "review_litigation.litigation_after_review.total"]),
    ("发生行政复议和行政诉讼案件3件。", "发生行政复议和行政诉讼案件", 3, "pass",
     ["review_litigation.review.total", "review_litigation.litigation_direct.total",
      "review_litigation.litigation_after_review.total"]),
    ("未经复议直接起诉1件。", "未经复议直接起诉", 1, "pass", ["review_litigation.litigation_direct.total"]),
    ("本年度制定规章0件。", "本年度制定规章", 0, "pass", ["active_disclosure.regulations.issued"]),
    ("本年度制发规范性文件3件。", "本年度制发规范性文件", 3, "pass", ["active_disclosure.normative_documents.issued"]),
    ("本年度制发规章和规范性文件3件。", "本年度制发规章和规范性文件", 3, "pass",
     ["active_disclosure.regulations.issued", "active_disclosure.normative_documents.issued"]),
    ("本年度制定规章3件。", "本年度制定规章", 3, "fail", ["active_disclosure.regulations.issued"]),
])
def test_sum_and_group_links(sentence, subject, value, status, cells):
    got = checks_for(sentence, subject, value)
    assert [c.status for c in got] == [status]
    if cells is not None:
        assert got[0].cells == cells
    if subject.startswith("不予公开"):
        assert len(got[0].cells) == 8 and all(c.startswith("applications.denied_") for c in got[0].cells)


@pytest.mark.parametrize("sentence, subject, value, status", [
    ("全年受理政府信息公开申请6件。", "全年受理政府信息公开申请", 6, "pass"),    # 一 alone
    ("全年受理政府信息公开申请7件。", "全年受理政府信息公开申请", 7, "pass"),    # 一 + 二
    ("全年受理政府信息公开申请9件。", "全年受理政府信息公开申请", 9, "fail"),    # neither reading holds
    ("全年收到政府信息公开申请7件。", "全年收到政府信息公开申请", 7, "fail"),    # 收到 is 一 only
])
def test_accepted_may_mean_new_or_new_plus_carried(sentence, subject, value, status):
    got = checks_for(sentence, subject, value)
    assert [c.status for c in got] == [status]
    if status == "fail" and "受理" in subject:
        assert "另一种理解" in got[0].message and "applications.carried_over.total" in got[0].cells


@pytest.mark.parametrize("sentence, subject", [
    ("通过门户网站在线受理申请3件。", "通过门户网站在线受理申请"),
    ("通过信函受理申请2件。", "通过信函受理申请"),
    ("当面受理申请5件。", "当面受理申请"),
])
def test_a_channel_of_the_figure_is_not_the_figure(sentence, subject):
    assert checks_for(sentence, subject, 3) == []


@pytest.mark.parametrize("how, word", [("deduced", "推算"), ("aligned", "对齐"), ("ocr", "OCR")])
def test_a_mismatch_on_a_cell_not_read_directly_is_uncertain(how, word):
    got = checks_for("全年收到政府信息公开申请9件。", "全年收到政府信息公开申请", 9,
                     doubts={"applications.new_received.total": how})
    assert [c.status for c in got] == ["uncertain"] and word in got[0].message
    same = checks_for("全年收到政府信息公开申请6件。", "全年收到政府信息公开申请", 6,
                      doubts={"applications.new_received.total": how})
    assert [c.status for c in same] == ["pass"]


@pytest.mark.parametrize("value, status", [(6, "pass"), (9, "uncertain")])
def test_a_link_only_the_model_made_never_fails(value, status):
    text = BASE.replace("一、总体情况\n", "一、总体情况\n本机关经手的事务9件。\n", 1)
    start = text.index("本机关经手的事务")
    c = Count(value=value, unit="件", subject="本机关经手的事务", text=f"本机关经手的事务{value}件", span=(start, start + 10))
    got = narrative_checks(text, [c], parse_tables(text, find_sections(text)), "2021",
                           targets=["applications.new_received.total"])
    assert [x.status for x in got if x.id.startswith("narrative.link")] == [status]
    assert status == "pass" or "模型推断" in got[0].message


def _broken_tables():
    text = BASE.replace("（一）予以公开\t3\t1\t0\t0\t0\t0\t4", "（一）予以公开\t3\t1\t0\t0\t0\t0\t5")
    return parse_tables(text, [])


@pytest.mark.parametrize("source, status", [
    ("issue", "uncertain"),       # the parser had to complete that row
    ("deduced", "uncertain"),     # the tables code says how it got the cell
    ("aligned", "uncertain"),
    ("ocr", "uncertain"),
    ("read", "fail"),
    ("none", "fail"),             # every cell read directly: a real failure
])
def test_table_arithmetic_on_doubtful_cells(source, status):
    tables = _broken_tables()
    t = tables["applications"]
    if source == "issue":
        t.issues.append(Issue("short_row", ["granted", "total_processed"], "表三行数值不足", []))
    if source in ("deduced", "aligned", "ocr", "read"):
        t.provenance["granted.total"] = source
    checks = [c for c in table_checks(tables, cell_doubts(tables)) if c.id == "applications.row_total.granted"]
    assert [c.status for c in checks] == [status]


@pytest.mark.parametrize("sentence, targets", [
    ("本年度没有发生行政复议。", {"review_litigation.review.total"}),
    ("本年度未发生行政复议被纠错的情况。", set()),
    ("本年度未发生因政府信息公开被申请行政复议后败诉的情况。", set()),
    ("全年未收到政府信息公开申请。", {"applications.new_received.total"}),
    ("全年未收到对政府信息公开申请办理的投诉。", set()),
    ("全年未发生行政诉讼。", {"review_litigation.litigation"}),
])
def test_negations_state_a_zero_only_when_they_state_a_quantity(sentence, targets):
    text = BASE.replace("2024年，县交通运输局共收到政府信息公开申请6件，", sentence)
    overview = text.index("一、总体情况")
    sections = [Section(key="overview", title="一、总体情况", span=(overview, text.index("二、")))]
    got = zero_checks(text, parse_tables(text, []), sections)
    named = {"review_litigation.litigation" if len(c.cells) == 2 else c.cells[0] for c in got}
    assert named == targets
    assert all(c.left == 0 and c.status == "fail" for c in got)  # the fixture's table has non-zero figures


@pytest.mark.parametrize("issues, statuses", [
    ([("short_row", "只有6个数值（应为7个）")], ["fail"]),                 # the report lacks a value
    ([("long_row", "有9个数值（应为7个）")], ["uncertain"]),              # likely a layout not followed
    ([("long_row", "有9个数值（应为7个）"), ("short_row", "只有4个数值（应为7个）")], ["uncertain", "fail"]),
    ([("long_row", "有161个数值（应为7个）"), ("blank_cells", "有147个空白单元格")], ["uncertain", "uncertain"]),
])
def test_table_layout_findings_fail_only_when_the_layout_was_followed(issues, statuses):
    from service.core.checks.completeness import table_checks as completeness_checks

    tables = parse_tables(BASE, find_sections(BASE))
    tables["applications"].issues = [Issue(k, ["granted"], f"表三行{m}", []) for k, m in issues]
    got = [c for c in completeness_checks(tables) if c.id.startswith("completeness.applications")]
    assert [c.status for c in got] == statuses
