"""A crawler's metadata lines (标题, 发布机构, 栏目, 发布日期) above the body are evidence for the agency and the year.
Our own openings, in the dresses such pages are saved in (label: value, and pipe rows)."""
from __future__ import annotations

import pytest

from service.core.extractors.facts import find_year


@pytest.mark.parametrize(("text", "agency", "year"), [
    ("标题: 青禾县林业局2023年政府信息公开工作年度报告\n发布机构: 青禾县林业局\n栏目: 年度报告\n发布日期: 2024-01-20\n"
     "根据条例要求，现将本局年度报告公布如下。一、总体情况 本局主动公开信息35条。", "青禾县林业局", 2023),
    ("标题:2022年度政府信息公开工作年度报告\n发布机构:桐溪市水务局\n栏目:政府信息公开年报\n发布日期:2023-01-15\n"
     "一、总体情况本年度我局主动公开信息12条。", "桐溪市水务局", 2022),
    ("信息名称: | 白沙镇人民政府2021年政府信息公开工作年度报告 | |\n发布机构: | 白沙镇 | 发布日期: | 2022-01-10 |\n"
     "一、总体情况 本年度主动公开信息8条。", "白沙镇人民政府", 2021),
    ("标题:云岭区统计局年度报告\n发布机构:云岭区统计局\n发布日期:2024-02-01\n一、总体情况 本年度主动公开信息20条。",
     "云岭区统计局", 2023),
])
def test_metadata_lines_name_the_agency_and_year(pipeline, text, agency, year):
    result = pipeline.run(text)
    facts = result.report
    assert facts.agency.name == agency
    s, e = facts.agency.span
    assert text[s:e] == agency or agency.startswith(text[s:e])
    assert facts.year == year
    s, e = facts.year_span
    assert text[s:e].isdigit()


def test_a_page_date_is_the_year_after_the_report():
    year, span = find_year("发布日期:2024-02-01\n一、总体情况 本年度主动公开信息20条。")
    assert year == 2023 and span == (5, 9)
    # a page date written with 年 is not the commonest year of the report either
    assert find_year("发布日期：2023年1月18日\n一、总体情况 2022年，本局主动公开信息20条。")[0] == 2022
    assert find_year("发布日期：2023年1月18日\n一、总体情况 本局主动公开信息20条。")[0] == 2022
    assert find_year("一、总体情况 本局主动公开信息20条。") == (None, None)
