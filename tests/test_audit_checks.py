"""year_over_year checks on pairs of written reports: carry-over, continuity (both templates), template change,
narrative year-on-year statements; every finding names both reports and years and carries spans."""
from __future__ import annotations

import pytest

from service.collections.audit import read_units, run_audit
from tests.audit_helpers import by_id, report_row

A, B = "安平市科学技术局", "安平市教育局"
UNITS = read_units(f"单位名称,别名,上级单位\n{A},,\n{B},,\n")


def test_judging_scenario(pipeline):
    """Carry-over 0 last year, 2 this year: a fail naming applications.carried_over; B has not reported."""
    rows = [report_row(pipeline, A, 2022, forward=(0,) * 6), report_row(pipeline, "安平市科技局", 2023, over=(2, 0, 0, 0, 0, 0))]
    audit = run_audit(rows, UNITS, year=2023)
    fails = [f for f in audit["findings"] if f["status"] == "fail"]
    assert {f["id"] for f in fails} == {"yoy.carry_over.natural_person", "yoy.carry_over.total"}
    for f in fails:
        assert f["kind"] == "year_over_year" and f["cells"][0].startswith("applications.carried_over.")
        assert f["years"] == [2022, 2023] and f["files"] == [rows[0]["file"], rows[1]["file"]]
        assert (f["left"], f["right"]) == (2, 0) and "上年结转" in f["message"]
        text = rows[1]["result"]["document"]["text"]
        assert f["spans"] and all(text[s:e] == "2" for s, e in f["spans"])
    assert audit["missing_units"] == [{"unit": B, "year": 2023}]
    assert [g["files"] for g in audit["groups"]] == [[r["file"] for r in rows]]


def test_matching_pair_gives_none(pipeline):
    rows = [report_row(pipeline, A, 2022, forward=(2, 0, 0, 0, 0, 0)), report_row(pipeline, A, 2023, over=(2, 0, 0, 0, 0, 0))]
    audit = run_audit(rows, UNITS, year=2023)
    assert audit["findings"] == []
    passes = by_id(run_audit(rows, UNITS, year=2023, include_pass=True), "yoy.carry_over")
    assert len(passes) == 7 and {f["status"] for f in passes} == {"pass"}


@pytest.mark.parametrize(("over", "forward", "failing"), [
    ((0, 0, 1, 0, 0, 0), (0, 0, 0, 0, 0, 0), {"research", "total"}),
    ((0, 3, 0, 0, 0, 0), (0, 0, 0, 0, 0, 3), {"commercial", "other_org"}),  # totals agree, columns do not
    ((1, 0, 0, 0, 0, 0), (3, 0, 0, 0, 0, 0), {"natural_person", "total"}),
    ((4, 0, 0, 0, 1, 0), (4, 0, 0, 0, 1, 0), set()),
])
def test_carry_over_columns(pipeline, over, forward, failing):
    rows = [report_row(pipeline, A, 2021, forward=forward), report_row(pipeline, A, 2022, over=over)]
    found = by_id(run_audit(rows), "yoy.carry_over")
    assert {f["id"].rsplit(".", 1)[1] for f in found if f["status"] == "fail"} == failing


@pytest.mark.parametrize(("before", "issued", "repealed", "now", "status"), [
    (20, 4, 1, 23, "pass"),
    (20, 4, 1, 25, "uncertain"),  # small gap: revisions and transfers are legitimate
    (20, 4, 1, 12, "uncertain"),
    (20, 4, 1, 80, "fail"),  # large gap
    (60, 0, 0, 30, "uncertain"),  # 30 fewer of 60: not over half of the larger figure
    (60, 0, 0, 20, "fail"),
])
def test_continuity_2021(pipeline, before, issued, repealed, now, status):
    prev = report_row(pipeline, A, 2021, active={"normative_documents.in_force": before})
    cur = report_row(pipeline, A, 2022, active={"normative_documents.issued": issued, "normative_documents.repealed": repealed,
                                                "normative_documents.in_force": now})
    found = by_id(run_audit([prev, cur], include_pass=True), "yoy.continuity.normative_documents")
    assert [f["status"] for f in found] == [status]
    assert found[0]["cells"][0] == "active_disclosure.normative_documents.in_force"
    assert (found[0]["left"], found[0]["right"]) == (now, before + issued - repealed)
    assert status == "pass" or "修订" in found[0]["message"]
    assert [f["status"] for f in by_id(run_audit([prev, cur], include_pass=True), "yoy.continuity.regulations")] == ["pass"]


@pytest.mark.parametrize(("before", "published", "now", "status"), [
    (20, 4, 24, "pass"),
    (20, 4, 26, "uncertain"),
    (20, 4, 18, "uncertain"),  # fewer: may be withdrawn, the 2019 form has no 废止 column
    (20, 4, 5, "uncertain"),
    (20, 4, 90, "fail"),
])
def test_continuity_2019(pipeline, before, published, now, status):
    prev = report_row(pipeline, A, 2019, template="2019", active={"normative_documents.total_published": before})
    cur = report_row(pipeline, A, 2020, template="2019", active={
        "normative_documents.new_made": published, "normative_documents.new_published": published,
        "normative_documents.total_published": now})
    found = by_id(run_audit([prev, cur], include_pass=True), "yoy.continuity.normative_documents")
    assert [f["status"] for f in found] == [status]
    assert found[0]["cells"][0] == "active_disclosure.normative_documents.total_published"


@pytest.mark.parametrize(("t0", "t1"), [("2019", "2021"), ("2021", "2019")])
def test_template_change(pipeline, t0, t1):
    """Carry-over rows are mapped and checked; continuity is said not to be made."""
    rows = [report_row(pipeline, A, 2020, template=t0, forward=(1, 0, 0, 0, 0, 0)),
            report_row(pipeline, A, 2021, template=t1, over=(0, 0, 0, 0, 0, 0))]
    audit = run_audit(rows)
    change = by_id(audit, "yoy.template_change")
    assert [f["status"] for f in change] == ["uncertain"] and "未作衔接核对" in change[0]["message"]
    assert change[0]["spans"] and change[0]["years"] == [2020, 2021]
    assert not by_id(audit, "yoy.continuity")
    assert {f["id"] for f in by_id(audit, "yoy.carry_over")} == {"yoy.carry_over.natural_person", "yoy.carry_over.total"}


@pytest.mark.parametrize(("sentence", "status"), [
    ("本年度共收到政府信息公开申请{now}件，较去年增长{pct}%。", "pass"),
    ("本年度共收到政府信息公开申请{now}件，较去年增长{wrong}%。", "fail"),
    ("本年度共收到政府信息公开申请{now}件，较去年下降{pct}%。", "fail"),  # wrong direction
    ("本年度共收到政府信息公开申请{now}件，比上年多{diff}件。", "pass"),
    ("本年度共收到政府信息公开申请{now}件，比上年多{wrongdiff}件。", "fail"),
    ("依申请公开数量较去年增长{pct}%。", "pass"),  # the subject is the clause, no count before it
    ("本年度共收到政府信息公开申请{now}件，较2019年增长{wrong}%。", None),  # another year: not last year's report
    ("主动公开信息300条，较去年增长{wrong}%。", None),  # no table cell for the subject
])
def test_narrative_year_on_year(pipeline, sentence, status):
    prev = report_row(pipeline, A, 2021, seed=1)
    before = prev["result"]["tables"]["applications"]["cells"]["new_received.total"]
    probe = report_row(pipeline, A, 2022, seed=2)
    now = probe["result"]["tables"]["applications"]["cells"]["new_received.total"]
    assert before and now and before != now
    pct = round((now - before) / before * 100, 1)
    text = sentence.format(now=now, pct=abs(pct), wrong=abs(pct) + 30, diff=now - before, wrongdiff=now - before + 4)
    if pct < 0:
        text = text.replace("增长", "__").replace("下降", "增长").replace("__", "下降").replace("多", "少")
        text = text.replace(str(now - before), str(before - now)).replace(str(now - before + 4), str(before - now + 4))
    cur = report_row(pipeline, A, 2022, seed=2, sentences=[text])
    found = by_id(run_audit([prev, cur], include_pass=True), "yoy.narrative")
    assert [f["status"] for f in found] == ([status] if status else [])
    if found:
        ctext = cur["result"]["document"]["text"]
        assert found[0]["cells"] == ["applications.new_received.total"]
        s, e = found[0]["spans"][0]
        assert ctext[s:e] in text and ("较" in ctext[s:e] or "比" in ctext[s:e])


@pytest.mark.parametrize(("forward", "status", "words"), [
    (7, "uncertain", "取决于读法"),  # 7 is one reading of the letter
    (3, "fail", "无论取哪种读法都不衔接"),  # neither 1 nor 7
])
def test_carry_over_weighs_every_reading_of_a_doubtful_figure(pipeline, forward, status, words):
    rows = [report_row(pipeline, A, 2021, forward=(forward, 0, 0, 0, 0, 0)),
            report_row(pipeline, A, 2022, over=(1, 0, 0, 0, 0, 0))]
    table = rows[1]["result"]["tables"]["applications"]
    table["readings"]["carried_over.natural_person"] = [1, 7]  # as if the report printed an OCR l
    table["provenance"]["carried_over.natural_person"] = "ocr"
    (found,) = [f for f in by_id(run_audit(rows), "yoy.carry_over.natural_person")]
    assert found["status"] == status and words in found["message"] and "可能为1或7" in found["message"]
