"""Paragraphs from PDF line geometry: lines that ran to the right margin go on, except where a part heading or a
numbered point opens the next line after a sentence that ended."""
from __future__ import annotations

import pytest

from service.core.ingest.layout import Line, render

SIZE = 10.0
RIGHT = 400.0


def line(text: str, n: int, full: bool) -> Line:
    """A line at the left margin, on row n, running to the right margin when `full`."""
    return Line(text, 50.0, 20.0 * n, RIGHT if full else 50.0 + SIZE * len(text), 20.0 * n + SIZE)


def test_a_line_that_ran_to_the_margin_goes_on_in_the_next():
    text = render([line("本机关全年共组织业务培训三次，参训人员覆盖各科室，进一步提升了", 0, True),
                   line("工作人员的业务能力。", 1, False)])
    assert text == "本机关全年共组织业务培训三次，参训人员覆盖各科室，进一步提升了工作人员的业务能力。\n"


@pytest.mark.parametrize("heading", ["二、主动公开政府信息情况", "第六部分 其他需要报告的事项", "（三）政府信息管理情况"])
def test_a_heading_after_a_full_line_that_ended_a_sentence_is_its_own_paragraph(heading):
    blocks = [line("本年度开展政务公开专项检查四次，发现并整改问题十余个，群众满意度明显提高。", 0, True),
              line(heading, 1, False), line("本年度主动公开信息一百条。", 2, False)]
    paras = render(blocks).strip().split("\n\n")
    assert paras[1] == heading and paras[0].endswith("提高。")


def test_an_ordinal_inside_a_running_sentence_is_no_heading():
    blocks = [line("根据上级部门统一部署，本机关对所属单位开展检查，共涉及第", 0, True),
              line("三、四季度的全部事项。", 1, False)]
    assert render(blocks).count("\n\n") == 0
