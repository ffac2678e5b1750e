"""The /reports dashboard: filters, sorting, parse errors hidden by default and one click away, reviewed state."""
from __future__ import annotations

import io
import re

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from service.app import create_app
from service.base.settings import Settings
from service.base.version import content_hash
from service.store import Job, JobItem, StoredDocument
from tests.fixtures import tables_text
from tests.fixtures.stored import broken_text, sessions_at, store_text

BROKEN, TRAFFIC, EVIL = "misprinted.txt", "traffic.txt", "evil.pdf"


@pytest.fixture(scope="module")
def site(tmp_path_factory, pipeline, worker_pool):
    tmp = tmp_path_factory.mktemp("dash")
    settings = Settings(database_url=f"sqlite:///{tmp / 'store.db'}", uploads_dir=tmp / "uploads")
    sessions = sessions_at(settings.database_url)
    ids = {BROKEN: store_text(sessions, pipeline, broken_text(), BROKEN),
           TRAFFIC: store_text(sessions, pipeline, tables_text.report(tables_text.tab_rows()), TRAFFIC)}
    with sessions() as s:
        s.add(Job(id="j1", status="done", total=3, done=2, failed=1))
        s.add(StoredDocument(sha256="e" * 64, filename=EVIL, size=4, path="/dev/null"))
        s.flush()
        s.add(JobItem(job_id="j1", seq=0, filename=EVIL, sha256="e" * 64, status="failed", error_code="CORRUPT_FILE",
                      error_message="文件已损坏或无法解析。"))
        sha = content_hash(broken_text())
        s.add(StoredDocument(sha256=sha, filename=BROKEN, size=1, path="/dev/null"))
        s.flush()
        s.add(JobItem(job_id="j1", seq=1, filename=BROKEN, sha256=sha, status="done", report_id=ids[BROKEN]))
        s.commit()
    with TestClient(create_app(settings, pool=worker_pool)) as client:
        yield client, ids


def _files(html: str) -> list[str]:
    return re.findall(r"<td>([^<>]+\.(?:txt|pdf))</td>", html)


@pytest.mark.parametrize(("query", "expected"), [
    ("", {BROKEN, TRAFFIC}),
    ("?errors=1", {BROKEN, TRAFFIC, EVIL}),
    ("?q=交通", {TRAFFIC}),
    ("?q=青禾", {BROKEN}),
    ("?year=2024", {TRAFFIC}),
    ("?year=2023&fails=1", {BROKEN}),
    ("?fails=1", {BROKEN}),
    ("?open=1", {BROKEN}),
    ("?q=evil&errors=1", {EVIL}),
])
def test_filters(site, query, expected):
    client, _ = site
    assert set(_files(client.get("/reports" + query).text)) == expected


@pytest.mark.parametrize(("sort", "desc", "order"), [("year", "0", [BROKEN, TRAFFIC]), ("year", "1", [TRAFFIC, BROKEN]),
                                                     ("fails", "1", [BROKEN, TRAFFIC]), ("file", "0", [BROKEN, TRAFFIC])])
def test_sort(site, sort, desc, order):
    client, _ = site
    assert _files(client.get(f"/reports?sort={sort}&desc={desc}").text) == order


def test_hidden_errors_are_counted_and_linked(site):
    client, _ = site
    html = client.get("/reports").text
    assert "1 个文件无法解析" in html and 'class="show-errors" href="/reports?' in html and "errors=1" in html


def test_reviewed_after_every_finding_is_decided(site):
    client, ids = site
    rid = ids[BROKEN]
    for check in client.get(f"/v1/reports/{rid}/reviews").json()["open"]:
        assert client.post(f"/v1/reports/{rid}/reviews", json={"check_id": check, "decision": "confirmed"}).status_code == 201
    assert _files(client.get("/reports?open=1").text) == []
    assert "已审核" in client.get("/reports?fails=1").text


def _decisions_in(xlsx: bytes) -> dict[str, tuple]:
    """核对问题 sheet: message → (审核结论, 备注)."""
    sheet = load_workbook(io.BytesIO(xlsx), read_only=True)["核对问题"]
    rows = list(sheet.iter_rows(values_only=True))
    head = list(rows[0])
    at = {name: head.index(name) for name in ("说明", "审核结论", "备注")}
    return {r[at["说明"]]: (r[at["审核结论"]], r[at["备注"]]) for r in rows[1:]}


@pytest.mark.parametrize("url", ["/reports/export.xlsx?fails=1", "/v1/jobs/j1/results?format=xlsx"])
def test_exports_carry_decisions(site, url):
    client, ids = site
    rid = ids[BROKEN]
    message = "表三“（一）予以公开”行：各类申请人之和(5) ≠ 总计(4)"
    check = next(c for c in client.get(f"/v1/reports/{rid}/reviews").json()["checks"] if c["message"] == message)
    client.post(f"/v1/reports/{rid}/reviews", json={"check_id": check["id"], "decision": "dismissed", "note": "错位"})
    resp = client.get(url)
    assert resp.status_code == 200
    assert _decisions_in(resp.content)[message] == ("排除", "错位")


def test_csv_export_has_the_cells(site):
    client, _ = site
    text = client.get("/reports/export.csv?q=交通").content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("file,agency,year,table,row,column,value")
    assert "traffic.txt,某某县交通运输局,2024,applications,new_received,total,6" in text
    assert "misprinted" not in text


def test_job_page_and_json(site):
    client, _ = site
    body = client.get("/jobs/j1?format=json").json()
    assert body["total"] == 3 and body["items"][0]["error_code"] == "CORRUPT_FILE"
    assert "无法解析" in client.get("/jobs/j1").text
    assert client.get("/jobs/nope?format=json").json()["error"]["code"] == "NOT_FOUND"
    assert client.get("/jobs/nope").status_code == 404
