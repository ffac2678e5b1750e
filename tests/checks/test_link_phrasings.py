"""More phrasings of the form's cells in prose, each in words written for this test: the 受理 reading left open
only while one of its readings holds, a figure wrapped onto the next line, the 2019 form's nearest cell for figures
in force, table 4's 其他结果 and table 3's 办理结果 by name."""
from __future__ import annotations

import pytest

from service.core.checks.narrative import narrative_checks, rule_target
from service.core.extractors.counts import extract_counts
from service.core.pipeline import Pipeline
from service.core.tables import parse_tables
from tests.checks.test_narrative import count
from tests.fixtures.tables_text import report, tab_rows


@pytest.mark.parametrize("sentence, subject, template, target", [
    ("本年度受理依申请公开9件。", "本年度受理依申请公开", "2021", "applications.new_received.total"),
    ("本单位全年办理结果合计9件。", "本单位全年办理结果合计", "2021", "applications.total_processed.total"),
    ("涉及政府信息公开的行政复议2件，其他结果1件。", "其他结果", "2021", "review_litigation.review.other"),
    ("被申请人提起行政诉讼2件，以其他方式结案1件。", "以其他方式结案", "2021", "review_litigation.litigation_other"),
    ("复议和诉讼各1件，其他结果1件。", "其他结果", "2021", None),  # whose result is it?
    ("经清理行政规范性文件20件，其中废止3件，继续有效17件。", "，继续有效", "2021",
     "active_disclosure.normative_documents.in_force"),
    ("截至年底现行有效的行政规范性文件共17件。", "截至年底现行有效的行政规范性文件共", "2019",
     "active_disclosure.normative_documents.total_published"),
    ("目前现行有效的规章2件。", "目前现行有效的规章", "2019", "active_disclosure.regulations.total_published"),
    ("继续有效的规章2件。", "继续有效的规章", "2021", None),  # 继续有效 of 规章 is no cell
])
def test_rule_targets(sentence, subject, template, target):
    text, c = count(sentence, subject, 1)
    assert rule_target(c, text, template) == target


def _run(sentence: str):
    text = report(tab_rows()).replace("现行有效规范性文件12件。", "现行有效规范性文件12件。" + sentence)
    result = Pipeline().run(text)
    start = result.document.text.index(sentence)
    mine = [n for n, c in enumerate(result.counts) if start <= c.span[0] < start + len(sentence)]
    return result, {n: next((x for x in result.checks if x.id == f"narrative.link.{n}"), None) for n in mine}


@pytest.mark.parametrize("figure, status", [
    (6, "pass"),   # 本年新收
    (7, "pass"),   # 本年新收 + 上年结转
    (16, "fail"),  # neither
])
def test_the_two_readings_of_shouli(figure, status):
    result, checks = _run(f"本年度共受理群众提出的信息公开申请{figure}件。")
    (check,) = checks.values()
    assert check.status == status
    if status == "fail":
        assert "按另一种理解" in check.message
        assert {"applications.new_received.total", "applications.carried_over.total"} <= set(check.cells)
        assert len(check.spans) >= 2  # the prose and the cells


def test_a_figure_wrapped_onto_the_next_line_keeps_its_subject():
    text = "一、总体情况\n本年度在已答复的申请中，予以公开\n4件，无法提供1件。\n"
    counts = extract_counts(text, [])
    assert [(c.subject, c.value) for c in counts] == [("予以公开", 4), ("无法提供", 1)]


def test_a_line_that_ends_a_heading_is_no_wrap():
    text = "一、总体情况：\n12件申请均已办结。\n"
    counts = extract_counts(text, [])
    assert counts and counts[0].subject != "总体情况"


def test_a_figure_in_force_on_the_2019_form_is_only_reconciled_when_equal():
    text = report(tab_rows())
    tables = parse_tables(text, [])
    tables["active_disclosure"].template = "2019"
    tables["active_disclosure"].cells["normative_documents.total_published"] = 30
    for value, expected in ((30, ["pass"]), (12, [])):
        sentence = f"截至年底现行有效规范性文件{value}件。"
        full, c = count(text + sentence, "截至年底现行有效规范性文件", value)
        assert [x.status for x in narrative_checks(full, [c], tables, "2019")] == expected


def test_a_zero_in_prose_against_a_blank_row_is_reconciled():
    rows = tab_rows().replace("1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0", "1.属于国家秘密\t\t\t\t\t\t\t")
    text = report(rows)
    tables = parse_tables(text, [])
    assert tables["applications"].cells["denied_state_secret.total"] is None
    sentence = "本年度收到的申请中，不予公开0件。"
    full, c = count(text + sentence, "不予公开", 0)
    (check,) = narrative_checks(full, [c], tables, "2021")
    assert check.status == "pass" and "空白单元格按0计" in check.message
    full, c = count(text + sentence.replace("0件", "2件"), "不予公开", 2)
    (check,) = narrative_checks(full, [c], tables, "2021")
    assert check.status == "uncertain"  # the blank could hold the two


@pytest.mark.parametrize("value, expected", [
    (12, ["pass"]),  # equals 现行有效件数
    (13, []),        # more than in force, but one was repealed after the clean-up: no inconsistency proved
    (5, []),         # fewer: the clean-up covered only some
    (14, ["fail"]),  # more than in force and repealed together: impossible
])
def test_documents_kept_after_a_clean_up_are_bounded_by_those_in_force_and_repealed(value, expected):
    text = report(tab_rows())  # 行政规范性文件: 3 issued, 1 repealed, 12 in force
    tables = parse_tables(text, [])
    sentence = f"本年度对规范性文件进行了全面清理，保留有效{value}件。"
    full, c = count(text + sentence, "，保留有效", value)
    got = narrative_checks(full, [c], tables, "2021")
    assert [x.status for x in got] == expected
    if expected == ["fail"]:
        assert got[0].cells == ["active_disclosure.normative_documents.in_force",
                                "active_disclosure.normative_documents.repealed"]
        assert got[0].right == 13 and "现行有效件数" in got[0].message and "本年废止件数" in got[0].message


def test_a_figure_in_force_above_the_2019_total_published_fails():
    text = report(tab_rows())
    tables = parse_tables(text, [])
    tables["active_disclosure"].template = "2019"
    tables["active_disclosure"].cells["normative_documents.total_published"] = 30
    full, c = count(text + "截至年底现行有效规范性文件31件。", "截至年底现行有效规范性文件", 31)
    (check,) = narrative_checks(full, [c], tables, "2019")
    assert check.status == "fail" and check.left == 31 and check.right == 30 and "对外公开总数量" in check.message


def test_a_bound_from_a_doubtful_cell_fails_only_above_its_greatest_reading():
    from service.core.checks import Doubts
    text = report(tab_rows())
    tables = parse_tables(text, [])
    full, c = count(text + "经清理，继续有效规范性文件15件。", "，继续有效", 15)
    key = "active_disclosure.normative_documents.in_force"
    open_cell = Doubts({key: "aligned"})
    assert narrative_checks(full, [c], tables, "2021", doubts=open_cell) == []  # could hold anything
    readings = Doubts({key: "ocr"}, {key: [12, 17]})
    assert narrative_checks(full, [c], tables, "2021", doubts=readings) == []  # 17 + 1 ≥ 15
    readings = Doubts({key: "ocr"}, {key: [10, 12]})
    assert [x.status for x in narrative_checks(full, [c], tables, "2021", doubts=readings)] == ["fail"]


def test_a_figure_carried_to_the_next_paragraph_keeps_its_subject():
    """HTML, DOCX and PDF may give each printed line back as a paragraph: the number a line carried over sits after
    a blank line, and still belongs to the clause before it."""
    text = "一、总体情况\n\n本年度收到的申请均已答复，同意公开\n\n4件，结转下年度继续办理\n\n1 件。\n"
    counts = extract_counts(text, [])
    assert [(c.subject, c.value) for c in counts] == [("同意公开", 4), ("结转下年度继续办理", 1)]


@pytest.mark.parametrize("text", [
    "（二）依申请公开情况\n\n12件申请均已办结。\n",       # a heading (no clause mark) before the blank line
    "本年度工作有序推进，成效明显。\n\n12件申请均已办结。\n",  # a sentence that ended
    "全年答复申请，均按期办结\n\n\n12件申请均已办结。\n",     # more than one blank line
])
def test_a_paragraph_that_ended_is_no_wrap(text):
    counts = extract_counts(text, [])
    assert counts and counts[0].text.startswith("12") and "\n" not in counts[0].text


def test_a_wrapped_figure_in_a_rendered_report_is_reconciled_with_its_cell():
    from service.core.text import TextLayer
    raw = report(tab_rows()).replace("现行有效规范性文件12件。", "本年度全部申请已答复，结转下年度继续办理\n1件。")
    text = raw.replace("\n", "\n\n")  # every line its own paragraph, as a rendered page gives it back
    result = Pipeline().run(text)
    (check,) = [c for c in result.checks if c.kind == "narrative_vs_table"
                and c.cells == ["applications.carried_forward.total"]]
    assert check.status == "pass" and len(check.spans) == 2
    start = result.document.text.index("结转下年度继续办理")
    layer = TextLayer(result.document.text)
    assert layer.next_stop(start, start + 40, wrapped=True) > result.document.text.index("1件", start)
