"""HTTP API through TestClient (so the lifespan runs): the three body kinds, errors as JSON, OpenAPI."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.base.settings import Settings
from service.runtime.workers import WorkerPool
from tests.api.conftest import API_SETTINGS, wait_ready
from tests.fixtures.tables_text import report, tab_rows

REPORT = report(tab_rows())


@pytest.fixture(scope="module")
def client(api_pool):
    with TestClient(create_app(API_SETTINGS, pool=api_pool)) as c:
        yield c


def assert_report(body: dict) -> None:
    assert body["schema_version"] == "1"
    assert body["tables"]["applications"]["cells"]["new_received.total"] == 6
    assert body["report"]["year"] == 2024
    text = body["document"]["text"]
    for key, (s, e) in body["tables"]["applications"]["spans"].items():
        assert float(text[s:e]) == body["tables"]["applications"]["cells"][key]


def test_raw_text_body(client):
    r = client.post("/v1/extract", content=REPORT.encode("utf-8"), headers={"content-type": "text/plain"})
    assert r.status_code == 200
    assert_report(r.json())


def test_gb18030_body_is_detected(client):
    r = client.post("/v1/extract", content=REPORT.encode("gb18030"))
    assert r.status_code == 200
    assert r.json()["document"]["encoding"] == "gb18030"
    assert_report(r.json())


def test_json_body(client):
    r = client.post("/v1/extract", json={"text": REPORT})
    assert r.status_code == 200
    assert_report(r.json())


def test_multipart_upload(client):
    r = client.post("/v1/extract", files={"file": ("report.txt", REPORT.encode("utf-16"), "text/plain")})
    assert r.status_code == 200
    assert_report(r.json())


@pytest.mark.parametrize("kwargs, status, code", [
    ({"content": b""}, 400, "EMPTY_INPUT"),
    ({"content": b"   \n  "}, 400, "EMPTY_INPUT"),
    ({"content": bytes(range(256)) * 20}, 415, None),
    ({"content": b"\x81\x30" * 5000}, 415, "UNDECODABLE"),
    ({"content": "年".encode() * 100_000}, 413, "TOO_LARGE"),
    ({"json": {"txt": "x"}}, 400, "BAD_REQUEST"),
    ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400, "BAD_REQUEST"),
    ({"files": {"other": ("a.txt", b"x")}}, 400, "BAD_REQUEST"),
])
def test_bad_input_gets_a_json_error(client, kwargs, status, code):
    r = client.post("/v1/extract", **kwargs)
    assert r.status_code == status
    err = r.json()["error"]
    assert err["message"] and (code is None or err["code"] == code)


def test_text_that_is_not_a_report_gets_a_warning(client):
    r = client.post("/v1/extract", content="今天天气很好，我们去公园散步。".encode())
    assert r.status_code == 200
    assert any("年度报告" in w for w in r.json()["warnings"])


def test_healthz_readyz_and_openapi(client):
    assert client.get("/healthz").json()["status"] == "ok"
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["loaded"] >= 1
    spec = client.get("/openapi.json").json()
    assert "/v1/extract" in spec["paths"]
    assert {"Report", "Check", "Count", "Table", "ErrorResponse"} <= set(spec["components"]["schemas"])
    for path, methods in spec["paths"].items():
        for op in methods.values():
            for status in ("404", "405", "500"):
                ref = op["responses"][status]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorResponse"), (path, status)


def test_text_over_the_character_limit_is_413():
    settings = Settings(max_text_chars=5_000, use_models=False)
    with WorkerPool(1, settings) as pool, TestClient(create_app(settings, pool=pool)) as c:
        wait_ready(pool)
        r = c.post("/v1/extract", content=("主动公开信息1条，" * 1000).encode())
    assert r.status_code == 413 and r.json()["error"]["code"] == "TOO_LARGE"
