"""Review routes: decisions and corrections stored with the reviewer, checks re-run, coded errors for bad requests;
pages behind the same API keys as the JSON routes."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.base.settings import Settings
from tests.fixtures.stored import MISREAD_CELL, broken_text, sessions_at, store_text

KEY = "k-123"


@pytest.fixture
def served(tmp_path, pipeline, request, worker_pool):
    keys = getattr(request, "param", [])  # a list of keys or {label: key}
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'store.db'}", api_keys=keys,
                        uploads_dir=tmp_path / "uploads")
    sessions = sessions_at(settings.database_url)
    rid = store_text(sessions, pipeline, broken_text(), "misprinted.txt")
    with TestClient(create_app(settings, pool=worker_pool)) as client:
        yield client, rid


def _failing(client, rid, headers=None) -> set[str]:
    body = client.get(f"/v1/reports/{rid}/reviews", headers=headers or {}).json()
    return {c["id"] for c in body["checks"] if c["status"] == "fail"}


def test_review_is_stored_and_listed(served):
    client, rid = served
    resp = client.post(f"/v1/reports/{rid}/reviews", json={
        "check_id": "applications.row_total.granted", "decision": "confirmed", "note": "原表如此", "reviewer": "李审核"})
    assert resp.status_code == 201
    assert resp.json()["decision_name"] == "确认问题" and resp.json()["reviewer"] == "李审核"
    body = client.get(f"/v1/reports/{rid}/reviews").json()
    assert body["decisions"]["applications.row_total.granted"]["note"] == "原表如此"
    assert "applications.row_total.granted" not in body["open"] and "applications.outcomes.natural_person" in body["open"]
    client.post(f"/v1/reports/{rid}/reviews", json={"check_id": "applications.row_total.granted", "decision": "dismissed"})
    assert client.get(f"/v1/reports/{rid}/reviews").json()["decisions"]["applications.row_total.granted"]["decision"] == "dismissed"


def test_cell_correction_reruns_checks_and_keeps_the_extracted_value(served):
    client, rid = served
    assert _failing(client, rid) == {"applications.outcomes.natural_person", "applications.row_total.granted"}
    resp = client.patch(f"/v1/reports/{rid}/cells", json={"cell": MISREAD_CELL, "value": 3, "note": "OCR 误读"})
    assert resp.status_code == 200 and resp.json()["corrections"][MISREAD_CELL]["value"] == 3
    assert _failing(client, rid) == set()
    page = client.get(f"/reports/{rid}").text
    assert "原抽取值：4" in page


@pytest.mark.parametrize(("method", "path", "body", "status", "code"), [
    ("post", "/v1/reports/{rid}/reviews", {"check_id": "applications.row_total.granted", "decision": "maybe"}, 422,
     "INVALID_REQUEST"),
    ("post", "/v1/reports/{rid}/reviews", {"check_id": "no.such.check", "decision": "confirmed"}, 400, "BAD_REQUEST"),
    ("post", "/v1/reports/nope/reviews", {"check_id": "x", "decision": "confirmed"}, 404, "NOT_FOUND"),
    ("patch", "/v1/reports/{rid}/cells", {"cell": "applications.no_row.total", "value": 1}, 400, "BAD_REQUEST"),
    ("patch", "/v1/reports/{rid}/cells", {"cell": "review_litigation", "value": 1}, 400, "BAD_REQUEST"),
    ("patch", "/v1/reports/{rid}/cells", {"cell": MISREAD_CELL, "value": "three"}, 422, "INVALID_REQUEST"),
    ("get", "/v1/reports/nope/reviews", None, 404, "NOT_FOUND"),
])
def test_bad_requests_get_coded_errors(served, method, path, body, status, code):
    client, rid = served
    resp = client.request(method, path.format(rid=rid), json=body)
    assert resp.status_code == status
    assert resp.json()["error"]["code"] == code


@pytest.mark.parametrize("served", [[KEY], {"李审核": KEY}], indirect=True)
def test_keys_protect_routes_and_pages(served):
    client, rid = served
    assert client.get(f"/v1/reports/{rid}/reviews").status_code == 401
    assert client.get(f"/v1/reports/{rid}/reviews", headers={"X-API-Key": KEY}).status_code == 200
    page = client.get(f"/reports/{rid}", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login?next=")
    assert client.post("/login", data={"key": "wrong", "next": f"/reports/{rid}"}).status_code == 401
    login = client.post("/login", data={"key": KEY, "next": f"/reports/{rid}"}, follow_redirects=False)
    assert login.status_code == 303 and login.headers["location"] == f"/reports/{rid}"
    assert client.get(f"/reports/{rid}").status_code == 200  # the cookie now carries the key
    made = client.post(f"/v1/reports/{rid}/reviews", json={"check_id": "applications.row_total.granted",
                                                            "decision": "confirmed"})
    assert made.status_code == 201
    assert made.json()["reviewer"] == client.app.state.settings.key_labels()[KEY]  # the key's label when none is typed


def test_report_page_shows_findings_marks_and_forms(served):
    client, rid = served
    html = client.get(f"/reports/{rid}").text
    assert "表三“（一）予以公开”行：各类申请人之和(5) ≠ 总计(4)" in html
    assert html.count('<mark data-check="') >= 2
    assert 'data-cell="applications.granted.natural_person"' in html and "报告数据不一致" in html
    assert client.get("/reports/nope").status_code == 404


def test_findings_docx_lists_numbered_findings_with_decisions(served):
    import io

    from docx import Document

    client, rid = served
    client.post(f"/v1/reports/{rid}/reviews", json={"check_id": "applications.row_total.granted",
                                                    "decision": "dismissed", "note": "排版错位"})
    resp = client.get(f"/reports/{rid}/findings.docx")
    assert resp.status_code == 200
    rows = [[c.text for c in row.cells] for row in Document(io.BytesIO(resp.content)).tables[0].rows]
    assert [r[0] for r in rows] == ["序号", "1", "2"]
    by_message = {r[2]: r for r in rows[1:]}
    dismissed = by_message["表三“（一）予以公开”行：各类申请人之和(5) ≠ 总计(4)"]
    assert dismissed[7:] == ["排除", "排版错位"] and dismissed[5] == "1"
    assert client.get("/reports/nope/findings.docx").json()["error"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>某某局2023年政府信息公开工作年度报告\n一、总体情况\n收到申请<b>3</b>件。",
    "\u200b\ufeff" * 50 + "\t\t\t|||\n" * 200,
    "一、总体情况\n" + "（一）予以公开\t" + "9\t" * 400,
])
def test_hostile_text_renders_escaped(tmp_path, pipeline, text, worker_pool):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'h.db'}", uploads_dir=tmp_path / "uploads")
    rid = store_text(sessions_at(settings.database_url), pipeline, text, "<img src=x onerror=alert(1)>.txt")
    with TestClient(create_app(settings, pool=worker_pool)) as client:
        page = client.get(f"/reports/{rid}")
        listing = client.get("/reports")
    assert page.status_code == 200 and listing.status_code == 200
    for html in (page.text, listing.text):
        assert "<script>alert" not in html and "<img src=x" not in html
