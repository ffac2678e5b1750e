"""Digit runs: a row's cells glued into one run (予以公开800008) are split where the table's sums fix the split,
and left unread (null, no finding) where they do not. Fixtures are our own rows."""
from __future__ import annotations

import pytest

from service.core.tables.applications import parse_applications
from service.core.tables.digit_runs import enumerate_splits, split_run
from service.core.tables.layout import Field, glued_fields, table_rows
from service.core.tables.review import parse_review

ROW_SUM = [((0, 1, 2, 3, 4, 5), 6)]  # table 3: six applicant columns sum to 总计


@pytest.mark.parametrize(("run", "want"), [
    ("6200008", [6, 2, 0, 0, 0, 0, 8]),            # as many digits as cells
    ("15130000154", [151, 3, 0, 0, 0, 0, 154]),    # only 151+3 = 154 holds
    ("120000012", [12, 0, 0, 0, 0, 0, 12]),        # 1|2|…|012 has a leading zero
])
def test_a_run_that_splits_one_way(run, want):
    splits, complete = enumerate_splits(run, 7, ROW_SUM)
    assert complete and splits == [want]


def test_a_run_with_two_splits_or_none_is_not_split():
    several, _ = enumerate_splits("110000011", 7, ROW_SUM)  # 1|10|0|0|0|0|11 and 11|0|0|0|0|0|11
    assert len(several) == 2 and split_run(Field("110000011", 0, 9, run=True), 7, ROW_SUM).fields is None
    assert enumerate_splits("9000001", 7, ROW_SUM)[0] == []  # 9+0+… ≠ 1: no split holds
    assert enumerate_splits("0700070", 7, ROW_SUM)[0] == []  # one digit a cell, and 0+7+…+7 ≠ 0


def test_long_runs_are_bounded():
    run = "1" * 60  # longer than seven cells of six digits: not tried
    assert enumerate_splits(run, 7, ROW_SUM) == ([], True)
    splits, complete = enumerate_splits("123456123456123456123456123456123456", 7, ROW_SUM)
    assert splits == [] and complete


def test_table_four_splits_by_its_three_group_totals():
    groups = [((0, 1, 2, 3), 4), ((5, 6, 7, 8), 9), ((10, 11, 12, 13), 14)]
    splits, complete = enumerate_splits("12000121000100000", 15, groups)  # 12+0+0+0=12, 1+0+0+0=1, zeros
    assert complete and splits == [[12, 0, 0, 0, 12, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]]


@pytest.mark.parametrize(("text", "runs"), [
    ("（一）予以公开800008（二）部分公开", ["800008"]),
    ("保护第三方合法权益01000015.属于三类内部事务信息", ["0100001"]),  # the 5 numbers the next sub-row
    ("行政事业性收费2300元三、", ["2300元"]),
    ("全年受理申请12件，办结12件", []),  # figures of prose keep their measure words
    ("依据〔2021〕30号文", []),
])
def test_glued_fields_find_the_runs(text, runs):
    assert [f.text for f in glued_fields(0, text) if f.run] == runs


def _row3(label: str, run: str) -> str:
    return f"{label}{run}"


def test_table_three_rows_printed_as_runs_are_split_and_marked_deduced():
    lines = ["申请人情况自然人商业企业科研机构社会公益组织法律服务机构其他总计",
             _row3("一、本年新收政府信息公开申请数量", "15130000154"), _row3("二、上年结转政府信息公开申请数量", "2000002"),
             _row3("（一）予以公开", "110000011"), _row3("（七）总计", "15330000156"),
             _row3("四、结转下年度继续办理", "0000000")]
    text = "\n".join(lines)
    result = parse_applications(table_rows(text, 0, len(text)))
    assert [result.cells[f"new_received.{c}"] for c in ("natural_person", "commercial", "total")] == [151, 3, 154]
    assert result.provenance["new_received.natural_person"] == "deduced"
    s, e = result.spans["new_received.total"]
    assert text[s:e] == "154"
    # 110000011 is 1|10|…|11 or 11|0|…|11: the column sums cannot decide here (other outcome rows are missing)
    assert result.cells["granted.total"] is None and "granted.total" in result.unreadable
    assert result.readings["granted.natural_person"] == [1, 11]


def test_column_sums_pick_among_a_rows_splits():
    """一+二 = (七)+四 per column decides 110000011 (1|10 or 11|0) once the other rows of its columns are known."""
    lines = ["申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计",
             "一、本年新收政府信息公开申请数量110000011", "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
             "（一）予以公开 1 10 0 0 0 0 11", "（七）总计 1 10 0 0 0 0 11", "四、结转下年度继续办理 0 0 0 0 0 0 0"]
    text = "\n".join(lines)
    result = parse_applications(table_rows(text, 0, len(text)))
    assert [result.cells[f"new_received.{c}"] for c in ("natural_person", "commercial", "total")] == [1, 10, 11]
    assert result.provenance["new_received.commercial"] == "deduced"
    assert result.provenance["total_processed.commercial"] == "read"


def test_a_run_glued_to_prose_is_not_table_four():
    text = "本年度未发生行政复议。共办理复议答复材料2300\n行政复议结果维持结果纠正其他结果尚未审结总计000000000000000"
    result = parse_review(table_rows(text, 0, len(text)))
    assert result is not None and all(v == 0 for v in result.cells.values())


def test_readings_reach_the_contract(pipeline):
    """A run that splits two ways: its cells are null in the report, with readings listing what each may be."""
    lines = ["三、收到和处理政府信息公开申请情况", "申请人情况自然人商业企业科研机构社会公益组织法律服务机构其他总计",
             "一、本年新收政府信息公开申请数量110000011", "二、上年结转政府信息公开申请数量0000000",
             "（七）总计110000011", "四、结转下年度继续办理0000000"]
    result = pipeline.run("\n".join(lines))
    table = result.tables.applications
    assert table.cells["new_received.natural_person"] is None
    assert table.readings["new_received.natural_person"] == [1, 11]
    assert table.readings["new_received.commercial"] == [0, 10]
    assert "new_received.total" not in table.readings  # 11 either way: one value, so no readings
    from service.web.findings import doubtful_cells
    assert "applications.new_received.natural_person" in doubtful_cells(result.model_dump())
