"""A fail that holds under every reading of its doubtful cells is the report's own inconsistency (报告数据不一致), its
card saying which cells were doubtful and why the verdict holds anyway; only `uncertain` is 需人工核实 (issue 17,
item 2 on the reviewer page). Tables written for these tests."""
from __future__ import annotations

import pytest

from service.base.settings import Settings
from service.core.pipeline import Pipeline
from service.web.findings import INCONSISTENT, NEEDS_REVIEW, findings_of
from tests.fixtures.tables_text import APPLICATION_ROWS, report, tab_rows

TOTAL = "applications.granted.total"


def _with_granted(values: list) -> str:
    """The test report with row （一）予以公开 printed as `values` (an `l` where a scan blurred a digit)."""
    return report(tab_rows([(label, values if label == "（一）予以公开" else v) for label, v in APPLICATION_ROWS]))


@pytest.fixture(scope="module")
def blurred() -> dict:
    """（一）予以公开: 3 + 1 by applicant, its total printed `l` (1 or 7): the row fails for both readings."""
    return Pipeline(Settings(use_models=False)).run(_with_granted([3, 1, 0, 0, 0, 0, "l"])).model_dump(mode="json")


def test_a_fail_under_every_reading_reads_as_the_reports_inconsistency(blurred):
    fails = findings_of(blurred)["fail"]
    row = next(f for f in fails if f.check["id"] == "applications.row_total.granted")
    assert row.label == INCONSISTENT
    assert all(f.label == INCONSISTENT for f in fails)
    (doubtful,) = [r for r in row.cells if r.doubtful]
    assert doubtful.key == TOTAL and doubtful.reason == "无法读取" and doubtful.readings == [1, 7]
    note = row.doubt_note
    assert note.startswith("存疑单元格：表三 （一）予以公开 · 总计（无法读取，可能为1或7）")
    assert note.endswith("所以仍判定为报告数据不一致。")
    assert "读法" in note  # the check's own reason why no reading closes the gap


def test_a_clean_fail_carries_no_doubt_note(blurred):
    clean = [f for f in findings_of(blurred)["fail"] if not any(r.doubtful for r in f.cells)]
    assert all(f.doubt_note == "" for f in clean)


def test_a_corrected_cell_is_no_longer_a_doubt(blurred):
    row = next(f for f in findings_of(blurred, corrected={TOTAL})["fail"]
               if f.check["id"] == "applications.row_total.granted")
    assert row.label == INCONSISTENT and row.doubt_note == "" and not row.cells[-1].reason


def _one(status: str, message: str, provenance: dict | None) -> dict:
    table = {"cells": {"granted.total": 4, "granted.natural_person": 3, "granted.commercial": 2}}
    if provenance is not None:
        table["provenance"] = provenance
    check = {"id": "c", "kind": "table_arithmetic", "status": status, "message": message, "left": 5, "right": 4,
             "spans": [], "cells": [TOTAL, "applications.granted.natural_person", "applications.granted.commercial"]}
    return {"document": {"ocr": provenance is None}, "tables": {"applications": table}, "checks": [check]}


def test_an_uncertain_check_needs_a_person_and_says_its_verdict_turns_on_the_doubt():
    result = _one("uncertain", "行和(?) ? 总计(4)（单元格由行列合计推算所得，无法确定是否真不一致）",
                  {"granted.commercial": "deduced"})
    (finding,) = findings_of(result)["uncertain"]
    assert finding.label == NEEDS_REVIEW
    assert finding.doubt_note == ("存疑单元格：表三 （一）予以公开 · 商业企业（由行列合计推算）。"
                                  "这些单元格取不同的值时结论不同，请核对原件。")


def test_a_fail_weighed_by_bounds_quotes_the_bound():
    message = "行和(≥5) ≠ 总计(4)（单元格由行列合计推算所得，但左边至少为5，右边至多为4，无论其取何值都不相等）"
    (finding,) = findings_of(_one("fail", message, {"granted.commercial": "deduced"}))["fail"]
    assert finding.label == INCONSISTENT
    assert finding.doubt_note.endswith("左边至少为5，右边至多为4，所以仍判定为报告数据不一致。")


def test_an_older_result_that_did_not_weigh_its_cells_still_needs_a_person():
    """Stored before cells recorded how they were read: an OCR document's cells are only guessed doubtful, and its
    fail was not weighed over their readings."""
    (finding,) = findings_of(_one("fail", "行和(5) ≠ 总计(4)", None))["fail"]
    assert finding.label == NEEDS_REVIEW and "未逐一权衡" in finding.doubt_note


def test_the_card_shows_the_label_and_the_doubt(blurred):
    from service.web.pages import templates
    from service.web.report_view import fmt

    row = next(f for f in findings_of(blurred)["fail"] if f.check["id"] == "applications.row_total.granted")
    html = str(templates.env.get_template("_macros.html").module.finding(row, fmt))
    assert '<span class="label lbl-report">报告数据不一致</span>' in html and NEEDS_REVIEW not in html
    assert '<p class="doubt">存疑单元格：' in html


def test_the_report_page_and_its_word_file(tmp_path, blurred, worker_pool):
    from fastapi.testclient import TestClient

    from service.app import create_app
    from tests.fixtures.stored import sessions_at, store_result

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'store.db'}", uploads_dir=tmp_path / "uploads")
    rid = store_result(sessions_at(settings.database_url), blurred, "模糊.txt", "blurred")
    with TestClient(create_app(settings, pool=worker_pool)) as client:
        html = client.get(f"/reports/{rid}").text
        docx = client.get(f"/reports/{rid}/findings.docx")
    assert html.count("lbl-report") == len([c for c in blurred["checks"] if c["status"] == "fail"])
    assert "lbl-check" not in html and "存疑单元格：表三 （一）予以公开 · 总计" in html
    import io

    from docx import Document

    cells = [c.text for t in Document(io.BytesIO(docx.content)).tables for row in t.rows for c in row.cells]
    assert INCONSISTENT in cells and any("存疑单元格" in c for c in cells)


def test_in_the_browser_the_doubtful_fail_is_labelled_and_explained(tmp_path, blurred, worker_pool, page):
    """Real chromium: the card of the fail on the blurred total reads 报告数据不一致 and shows its doubt, and the form
    cell is marked doubtful with its readings in the tooltip."""
    from service.app import create_app
    from tests.fixtures.stored import sessions_at, store_result
    from tests.web.conftest import LiveServer, chromium_or_skip

    chromium_or_skip()
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'store.db'}", uploads_dir=tmp_path / "uploads")
    rid = store_result(sessions_at(settings.database_url), blurred, "模糊.txt", "blurred")
    with LiveServer(create_app(settings, pool=worker_pool)) as server:
        page.goto(f"{server.url}/reports/{rid}")
        card = page.locator('.finding[data-check="applications.row_total.granted"]')
        assert card.locator(".label").inner_text() == INCONSISTENT
        doubt = card.locator(".doubt")
        assert doubt.is_visible() and "可能为1或7" in doubt.inner_text()
        assert page.locator(".finding.st-fail .label.lbl-check").count() == 0


def test_a_platform_named_from_the_agency_says_how_the_text_wrote_it(tmp_path, pipeline, worker_pool):
    from fastapi.testclient import TestClient

    from service.app import create_app
    from tests.fixtures.stored import sessions_at, store_result

    text = "青禾县农业农村局2024年政府信息公开工作年度报告\n\n一、总体情况\n全年通过本局门户网站主动公开信息42条。\n"
    result = pipeline.run(text).model_dump(mode="json")
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'store.db'}", uploads_dir=tmp_path / "uploads")
    rid = store_result(sessions_at(settings.database_url), result, "农业农村局.txt", text)
    with TestClient(create_app(settings, pool=worker_pool)) as client:
        html = client.get(f"/reports/{rid}").text
    assert '<span class="chip" title="原文作“本局门户网站”，全称据报告机关补全">青禾县农业农村局门户网站</span>' in html
