"""Verdicts over every reading of a cell: an OCR look-alike (l may be 1 or 7, O may be 0, 6, 8 or 9) or a run that
splits several ways carries a set of values, and a check fails only when it fails for all of them, passes when it
passes for all, and is uncertain in between, its message naming the doubtful cell and its readings. Tables written
for these tests."""
from __future__ import annotations

import pytest

from service.core.checks import Doubts, compare
from service.core.checks.arithmetic import table_checks
from service.core.checks.doubt import cell_doubts
from service.core.pipeline import Pipeline
from service.core.tables import parse_tables
from service.core.tables.layout import Field
from service.core.tables.ocr import readings
from tests.fixtures.tables_text import APPLICATION_ROWS, report, tab_rows

PART_A, PART_B, TOTAL = ("applications.granted.research", "applications.partially_granted.research",
                         "applications.total_processed.research")
MESSAGE = "表三“科研机构”列：各项办理结果之和({l}) {op} （七）总计({r})"


def _check(left: dict, right: dict, reasons: dict | None = None, values: dict | None = None):
    return compare("c", "table_arithmetic", left, right, MESSAGE, [], list(left) + list(right),
                   Doubts(reasons, values))


@pytest.mark.parametrize("token, expected", [
    ("l", [1, 7]),
    ("l4", [14, 74]),
    ("O", [0, 6, 8, 9]),
    ("2I", [21, 27]),
    ("lOlOl", []),  # 2·4·2·4·2 readings: too many to list, the cell stays open
    ("12", []),  # a clean number has one reading
])
def test_an_ocr_token_reads_as_every_digit_its_letters_may_stand_for(token, expected):
    assert readings(Field(token, 0, len(token))) == expected


def test_parts_beyond_every_reading_of_the_total_fail_and_say_why():
    out = _check({PART_A: 9, PART_B: 3}, {TOTAL: None}, {TOTAL: "unread"}, {TOTAL: [1, 7]})
    assert out.status == "fail"
    assert "可能为1或7" in out.message and "右边至多为7" in out.message and "无论其取何值都不相等" in out.message


def test_a_reading_that_closes_the_gap_leaves_the_check_uncertain():
    out = _check({PART_A: 4, PART_B: 3}, {TOTAL: None}, {TOTAL: "unread"}, {TOTAL: [1, 7]})
    assert out.status == "uncertain" and "读法不唯一" in out.message


def test_no_combination_of_readings_closes_a_gap_inside_the_range():
    # 1+4=5, 7+4=11 against 8: the sides' ranges overlap, but no combination gives 8
    out = _check({PART_A: None, PART_B: 4}, {TOTAL: 8}, {PART_A: "unread"}, {PART_A: [1, 7]})
    assert out.status == "fail" and "任何一种读法的组合都无法使两边相等" in out.message


def test_every_reading_holding_is_a_pass():
    out = _check({PART_A: None, PART_B: 0}, {TOTAL: None}, {PART_A: "unread", TOTAL: "unread"},
                 {PART_A: [0, 10], TOTAL: [0, 10]})
    assert out.status == "uncertain"  # 0 against 10 is one of the combinations
    out = _check({PART_A: None}, {TOTAL: None}, {PART_A: "unread"}, {PART_A: [3]})
    assert out.status == "uncertain"  # the total is unread with no readings: open
    out = _check({PART_A: None, PART_B: 2}, {TOTAL: 5}, {PART_A: "unread"}, {PART_A: [3]})
    assert out.status == "pass" and "无论取哪种读法都相等" in out.message


def test_a_confirmed_ocr_reading_is_taken_when_it_holds():
    out = _check({PART_A: 1, PART_B: 2}, {TOTAL: 3}, {PART_A: "ocr"}, {PART_A: [1, 7]})
    assert (out.status, out.left, out.right) == ("pass", 3, 3)
    out = _check({"narrative": 11}, {TOTAL: 1}, {TOTAL: "ocr"}, {TOTAL: [1, 7]})
    assert out.status == "fail"  # 11 is neither 1 nor 7
    out = _check({"narrative": 7}, {TOTAL: 1}, {TOTAL: "ocr"}, {TOTAL: [1, 7]})
    assert out.status == "uncertain"


def test_an_unread_cell_is_no_printed_blank():
    # a printed blank beside parts summing to the figure: the prose reconciles, the blank read as none
    linked = compare("n", "narrative_vs_table", {"narrative": 3}, {PART_A: 3, PART_B: None}, "{l}{op}{r}", [], [],
                     Doubts(), blank_zero=True)
    assert linked.status == "pass" and "1个空白单元格按0计" in linked.message
    # the same null, unread: no value to take, so no pass
    unread = compare("n", "narrative_vs_table", {"narrative": 3}, {PART_A: 3, PART_B: None}, "{l}{op}{r}", [], [],
                     Doubts({PART_B: "unread"}), blank_zero=True)
    assert unread.status == "uncertain" and "无法读取" in unread.message
    # table arithmetic never reads a blank as none
    assert _check({PART_A: 3, PART_B: None}, {TOTAL: 3}).status == "uncertain"


def _rows_with(label: str, values: list) -> str:
    rows = [(lab, values if lab == label else v) for lab, v in APPLICATION_ROWS]
    return tab_rows(rows)


def test_a_total_printed_as_a_letter_fails_by_bounds_in_a_table():
    text = report(_rows_with("（一）予以公开", [3, 1, 0, 0, 0, 0, "l"]))
    tables = parse_tables(text, [])
    apps = tables["applications"]
    assert apps.cells["granted.total"] is None and apps.readings["granted.total"] == [1, 7]
    doubts = cell_doubts(tables)
    assert doubts["applications.granted.total"] == "unread"
    row = next(c for c in table_checks(tables, doubts) if c.id == "applications.row_total.granted")
    assert row.status == "fail" and "可能为1或7" in row.message


def test_a_confirmed_letter_keeps_its_reading_and_its_alternatives_in_the_report():
    text = report(_rows_with("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ["l", 0, 0, 0, 0, 0, 1]))
    result = Pipeline().run(text)
    apps = result.tables.applications
    assert apps.cells["partially_granted.natural_person"] == 1
    assert apps.provenance["partially_granted.natural_person"] == "ocr"
    assert apps.readings["partially_granted.natural_person"] == [1, 7]
    assert not [c for c in result.checks if c.kind == "table_arithmetic" and c.status == "fail"]


def test_an_unread_cell_is_marked_in_the_report():
    text = report(_rows_with("（一）予以公开", [3, 1, 0, 0, 0, 0, "l"]))
    apps = Pipeline().run(text).tables.applications
    assert apps.provenance["granted.total"] == "unread" and apps.readings["granted.total"] == [1, 7]
