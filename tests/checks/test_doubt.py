"""Verdicts that hold for every reading: a blank or doubtful cell (deduced, aligned, OCR-corrected) may hold any
non-negative value, so a check on it fails only when it fails whatever the cell holds, is `uncertain` in between,
and names the cell in words."""
from __future__ import annotations

import pytest

from service.core.checks import compare

GRANTED, PARTIAL, TOTAL = ("applications.granted.social_org", "applications.partially_granted.social_org",
                           "applications.total_processed.social_org")
MESSAGE = "表三“社会公益组织”列：各项办理结果之和({l}) {op} （七）总计({r})"


def _check(left: dict, right: dict, doubts: dict | None = None):
    return compare("c1", "table_arithmetic", left, right, MESSAGE, [], list(left) + list(right), doubts)


def test_a_doubtful_cell_that_could_close_the_gap_leaves_the_check_uncertain_and_named_in_chinese():
    out = _check({GRANTED: 2, PARTIAL: 1}, {TOTAL: 0}, {GRANTED: "ocr", PARTIAL: "ocr"})
    assert out.status == "uncertain"
    assert "“（一）予以公开”（社会公益组织）等2个单元格" in out.message and "由OCR识别校正" in out.message
    assert "social_org" not in out.message and "granted" not in out.message


def test_a_doubtful_reading_that_makes_the_check_hold_is_a_pass():
    out = _check({GRANTED: 2, PARTIAL: 1}, {TOTAL: 3}, {GRANTED: "deduced"})
    assert (out.status, out.left, out.right) == ("pass", 3, 3)


def test_exact_parts_beyond_the_total_fail_whatever_the_doubtful_cell_holds():
    out = _check({GRANTED: 7, PARTIAL: 1}, {TOTAL: 5}, {PARTIAL: "ocr"})
    assert out.status == "fail" and (out.left, out.right) == (7, 5)
    assert "“（二）部分公开”（社会公益组织）由OCR识别校正所得" in out.message and "无论其取何值都不相等" in out.message
    assert "≥7" in out.message


def test_a_blank_part_cannot_rescue_parts_that_already_exceed_the_total():
    out = _check({GRANTED: 9, PARTIAL: None}, {TOTAL: 5})
    assert out.status == "fail" and "为空" in out.message


@pytest.mark.parametrize(("left", "right", "doubts"), [
    ({GRANTED: 2, PARTIAL: None}, {TOTAL: 5}, None),          # the blank could be 3
    ({GRANTED: 9, PARTIAL: 1}, {TOTAL: None}, None),          # the blank total could be 10
    ({GRANTED: 9, PARTIAL: None}, {TOTAL: 5}, {TOTAL: "deduced"}),  # open cells on both sides
    ({GRANTED: 3}, {TOTAL: 9}, {GRANTED: "aligned"}),         # the aligned part could be 9
])
def test_open_cells_that_could_make_it_hold_are_uncertain(left, right, doubts):
    assert _check(left, right, doubts).status == "uncertain"


def test_a_change_column_may_be_negative_so_it_proves_nothing():
    out = compare("c2", "table_arithmetic", {"active_disclosure.licensing.change": None, "x.y.z": 9},
                  {"active_disclosure.licensing.decisions": 5}, MESSAGE, [], [])
    assert out.status == "uncertain"


def test_cells_read_directly_keep_their_plain_verdict():
    assert _check({GRANTED: 2, PARTIAL: 1}, {TOTAL: 4}, {"applications.granted.natural_person": "deduced"}).status == "fail"
    assert _check({GRANTED: 2, PARTIAL: 1}, {TOTAL: 3}).status == "pass"
    assert _check({GRANTED: None}, {TOTAL: None}) is None
