"""Grouping under different names and the coverage lists of a units list: missing, duplicate, unknown, ambiguous."""
from __future__ import annotations

import pytest

from service.collections.audit import read_units, run_audit
from tests.audit_helpers import report_row


@pytest.mark.parametrize("names", [
    ("安平市科学技术局", "安平市科技局", "安平市科学技术局"),  # full name and short form
    ("宝川市绵庄县教育局", "绵庄县教育局", "绵庄县教育局"),  # higher place dropped
    ("宝川市人民政府", "宝川市人民政府办公室", "宝川市政府办"),  # 办公室 versus 人民政府
    ("绵庄县茂康镇人民政府", "茂康镇政府", "茂康镇人民政府"),
    ("云川市清河区商洲街道办事处", "商洲街道办事处", "清河区商洲街道办事处"),
    ("安平市卫生健康委员会", "安平市卫健委", "安平市卫健委"),
])
def test_one_agency_under_many_names(pipeline, names):
    rows = [report_row(pipeline, n, 2020 + i) for i, n in enumerate(names)]
    for units in (None, read_units(f"单位名称\n{names[0]}\n安平市财政局\n")):
        audit = run_audit(rows, units)
        groups = [g for g in audit["groups"] if g["files"]]
        assert len(groups) == 1 and groups[0]["files"] == [r["file"] for r in rows]
        assert set(groups[0]["names"]) == set(names)
        assert not audit["ambiguous"] and not audit["unknown_agencies"]


def test_different_places_stay_apart(pipeline):
    rows = [report_row(pipeline, "安平市科学技术局", 2021), report_row(pipeline, "宝川市科学技术局", 2022),
            report_row(pipeline, "宝川市绵庄县教育局", 2021), report_row(pipeline, "云川市绵庄县教育局", 2022)]
    audit = run_audit(rows)
    assert sorted(len(g["files"]) for g in audit["groups"]) == [1, 1, 1, 1]
    assert audit["findings"] == []


def test_ambiguous_name_is_reported_not_guessed(pipeline):
    """市科技局 fits the 科技局 of two cities: kept apart and listed with both candidates."""
    rows = [report_row(pipeline, "安平市科学技术局", 2021), report_row(pipeline, "宝川市科学技术局", 2021),
            report_row(pipeline, "市科技局", 2022, file="short.txt")]
    audit = run_audit(rows)
    assert [a["file"] for a in audit["ambiguous"]] == ["short.txt"]
    assert set(audit["ambiguous"][0]["candidates"]) == {"安平市科学技术局", "宝川市科学技术局"}
    assert all(len(g["files"]) == 1 for g in audit["groups"]) and audit["findings"] == []
    units = read_units("单位名称,别名\n安平市科学技术局,\n宝川市科学技术局,\n".encode())
    audit = run_audit(rows, units, year=2022)
    assert [a["file"] for a in audit["ambiguous"]] == ["short.txt"]
    missing = {m["unit"]: m.get("possible_files") for m in audit["missing_units"]}
    assert missing == {"安平市科学技术局": ["short.txt"], "宝川市科学技术局": ["short.txt"]}
    # an alias in the units list pins the short form to one unit
    units = read_units("单位名称,别名\n安平市科学技术局,市科技局\n宝川市科学技术局,\n".encode())
    audit = run_audit(rows, units, year=2022)
    assert not audit["ambiguous"] and audit["missing_units"] == [{"unit": "宝川市科学技术局", "year": 2022}]


def test_coverage_lists(pipeline):
    units = read_units("单位名称,别名,上级单位\n安平市科学技术局,,\n安平市教育局,,\n财政局,,安平市人民政府\n安平市民政局,,\n"
                       .encode("gbk"))
    first = report_row(pipeline, "安平市科技局", 2023, file="a.txt")
    again = dict(first, file="a_copy.txt")  # the same file twice
    other = report_row(pipeline, "安平市教育局", 2023, file="b1.txt")
    amended = report_row(pipeline, "安平市教育局", 2023, file="b2.txt", seed=5)
    parent = report_row(pipeline, "安平市财政局", 2023, file="c.txt")
    stray = report_row(pipeline, "宝川市科学技术局", 2023, file="d.txt")
    failed = {"file": "e.pdf", "sha256": "0" * 64, "error": {"code": "CORRUPT_FILE", "message": "文件已损坏"}}
    audit = run_audit([first, again, other, amended, parent, stray, failed], units, year=2023)
    assert audit["missing_units"] == [{"unit": "安平市民政局", "year": 2023}]
    assert [(d["unit"], d["files"], d["same_content"]) for d in audit["duplicates"]] == [
        ("安平市科学技术局", ["a.txt", "a_copy.txt"], True), ("安平市教育局", ["b1.txt", "b2.txt"], False)]
    assert [(u["agency"], u["file"]) for u in audit["unknown_agencies"]] == [("宝川市科学技术局", "d.txt")]
    assert audit["unknown_agencies"][0]["candidates"][0] == "安平市科学技术局"
    assert [s["file"] for s in audit["skipped"]] == ["e.pdf"] and "CORRUPT_FILE" in audit["skipped"][0]["reason"]
    assert audit["findings"] == []  # one year only: nothing to compare


def test_year_restricts_pairs_and_coverage(pipeline):
    units = read_units("单位名称\n安平市科学技术局\n".encode())
    rows = [report_row(pipeline, "安平市科学技术局", y, over=(1, 0, 0, 0, 0, 0)) for y in (2020, 2021)]
    assert {tuple(f["years"]) for f in run_audit(rows, units)["findings"]} == {(2020, 2021)}
    assert run_audit(rows, units, year=2020)["findings"] == []
    assert run_audit(rows, units, year=2022)["missing_units"] == [{"unit": "安平市科学技术局", "year": 2022}]
    assert run_audit(rows, units)["missing_units"] == []
