"""No client input makes the review, cell or listing routes answer 500 (the way schemathesis checks the API): any
JSON value for each field, any query string for the dashboards, any path id. Every answer below 500 that is an error
is in the error shape."""
from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.app import create_app
from service.base.settings import Settings
from tests.fixtures.stored import broken_text, sessions_at, store_text

KEY = {"X-API-Key": "probe-key"}
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=300),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8)
CELLS = st.sampled_from(["applications.granted.natural_person", "active_disclosure.fees.amount",
                         "review_litigation.review.total", "applications", "", "a.b.c.d"]) | st.text(max_size=80)
QUERY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
PROBE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def probe(tmp_path_factory, pipeline, worker_pool):
    tmp = tmp_path_factory.mktemp("probe")
    config = Settings(database_url=f"sqlite:///{tmp / 'store.db'}", uploads_dir=tmp / "uploads",
                      api_keys=["probe-key"])
    rid = store_text(sessions_at(config.database_url), pipeline, broken_text(), "probe.txt")
    with TestClient(create_app(config, pool=worker_pool), raise_server_exceptions=False) as client:
        yield client, rid


def _shaped(resp) -> None:
    assert resp.status_code < 500, resp.text[:300]
    if resp.status_code >= 400 and resp.headers.get("content-type", "").startswith("application/json"):
        error = resp.json()["error"]
        assert isinstance(error["code"], str) and isinstance(error["message"], str) and len(error["message"]) <= 400


@PROBE
@given(check_id=JSON_VALUES, decision=st.sampled_from(["confirmed", "dismissed"]) | JSON_VALUES,
       note=JSON_VALUES, reviewer=JSON_VALUES)
def test_review_route(probe, check_id, decision, note, reviewer):
    client, rid = probe
    body = json.dumps({"check_id": check_id, "decision": decision, "note": note, "reviewer": reviewer},
                      allow_nan=True)
    _shaped(client.post(f"/v1/reports/{rid}/reviews", content=body,
                        headers={**KEY, "content-type": "application/json"}))


@PROBE
@given(cell=CELLS | JSON_VALUES, value=JSON_VALUES, note=JSON_VALUES)
def test_cell_route(probe, cell, value, note):
    client, rid = probe
    body = json.dumps({"cell": cell, "value": value, "note": note}, allow_nan=True)
    _shaped(client.patch(f"/v1/reports/{rid}/cells", content=body, headers={**KEY, "content-type": "application/json"}))


@PROBE
@given(params=st.dictionaries(st.sampled_from(["q", "year", "fails", "open", "errors", "sort", "desc"]),
                              QUERY_TEXT | st.integers().map(str), max_size=7),
       path=st.sampled_from(["/reports", "/reports/export.csv"]))
def test_listing_routes(probe, params, path):
    client, _rid = probe
    _shaped(client.get(path, params=params, headers=KEY))


@PROBE
@given(report_id=st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/"),
                         min_size=1, max_size=200))
def test_report_ids(probe, report_id):
    client, _rid = probe
    report_id = quote(report_id, safe="")
    for path in (f"/v1/reports/{report_id}/reviews", f"/reports/{report_id}", f"/v1/reports/{report_id}"):
        _shaped(client.get(path, headers=KEY))
