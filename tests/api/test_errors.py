"""Every answer that is not a report is JSON {"error": {"code", "message"}}: Starlette's own errors, a full queue,
keys in each accepted spelling, and /docs switched off."""
from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.base.settings import Settings
from tests.api.conftest import API_SETTINGS

REPORT = "某某县统计局2023年政府信息公开工作年度报告\n一、总体情况\n本机关收到政府信息公开申请3件。\n".encode()


@pytest.fixture(scope="module")
def client(api_pool):
    with TestClient(create_app(API_SETTINGS, pool=api_pool)) as c:
        yield c


@pytest.mark.parametrize(("method", "path", "kwargs", "status", "code"), [
    ("get", "/nope", {}, 404, "NOT_FOUND"),
    ("put", "/v1/extract", {}, 405, "METHOD_NOT_ALLOWED"),
    ("post", "/healthz", {}, 405, "METHOD_NOT_ALLOWED"),
    ("post", "/v1/extract", {"content": b"--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc",
                             "headers": {"content-type": "multipart/form-data; boundary=x"}}, 400, None),
    ("post", "/v1/extract", {"content": b"[" * 100_000, "headers": {"content-type": "application/json"}},
     422, "TOO_COMPLEX"),
    ("post", "/v1/extract", {"json": {"text": "   "}}, 400, "EMPTY_INPUT"),
    ("post", "/v1/extract", {"json": {"text": 5}}, 400, "BAD_REQUEST"),
])
def test_errors_are_json(client, method, path, kwargs, status, code):
    r = getattr(client, method)(path, **kwargs)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/json")
    err = r.json()["error"]
    assert err["message"] and (code is None or err["code"] == code)


def test_full_queue_is_503_with_retry_after(api_pool):
    settings = Settings(max_bytes=200_000, max_queue=0, workers=1)
    saved = api_pool.capacity
    api_pool.capacity = 0  # as if every slot were taken
    try:
        with TestClient(create_app(settings, pool=api_pool)) as c:
            r = c.post("/v1/extract", content=REPORT)
            ready = c.get("/readyz")
    finally:
        api_pool.capacity = saved
    assert r.status_code == 503 and r.json()["error"]["code"] == "BUSY"
    assert int(r.headers["retry-after"]) >= 1
    assert ready.status_code == 503 and ready.json()["error"]["code"] == "NOT_READY"


@pytest.mark.parametrize(("keys", "sent", "status", "label"), [
    ('["k1", "k2"]', "k1", 200, "key-1"),
    ('["k1", "k2"]', "", 401, None),
    ("k1,k2", "k2", 200, "key-2"),
    ("k1,k2", "k3", 401, None),
    ('{"audit": "s3cret"}', "s3cret", 200, "audit"),
    ("ops:a1, audit:b2", "b2", 200, "audit"),
    ("ops:a1, audit:b2", "ops", 401, None),
])
def test_api_keys(api_pool, monkeypatch, caplog, keys, sent, status, label):
    monkeypatch.setenv("NIANBAO_API_KEYS", keys)
    settings = Settings(max_bytes=200_000, workers=1)
    with TestClient(create_app(settings, pool=api_pool)) as c, caplog.at_level(logging.INFO, "nianbao.api"):
        r = c.post("/v1/extract", content=REPORT, headers={"x-api-key": sent} if sent else {})
        spec = c.get("/openapi.json").json()
    assert r.status_code == status
    if label:  # the key's label is what the log names, and the document's text never is
        assert any(f"client={label}" in m for m in caplog.messages)
        assert not any("统计局" in m for m in caplog.messages)
    assert spec["components"]["securitySchemes"]["ApiKey"]["name"] == "X-API-Key"
    assert spec["paths"]["/v1/extract"]["post"]["security"] == [{"ApiKey": []}]


@pytest.mark.parametrize(("docs", "status"), [(True, 200), (False, 404)])
def test_docs_can_be_switched_off(api_pool, docs, status):
    with TestClient(create_app(Settings(docs=docs), pool=api_pool)) as c:
        assert c.get("/docs").status_code == status
        assert c.get("/openapi.json").status_code == 200
