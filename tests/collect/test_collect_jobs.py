"""POST /v1/jobs with {"urls": [...]} against the local 年报 column: the job collects what `nianbao collect` collects
(same rows, same codes, nothing fetched twice, the trap never reached), the allow-list is the server's alone, the
body is bounded (422 in Chinese), the job page shows each URL with its status, and a server killed in the middle of
a collection is resumed by the next one without a row lost or doubled."""
from __future__ import annotations

import io
import json
import os
import signal
import time

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from service.app import create_app
from service.collections.collect.run import Collect, Options
from tests.collect.conftest import SETTINGS

CODES = {"/nb/notice.html": "NOT_A_REPORT", "/nb/training.html": "NOT_A_REPORT", "/private/2020.html": "ROBOTS",
         "/go/2019.html": "FETCH_REFUSED", "/meta/2018.html": "FETCH_REFUSED", "/slow/2016.txt": "FETCH_TIMEOUT",
         "/big/2015.txt": "TOO_LARGE"}


def _app_settings(tmp_path, allow: list[str], **changes):
    return SETTINGS.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'jobs.db'}",
                                       "uploads_dir": tmp_path / "uploads", "fetch_allow": allow, **changes})


@pytest.fixture()
def served(sites, pool, tmp_path):
    """The column on a local site, and a service whose allow-list (server settings) names that site only."""
    site, trap, layout = sites
    with TestClient(create_app(_app_settings(tmp_path, [site.host]), pool=pool)) as client:
        yield client, site, trap, layout


def _finish(client, job_id: str, seconds: float = 120) -> dict:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        status = client.get(f"/v1/jobs/{job_id}").json()
        if status["status"] in ("done", "failed"):
            return status
        time.sleep(0.05)
    raise AssertionError(status)


def _rows(client, job_id: str) -> list[dict]:
    return [json.loads(line) for line in client.get(f"/v1/jobs/{job_id}/results").text.splitlines()]


def _outcomes(rows: list[dict]) -> dict[str, object]:
    """url -> error code, or (year, agency) of its result."""
    return {r["url"]: r["error"]["code"] if "error" in r else
            (r["result"]["report"]["year"], r["result"]["report"]["agency"]["name"]) for r in rows}


def test_a_url_job_collects_what_the_cli_collects(served, pool, tmp_path):
    client, site, trap, layout = served
    answer = client.post("/v1/jobs", json={"urls": [site.url("/nb/index.html")]})
    assert answer.status_code == 202, answer.text
    assert answer.json()["kind"] == "urls" and answer.headers["location"] == f"/v1/jobs/{answer.json()['id']}"
    job_id = answer.json()["id"]
    status = _finish(client, job_id)
    rows = _rows(client, job_id)
    assert len({r["url"] for r in rows}) == len(rows) == status["total"], "one row per URL"
    assert {r["url"] for r in rows if "result" in r} == {site.url(p) for p in layout["reports"]}
    assert status["status"] == "done" and status["done"] == len(layout["reports"]) and not status["collecting"]
    for path in layout["reports"]:
        assert site.hits[path] == 1, f"{path} fetched once"
    codes = {r["url"]: r["error"]["code"] for r in rows if "error" in r}
    assert codes == {**{site.url(p): c for p, c in CODES.items()}, trap.url("/2017.pdf"): "FETCH_REFUSED"}
    assert sum(trap.hits.values()) == 0 and site.hits["/private/2020.html"] == 0
    by_url = {r["url"]: r for r in rows}
    assert by_url[site.url("/files/P020230120.pdf")]["page"] == site.url("/nb/2022.html")
    assert all(r["fetched_at"] and r["title"] for r in rows)
    (source,) = status["urls"]
    assert (source["url"], source["status"]) == (site.url("/nb/index.html"), "done")
    assert source["fetched"] == 6 and source["refused"] == 4 and source["pages"] >= 2

    # the CLI on the same site: the same rows (keys, outcomes, agency and year of each report)
    out = tmp_path / "cli.jsonl"
    Collect([site.url("/nb/index.html")], out, pool, SETTINGS, Options(allow=(site.host,))).run()
    cli = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert _outcomes(cli) == _outcomes(rows)
    assert {tuple(sorted(r)) for r in cli} == {tuple(sorted(r)) for r in rows}
    assert {r["url"]: r["sha256"] for r in cli} == {r["url"]: r["sha256"] for r in rows}

    # results, exports, audit and stored reports work on it unchanged
    stored = client.get(f"/v1/reports/{by_url[site.url('/nb/2023.html')]['id']}")
    assert stored.status_code == 200 and stored.json() == by_url[site.url("/nb/2023.html")]["result"]
    book = load_workbook(io.BytesIO(client.get(f"/v1/jobs/{job_id}/results", params={"format": "xlsx"}).content))
    assert book["报告"].max_row - 1 == len(layout["reports"]) and book["出错文件"].max_row - 1 == len(codes)
    audit = client.get(f"/v1/jobs/{job_id}/audit")
    assert audit.status_code == 200 and "findings" in audit.json()


def test_the_job_page_shows_each_url_with_its_status(served):
    client, site, trap, _layout = served
    job_id = client.post("/v1/jobs", json={"urls": [site.url("/nb/index.html")]}).json()["id"]
    status = _finish(client, job_id)
    page = client.get(f"/jobs/{job_id}")
    assert page.status_code == 200
    html = page.text
    assert "采集的网址" in html and site.url("/nb/index.html") in html and "采集完成" in html
    assert f'href="{site.url("/nb/2023.html")}"' in html and "已下载" in html
    assert "已拒绝（ROBOTS）" in html and "已拒绝（FETCH_REFUSED）" in html
    assert "下载失败（FETCH_TIMEOUT）" in html and "未下载（NOT_A_REPORT）" in html
    live = client.get(f"/jobs/{job_id}", params={"format": "json"}).json()
    assert live["collecting"] is False and live["urls"][0]["status"] == "done"
    states = {item["url"]: item["url_status"] for item in live["items"]}
    assert states[site.url("/nb/2023.html")] == "已下载" and states[trap.url("/2017.pdf")] == "已拒绝（FETCH_REFUSED）"
    assert len(states) == status["total"] == 13
    fragment = client.get(f"/jobs/{job_id}", params={"format": "rows"}).text
    assert 'id="rows"' in fragment and 'id="sources"' in fragment


def test_a_body_cannot_widen_the_allow_list(served):
    client, site, trap, _layout = served
    trap.routes["/nb/index.html"] = site.routes["/nb/index.html"]
    widened = client.post("/v1/jobs", json={"urls": [trap.url("/nb/index.html")], "allow_host": [trap.host]})
    assert widened.status_code == 422 and widened.json()["error"]["code"] == "INVALID_REQUEST"
    assert "allow_host" in widened.json()["error"]["message"] and "不接受该字段" in widened.json()["error"]["message"]
    job_id = client.post("/v1/jobs", json={"urls": [trap.url("/nb/index.html"), trap.url("/2017.pdf")]}).json()["id"]
    status = _finish(client, job_id)
    rows = _rows(client, job_id)
    assert [r["error"]["code"] for r in rows] == ["FETCH_REFUSED", "FETCH_REFUSED"] and status["status"] == "failed"
    assert sum(trap.hits.values()) == 0, "the trap server received no request"


@pytest.mark.parametrize(("body", "where"), [
    ({"urls": []}, "urls"),
    ({"urls": [f"http://a{i}.example.gov.cn/" for i in range(51)]}, "urls"),
    ({"urls": ["ftp://example.gov.cn/nb/"]}, "urls"),
    ({"urls": ["http://user:secret@example.gov.cn/nb/"]}, "urls"),
    ({"urls": ["http://example.gov.cn:99999/"]}, "urls"),
    ({"urls": ["http://example.gov.cn/"], "year": 1999}, "year"),
    ({"urls": ["http://example.gov.cn/"], "max_docs": 0}, "max_docs"),
    ({"urls": ["http://example.gov.cn/"], "max_docs": 2001}, "max_docs"),
    ({"url": "http://example.gov.cn/"}, "url"),
    ("not json", "body"),
])
def test_bounded_bodies_are_422_in_chinese(served, body, where):
    client, _site, _trap, _layout = served
    answer = (client.post("/v1/jobs", content=body, headers={"content-type": "application/json"})
              if isinstance(body, str) else client.post("/v1/jobs", json=body))
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["code"] == "INVALID_REQUEST" and where in error["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]), error["message"]
    assert client.get("/v1/jobs/nonexistent").status_code == 404


def test_max_docs_and_year_bound_the_job(served):
    client, site, _trap, _layout = served
    job_id = client.post("/v1/jobs", json={"urls": [site.url("/nb/index.html")], "max_docs": 2}).json()["id"]
    _finish(client, job_id)
    assert sum(r["sha256"] is not None for r in _rows(client, job_id)) == 2
    site.hits.clear()
    job_id = client.post("/v1/jobs", json={"urls": [site.url("/nb/index.html")], "year": 2022}).json()["id"]
    _finish(client, job_id)
    fetched = {r["url"] for r in _rows(client, job_id) if r["sha256"]}
    assert fetched == {site.url("/files/P020230120.pdf")}, "only the link titled 2022 (its attachment)"
    assert site.hits["/nb/2023.html"] == site.hits["/nb/2014.txt"] == 0


def test_only_allowed_refuses_other_sites_before_any_lookup(sites, pool, tmp_path):
    site, trap, _layout = sites
    settings = _app_settings(tmp_path, [site.host], fetch_only_allowed=True)
    with TestClient(create_app(settings, pool=pool)) as client:
        job_id = client.post("/v1/jobs", json={"urls": ["http://nianbao-test.invalid/nb/", trap.url("/2017.pdf"),
                                                        site.url("/nb/2023.html")]}).json()["id"]
        _finish(client, job_id)
        rows = _rows(client, job_id)
    assert [r.get("error", {}).get("code") for r in rows] == ["FETCH_REFUSED", "FETCH_REFUSED", None]
    assert "NIANBAO_FETCH_ALLOW" in rows[0]["error"]["message"], "refused by the setting, not by a failed lookup"


def test_a_server_killed_mid_collection_is_resumed_without_loss_or_doubles(sites, tmp_path):
    from benchmarks.jobs_kill import _get, free_port, start_server, stop, wait_finished

    site, trap, layout = sites
    env = {**os.environ, "NIANBAO_DATABASE_URL": f"sqlite:///{tmp_path / 'jobs.db'}",
           "NIANBAO_UPLOADS_DIR": str(tmp_path / "uploads"), "NIANBAO_USE_MODELS": "false",
           "NIANBAO_FETCH_ALLOW": site.host, "NIANBAO_FETCH_RATE": "4", "NIANBAO_FETCH_READ_TIMEOUT": "1",
           "NIANBAO_FETCH_TOTAL_TIMEOUT": "3", "NIANBAO_MAX_BYTES": str(SETTINGS.max_bytes), "NIANBAO_WORKERS": "1"}
    port, log = free_port(), tmp_path / "server.log"
    proc = start_server(port, env, log)
    try:
        import urllib.request

        req = urllib.request.Request(f"http://127.0.0.1:{port}/v1/jobs", method="POST",
                                     data=json.dumps({"urls": [site.url("/nb/index.html")]}).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as answer:
            job_id = json.loads(answer.read())["id"]
        end = time.monotonic() + 60
        before = {}
        while time.monotonic() < end:
            before = json.loads(_get(f"http://127.0.0.1:{port}/v1/jobs/{job_id}"))
            if before["total"] >= 3:
                break
            time.sleep(0.02)
    finally:
        stop(proc, signal.SIGKILL)
    assert before["collecting"] and 3 <= before["total"] < 13, before
    proc = start_server(free_port(), env, log)
    port = proc.args[proc.args.index("--port") + 1]
    try:
        status = wait_finished(port, job_id, 120)
        rows = [json.loads(x) for x in _get(f"http://127.0.0.1:{port}/v1/jobs/{job_id}/results").splitlines()]
    finally:
        stop(proc)
    urls = [r["url"] for r in rows]
    assert status["status"] == "done" and len(urls) == len(set(urls)) == 13, (status, urls)
    assert {r["url"] for r in rows if "result" in r} == {site.url(p) for p in layout["reports"]}
    assert {r["url"]: r["error"]["code"] for r in rows if "error" in r} == \
        {**{site.url(p): c for p, c in CODES.items()}, trap.url("/2017.pdf"): "FETCH_REFUSED"}
    print("killed with", {k: before[k] for k in ("total", "done", "failed")}, "resumed to", {k: status[k] for k in ("status", "total", "done", "failed")}, "report fetches", sum(site.hits[p] for p in layout["reports"]))
    # at most the one document in flight at the kill was fetched twice
    assert sum(site.hits[p] for p in layout["reports"]) <= len(layout["reports"]) + 1
    assert sum(trap.hits.values()) == 0


@pytest.mark.parametrize("store", ["sqlite", "postgresql"])
def test_a_second_server_never_takes_a_live_collection(sites, pool, tmp_path, store):
    from service.collections.jobs import JobRunner
    from service.store import Job, make_engine, make_sessionmaker, upgrade
    from tests.fixtures.postgres import store_url

    site, _trap, layout = sites
    settings = _app_settings(tmp_path, [site.host], fetch_rate=5.0, job_lease_seconds=3.0,
                             database_url=store_url(store, tmp_path))
    engine = make_engine(settings.database_url)
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    first = JobRunner(settings, sessions, pool)
    second = JobRunner(settings, sessions, pool)
    try:
        job_id = first.submit_urls([site.url("/nb/index.html")])
        end = time.monotonic() + 30
        while not first.collector.busy and time.monotonic() < end:
            time.sleep(0.01)
        second.resume()
        owners = set()
        while first.collector.busy:  # ~3 s at 5 requests a second: longer than the lease, renewed by its heartbeat
            with sessions() as session:
                owners.add(session.get(Job, job_id).collect_owner)
            assert second.collector.job_id is None
            time.sleep(0.1)
        end = time.monotonic() + 60
        while first.status(job_id)["status"] not in ("done", "failed") and time.monotonic() < end:
            time.sleep(0.05)
        rows = list(first.results(job_id))
    finally:
        second.close()
        first.close()
        engine.dispose()
    assert owners - {None} == {first.owner}, "the live server kept its collection (None: it had ended)"
    assert len({r["url"] for r in rows}) == len(rows) == 13
    assert {r["url"] for r in rows if "result" in r} == {site.url(p) for p in layout["reports"]}
