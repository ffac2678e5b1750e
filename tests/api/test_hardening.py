"""What a probe of the running service checks: keys fail closed, every client mistake is a 4xx in the error shape,
corrections hold only values a report can hold, decisions record the key that made them, pages send a strict content
policy, the login cookie never holds the key, /readyz tells strangers nothing, CSV cells cannot start a formula."""
from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import zipfile

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pydantic import ValidationError

from service.app import create_app
from service.base.settings import ROOT, Settings, key_setting_problem
from service.collections.export.rows import text_safe
from tests.fixtures.stored import MISREAD_CELL, broken_text, sessions_at, store_text

OPS, AUDIT = "ops-key-7Hq2", "audit-key-9Zx4"
CHECK = "applications.row_total.granted"


@pytest.fixture
def served(tmp_path, pipeline, worker_pool):
    """A served store with two keys and one stored report (a misprinted cell: two fails to review)."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'store.db'}", uploads_dir=tmp_path / "uploads",
                        api_keys={"ops": OPS, "audit": AUDIT})
    sessions = sessions_at(settings.database_url)
    rid = store_text(sessions, pipeline, broken_text(), "\t=HYPERLINK(\"http://x\")年报.txt")
    with TestClient(create_app(settings, pool=worker_pool)) as client:
        yield client, rid


# -- keys fail closed ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["ops:", ",", " ", '[""]', '{"ops":""}', "k1,ab:cd", "[]", "{}", "k1,,k2",
                                   "ops:a1,ops:b2", '["a", "a"]', "[1, 2]", '{"ops": '])
def test_a_key_setting_with_a_lost_or_empty_entry_is_refused(monkeypatch, value):
    monkeypatch.setenv("NIANBAO_API_KEYS", value)
    with pytest.raises(ValidationError) as info:
        Settings()
    message = key_setting_problem(info.value)
    assert message.startswith("NIANBAO_API_KEYS 设置无效") and "ab:cd" not in message and "b2" not in message


@pytest.mark.parametrize(("value", "labels"), [("", {}), ("k1,k2", {"k1": "key-1", "k2": "key-2"}),
                                               ("ops:a1, audit:b2", {"a1": "ops", "b2": "audit"}),
                                               ('{"ops": "a1"}', {"a1": "ops"}), ('["a1"]', {"a1": "key-1"})])
def test_usable_key_settings_keep_every_entry(monkeypatch, value, labels):
    monkeypatch.setenv("NIANBAO_API_KEYS", value)
    assert Settings().key_labels() == labels


def test_serve_refuses_an_unusable_key_setting_before_it_listens():
    env = {**os.environ, "NIANBAO_API_KEYS": "ops:"}
    done = subprocess.run([sys.executable, "-m", "service.cli", "serve", "--port", "1"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "NIANBAO_API_KEYS 设置无效" in done.stderr and "Traceback" not in done.stderr


def test_the_start_up_log_says_open_or_names_the_key_labels(tmp_path, worker_pool, caplog):
    for keys, expected in (([], "服务对所有能访问此端口的人开放"), ({"ops": OPS}, "已配置 1 个（ops）")):
        settings = Settings(database_url=f"sqlite:///{tmp_path / 'k.db'}", api_keys=keys)
        caplog.clear()
        with caplog.at_level(logging.INFO, "nianbao"), TestClient(create_app(settings, pool=worker_pool)):
            pass
        assert any(expected in m for m in caplog.messages) and not any(OPS in m for m in caplog.messages)


# -- every client mistake is a 4xx ----------------------------------------------------------------------------
def _corrupt_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", "某某局2023年政府信息公开工作年度报告。" * 200)
        archive.writestr("b.txt", "一、总体情况" * 200)
    data = bytearray(buffer.getvalue())
    start = 30 + len("a.txt")  # first local header, then the deflate stream
    data[start + 5:start + 40] = bytes(35)  # zeroed deflate data: the sizes still look right
    return bytes(data)


@pytest.mark.parametrize("path", ["/v1/jobs", "/upload"])
def test_a_zip_with_corrupt_deflate_data_is_a_400(served, path):
    client, _rid = served
    resp = client.post(path, files={"file": ("reports.zip", _corrupt_zip(), "application/zip")},
                       headers={"X-API-Key": OPS})
    assert resp.status_code == 400, resp.text
    error = resp.json()["error"]
    assert error["code"] == "BAD_REQUEST" and "已损坏" in error["message"] and "Error" not in error["message"]


@pytest.mark.parametrize("path", ["/reports?year=9223372036854775808", "/reports/export.csv?year=9223372036854775808",
                                  "/reports?year=-1", "/reports?q=" + "x" * 5000,
                                  "/v1/jobs/nope/audit?year=99999999999999999999"])
def test_out_of_range_query_parameters_are_a_422(served, path):
    client, _rid = served
    resp = client.get(path, headers={"X-API-Key": OPS})
    assert resp.status_code == 422
    message = resp.json()["error"]["message"]
    assert "请求内容不符合接口要求" in message and "Input" not in message and len(message) < 120


@pytest.mark.parametrize(("body", "status"), [
    (f'{{"cell": "{MISREAD_CELL}", "value": Infinity}}', 422),
    (f'{{"cell": "{MISREAD_CELL}", "value": -Infinity}}', 422),
    (f'{{"cell": "{MISREAD_CELL}", "value": NaN}}', 422),
    (f'{{"cell": "{MISREAD_CELL}", "value": 1e400}}', 422),
    (f'{{"cell": "{MISREAD_CELL}", "value": -5}}', 400),
    (f'{{"cell": "{MISREAD_CELL}", "value": 1.5}}', 400),
    (f'{{"cell": "{MISREAD_CELL}", "value": true}}', 422),
])
def test_corrections_refuse_values_no_report_can_hold(served, body, status):
    client, rid = served
    resp = client.patch(f"/v1/reports/{rid}/cells", content=body,
                        headers={"X-API-Key": OPS, "content-type": "application/json"})
    assert resp.status_code == status, resp.text
    assert client.get(f"/v1/reports/{rid}/reviews", headers={"X-API-Key": OPS}).json()["corrections"] == {}


def test_amounts_in_wan_yuan_may_be_decimal_and_a_count_whole(served):
    client, rid = served
    key = {"X-API-Key": OPS}
    fee = client.patch(f"/v1/reports/{rid}/cells", json={"cell": "active_disclosure.fees.amount", "value": 12.5},
                       headers=key)
    count = client.patch(f"/v1/reports/{rid}/cells", json={"cell": MISREAD_CELL, "value": 3.0}, headers=key)
    assert fee.status_code == 200 and count.status_code == 200
    assert count.json()["corrections"]["active_disclosure.fees.amount"]["value"] == 12.5


def test_a_long_client_value_is_not_echoed(served):
    client, rid = served
    key = {"X-API-Key": OPS}
    long_id = "检" * 100_000
    checked = client.post(f"/v1/reports/{rid}/reviews", json={"check_id": long_id, "decision": "confirmed"},
                          headers=key)
    missing = client.get(f"/v1/reports/{'x' * 3000}", headers=key)
    assert checked.status_code == 422 and missing.status_code == 404
    assert len(checked.text) < 300 and len(missing.text) < 300 and "检检检" not in checked.text


# -- who did it ------------------------------------------------------------------------------------------------
def test_a_decision_records_the_label_of_the_key_that_made_it(served, caplog):
    client, rid = served
    with caplog.at_level(logging.INFO, "nianbao.access"):
        made = client.post(f"/v1/reports/{rid}/reviews", json={"check_id": CHECK, "decision": "confirmed",
                                                                "reviewer": "王审核"}, headers={"X-API-Key": AUDIT})
    assert made.status_code == 201
    assert (made.json()["reviewer"], made.json()["key_label"]) == ("王审核", "audit")
    book = load_workbook(io.BytesIO(client.get("/reports/export.xlsx", headers={"X-API-Key": OPS}).content))
    sheet = book["核对问题"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    rows = [dict(zip(header, (c.value for c in row), strict=False)) for row in sheet.iter_rows(min_row=2)]
    decided = [r for r in rows if r.get("审核人") == "王审核"]
    assert decided and decided[0]["密钥"] == "audit"
    fixed = client.patch(f"/v1/reports/{rid}/cells", json={"cell": MISREAD_CELL, "value": 3},
                         headers={"X-API-Key": OPS})
    assert fixed.json()["corrections"][MISREAD_CELL]["key_label"] == "ops"
    assert any("client=audit" in m for m in caplog.messages)
    assert not any(AUDIT in m or OPS in m for m in caplog.messages)
    page = client.get(f"/reports/{rid}", headers={"X-API-Key": AUDIT}).text
    assert "王审核" in page and "密钥 audit" in page


# -- small hardening -------------------------------------------------------------------------------------------
def test_pages_send_a_strict_content_policy(served):
    client, rid = served
    for path in (f"/reports/{rid}", "/reports", "/login", "/"):
        resp = client.get(path, headers={"X-API-Key": OPS})
        policy = resp.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
        assert resp.headers["x-frame-options"] == "DENY" and resp.headers["x-content-type-options"] == "nosniff"
        assert "onclick=" not in resp.text and "style=" not in resp.text and "<script>" not in resp.text


def test_the_login_cookie_is_signed_and_never_the_key(served):
    client, rid = served
    login = client.post("/login", data={"key": AUDIT, "next": f"/reports/{rid}"}, follow_redirects=False)
    cookie = login.headers["set-cookie"]
    assert login.status_code == 303 and AUDIT not in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert client.get(f"/reports/{rid}", follow_redirects=False).status_code == 200
    made = client.post(f"/v1/reports/{rid}/reviews", json={"check_id": CHECK, "decision": "dismissed"})
    assert made.json()["key_label"] == "audit"  # the cookie proves the label, not the typed name
    client.cookies.set("nianbao_session", client.cookies["nianbao_session"][:-2] + "xx")  # tampered
    assert client.get(f"/reports/{rid}", follow_redirects=False).status_code == 303
    client.cookies.clear()
    assert client.get("/v1/jobs/nope", headers={"X-API-Key": AUDIT}).status_code == 404  # the header still works
    assert client.get(f"/reports/{rid}", headers={"X-API-Key": AUDIT}, follow_redirects=False).status_code == 200


def test_the_login_cookie_is_secure_over_https(served):
    client, _rid = served
    https = TestClient(client.app, base_url="https://testserver")
    login = https.post("/login", data={"key": OPS, "next": "/"}, follow_redirects=False)
    assert "Secure" in login.headers["set-cookie"]


def test_readyz_tells_counts_only_to_a_key_holder(served):
    client, _rid = served
    stranger = client.get("/readyz").json()
    holder = client.get("/readyz", headers={"X-API-Key": OPS}).json()
    assert stranger == {"status": "ready"}
    assert holder["status"] == "ready" and holder["workers"] >= 1


@pytest.mark.parametrize(("text", "safe"), [("\t=cmd|' /C calc'!A0", "'\t=cmd|' /C calc'!A0"), ("\r=1+1", "'\r=1+1"),
                                            ("=1+1", "'=1+1"), ("@SUM(A1)", "'@SUM(A1)"), ("某某局", "某某局"),
                                            ("-5", "'-5"), (" =x", " =x")])
def test_csv_cells_that_could_start_a_formula_are_quoted(text, safe):
    assert text_safe(text) == safe


def test_a_tab_led_formula_file_name_is_neutralised_in_the_csv_export(served):
    client, _rid = served
    body = client.get("/reports/export.csv", headers={"X-API-Key": OPS}).content.decode("utf-8-sig")
    names = {line.split(",")[0] for line in body.splitlines()[1:]}
    assert names and all(name.startswith("\"'\t=HYPERLINK") or name.startswith("'\t=HYPERLINK") for name in names)


def test_the_review_routes_error_shape_is_json(served):
    client, rid = served
    resp = client.post(f"/v1/reports/{rid}/reviews", content=b"{not json", headers={
        "X-API-Key": OPS, "content-type": "application/json"})
    assert resp.status_code == 422 and set(json.loads(resp.text)["error"]) >= {"code", "message"}
