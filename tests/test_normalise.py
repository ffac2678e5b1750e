"""Normalisation keeps an exact offset map while fixing OCR and layout noise."""
from __future__ import annotations

import pytest

from service.core.normalise import normalise


@pytest.mark.parametrize("raw, expected", [
    ("主动公开信息１５２条", "主动公开信息152条"),                      # full-width digits
    ("年度 报告", "年度报告"),                                          # space between CJK characters
    ("第一段内容\n- 3 -\n第二段", "第一段内容\n第二段"),               # page number line dropped
    ("及时清理文件，为发展营造良好法治环\n\n境。经排查", "及时清理文件，为发展营造良好法治环境。经排查"),  # broken sentence
    ("一、总体情况\n2023年，本局认真落实", "一、总体情况\n2023年，本局认真落实"),  # heading kept on its own line
    ("规章\tO\t0\tl", "规章\tO\t0\tl"),  # OCR letters in cells stay: only the table arithmetic may confirm them
    ("中卫市科学技术局\n\n2023 年政府信息公开工作年度报告", "中卫市科学技术局\n\n2023 年政府信息公开工作年度报告"),
])
def test_normalise(raw, expected):
    assert normalise(raw).text == expected


@pytest.mark.parametrize("raw", ["主动公开 信息１５２条\r\n- 2 -\n其中：动态 10 条，\n解读 2 条。", "规章\tO\t〇\n"])
def test_origin_map_points_back_to_the_source(raw):
    out = normalise(raw)
    assert len(out.origin) == len(out.text)
    assert out.origin == sorted(out.origin)
    for ch, i in zip(out.text, out.origin):
        src = raw[i]
        assert ch == src or ch.isdigit() or ch in "%. \n"


def test_numbered_heading_without_separator_is_not_joined_to_the_table_header():
    raw = "四因政府信息公开工作被申请行政复议、提起行政诉讼情况\n行政复议 行政诉讼\n"
    assert normalise(raw).text.startswith("四因政府信息公开工作被申请行政复议、提起行政诉讼情况\n")
