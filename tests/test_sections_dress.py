"""Part headings in every dress they arrive in, and what completeness makes of a part it cannot see."""
from __future__ import annotations

import pytest

from service.core.checks.completeness import section_checks
from service.core.normalise import normalise
from service.core.sections import find_sections
from tests.fixtures.tables_text import report, tab_rows

PLAIN = {
    "overview": "一、总体情况", "active_disclosure": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况", "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况", "other_matters": "六、其他需要报告的事项",
}
ORDER = list(PLAIN)


def dressed(replace: dict[str, str]) -> str:
    """The test report with some headings rewritten."""
    text = report(tab_rows())
    for key, new in replace.items():
        text = text.replace(PLAIN[key] + "\n", new, 1)
    return normalise(text).text


def keys(text: str) -> list[str]:
    return [s.key for s in find_sections(text) if s.key != "preamble"]


@pytest.mark.parametrize("replace", [
    {"overview": "## 一、总体情况\n", "active_disclosure": "# 二、主动公开政府信息情况\n"},
    {"applications": "**三、收到和处理政府信息公开申请情况**\n", "problems": "### 五、存在的主要问题及改进情况\n"},
    {"review_litigation": "__四、政府信息公开行政复议、行政诉讼情况__\n"},
    {"overview": "一 、总 体 情 况\n", "other_matters": "六 、 其 他 需 要 报 告 的 事 项\n"},
    {"problems": "第五部分  存在的主要问题及改进情况\n"},
    {"other_matters": "六、其他需\n要报告的事项\n"},
    {"problems": "五、\n存在的主要问题及改进情况\n"},
    {"active_disclosure": "主动公开政府信息情况\n"},
])
def test_dressed_headings_are_read(replace):
    text = dressed(replace)
    sections = [s for s in find_sections(text) if s.key != "preamble"]
    assert [s.key for s in sections] == ORDER
    assert all("#" not in s.title and "*" not in s.title and "_" not in s.title for s in sections)
    assert not [c for c in section_checks(sections, text) if c.status != "pass"]


@pytest.mark.parametrize("key, glued, title", [
    ("overview", "一、总体情况2024年，县交通运输局共收到政府信息公开申请6件，", "一、总体情况"),
    ("other_matters", "六、其他需要报告的事项本年度未收取信息处理费。\n", "六、其他需要报告的事项"),
    ("problems", "**五、存在的主要问题及改进情况**一是公开内容不够全面。\n", "五、存在的主要问题及改进情况"),
])
def test_heading_glued_to_its_first_sentence(key, glued, title):
    text = report(tab_rows())
    old = PLAIN[key] + "\n" + ("2024年，县交通运输局共收到政府信息公开申请6件，" if key == "overview" else
                                 "无。\n" if key == "other_matters" else "一是公开内容不够全面。\n")
    text = normalise(text.replace(old, glued, 1)).text
    sections = {s.key: s for s in find_sections(text)}
    assert list(sections)[1:] == ORDER
    assert sections[key].title == title
    assert text[sections[key].span[0]:].lstrip("*").startswith(title)


@pytest.mark.parametrize("lost", ["applications", "review_litigation", "active_disclosure"])
def test_a_lost_table_heading_is_found_from_its_table_and_is_no_failure(lost):
    text = dressed({lost: ""})
    sections = find_sections(text)
    assert [s.key for s in sections if s.key != "preamble"] == ORDER
    placed = next(s for s in sections if s.key == lost)
    assert placed.title == ""
    checks = [c for c in section_checks(sections, text) if c.cells == [f"sections.{lost}"]]
    assert [c.status for c in checks] == ["uncertain"] and "标题" in checks[0].message


@pytest.mark.parametrize("drop, content, status", [
    ("other_matters", "六、其他需要报告的事项\n无。\n", "fail"),           # the part is truly absent
    ("other_matters", "六、其他需要报告的事项\n", "uncertain"),           # heading lost, its fee sentence stays
    ("problems", "五、存在的主要问题及改进情况\n", "uncertain"),           # heading lost, the problem list is there
    ("problems", "五、存在的主要问题及改进情况\n一是公开内容不够全面。\n", "fail"),
])
def test_absent_part_fails_and_a_part_with_content_does_not(drop, content, status):
    text = report(tab_rows()).replace(content, "", 1)
    if drop == "problems" and status == "uncertain":
        text = text.replace("一是公开内容不够全面。", "存在的问题：\n一是公开内容不够全面。")
    if drop == "other_matters" and status == "uncertain":
        text = text.replace("无。\n", "本年度未收取信息处理费。\n")
    text = normalise(text).text
    sections = find_sections(text)
    checks = [c for c in section_checks(sections, text) if c.cells == [f"sections.{drop}"]]
    assert [c.status for c in checks] == [status]
    assert ("缺少" in checks[0].message) == (status == "fail")


def test_sub_headings_inside_a_part_are_not_parts():
    text = normalise(report(tab_rows()).replace("2024年，县交通运输局", "一、主动公开政府信息情况\n2024年，县交通运输局")).text
    assert keys(text) == ORDER
