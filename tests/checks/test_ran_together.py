"""Text whose page structure ran together (a crawler's save: metadata lines, then the whole body on one line) and
text cut off mid-sentence: headings are found inside the line, a table whose headings are there but whose cells
cannot be split is `uncertain`, and parts after a cut are not reported missing. A whole report that lacks a part
still fails."""
from __future__ import annotations

import re

import pytest

from service.core.checks.completeness import cut_off
from training.formats.render import to_text
from training.formats.report import report


def _glued() -> str:
    head, body = to_text(report()).split("\n", 1)
    return f"标题:{head}\n发布机构:某某县人民政府办公室\n栏目:政府信息公开年报\n" + re.sub(r"[\t\n]+", "", body)


def _statuses(result, prefix: str) -> dict[str, str]:
    return {c.id: c.status for c in result.checks if c.id.startswith(prefix)}


def test_a_body_on_one_line_keeps_its_six_parts_and_no_table_is_missing(pipeline):
    result = pipeline.run(_glued())
    assert [s.key for s in result.sections if s.key != "preamble"] == [
        "overview", "active_disclosure", "applications", "review_litigation", "problems", "other_matters"]
    assert _statuses(result, "completeness.section") == {}  # every part found by its heading
    assert _statuses(result, "completeness.table") == {}  # the tables are there: their digit runs are split
    assert not [c for c in result.checks if c.status == "fail"]


def test_glued_rows_split_by_the_tables_sums_give_the_printed_cells(pipeline):
    """Each table-3 row and table 4 printed as one digit run: the split the sums fix equals the table as laid out."""
    glued, laid_out = pipeline.run(_glued()), pipeline.run(to_text(report()))
    for name in ("applications", "review_litigation"):
        got, want = getattr(glued.tables, name), getattr(laid_out.tables, name)
        assert got.cells == want.cells
        assert set(got.provenance.values()) == {"deduced"} and set(got.provenance) == set(got.cells)
        text = glued.document.text
        assert all(text[s:e] == str(got.cells[k]) for k, (s, e) in got.spans.items())
    active = glued.tables.active_disclosure
    assert active.cells["regulations.in_force"] == laid_out.tables.active_disclosure.cells["regulations.in_force"]
    assert active.cells["normative_documents.issued"] is None  # 5127 splits three ways: not read
    assert any("5127" in w and "多种" in w for w in glued.warnings)


def test_parts_after_a_cut_are_uncertain_and_the_result_warns(pipeline):
    text = to_text(report())
    cut = text[:text.index("三、")] + "全年新收政府信息公开申请8件，上年结转"  # stops mid-sentence inside part 二
    result = pipeline.run(cut)
    sections = _statuses(result, "completeness.section")
    assert sections["completeness.section.applications"] == "uncertain"
    assert sections["completeness.section.other_matters"] == "uncertain"
    assert _statuses(result, "completeness.table")["completeness.table.review_litigation"] == "uncertain"
    assert any("可能被截断" in w for w in result.warnings)


def test_a_whole_report_without_part_six_still_fails(pipeline):
    text = to_text(report())
    whole = text[:text.index("六、")].rstrip() + "\n\n青禾县自然资源局\n2024年1月20日\n"
    result = pipeline.run(whole)
    assert _statuses(result, "completeness.section")["completeness.section.other_matters"] == "fail"


@pytest.mark.parametrize(("text", "cut"), [
    ("……全年共发布信息656条。", False), ("……\n青禾县自然资源局", False), ("……\n2024年1月20日", False),
    ("……持续完善信息发布、解读回应和依", True), ("……\n行政许可 | 71 | -11 | ", True), ("", False),
])
def test_where_a_text_is_cut(text, cut):
    assert (cut_off(text) is not None) == cut


def _opening() -> str:
    """The first few hundred characters of a report page: its title, preamble and part of part 一, ending cleanly."""
    return ("青禾县交通运输局2023年政府信息公开工作年度报告\n本报告依据《中华人民共和国政府信息公开条例》编制。\n"
            "一、总体情况\n2023年，我局坚持以公开为常态，全年主动公开各类信息328条，其中政策文件12条、工作动态216条。"
            "依托县政府门户网站和“青禾交通”微信公众号发布信息，及时回应群众关切。")


def test_an_excerpt_without_any_table_proves_no_part_missing(pipeline):
    result = pipeline.run(_opening())
    completeness = [c for c in result.checks if c.kind == "completeness"]
    assert completeness and {c.status for c in completeness} == {"uncertain"}
    assert all("远短于一份完整的年度报告" in c.message for c in completeness if c.id.startswith("completeness.table"))
    assert any("开头或摘要" in w for w in result.warnings)
    assert not [c for c in result.checks if c.status == "fail"]


def test_a_short_text_that_prints_a_table_still_fails_for_a_missing_part(pipeline):
    text = _opening() + "\n二、主动公开政府信息情况\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n规章 | 0 | 0 | 0\n"
    result = pipeline.run(text + "规范性文件 | 2 | 0 | 5\n\n青禾县交通运输局\n2024年1月20日\n")
    statuses = _statuses(result, "completeness.section")
    assert statuses["completeness.section.review_litigation"] == "fail"
