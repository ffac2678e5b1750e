"""The jobs API through TestClient: 202 on multipart files or a zip, bounded uploads answered with JSON errors,
progress, JSON-lines results with stored report ids, exports, and 404s."""
from __future__ import annotations

import io
import json
import time
import zipfile

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from service.app import create_app
from service.base.settings import Settings
from tests.fixtures.corpus import GARBAGE, report_texts


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    root = tmp_path_factory.mktemp("jobs-api")
    settings = Settings(use_models=False, workers=1, database_url=f"sqlite:///{root / 'api.db'}",
                        uploads_dir=root / "uploads", max_job_files=5, max_bytes=200_000)
    with TestClient(create_app(settings)) as c:
        yield c


def _zip(entries: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def _finish(client, job_id: str) -> dict:
    for _ in range(600):
        status = client.get(f"/v1/jobs/{job_id}").json()
        if status["status"] in ("done", "failed"):
            return status
        time.sleep(0.05)
    raise AssertionError(status)


TEXTS = [t.encode("utf-8") for t in report_texts(3, seed=21)]


@pytest.mark.parametrize("files", [
    [("file", ("a.txt", TEXTS[0])), ("file", ("b.txt", TEXTS[1])), ("file", ("bad.bin", GARBAGE))],
    [("file", ("batch.zip", _zip({"a.txt": TEXTS[0], "sub/b.txt": TEXTS[1], "bad.bin": GARBAGE,
                                   "__MACOSX/._a.txt": b"x"})))],
])
def test_submit_follow_and_read_results(client, files):
    r = client.post("/v1/jobs", files=files)
    assert r.status_code == 202, r.text
    body = r.json()
    assert body["status"] == "queued" and body["total"] == 3
    status = _finish(client, body["id"])
    assert (status["status"], status["done"], status["failed"]) == ("done", 2, 1)
    rows = [json.loads(line) for line in client.get(f"/v1/jobs/{body['id']}/results").text.splitlines()]
    assert [r["file"].rsplit("/", 1)[-1] for r in rows] == ["a.txt", "b.txt", "bad.bin"]
    assert rows[2]["error"]["code"] == "UNDECODABLE"
    stored = client.get(f"/v1/reports/{rows[0]['id']}")
    assert stored.status_code == 200 and stored.json() == rows[0]["result"]


def test_results_as_exports(client):
    job = client.post("/v1/jobs", files=[("file", ("a.txt", TEXTS[2]))]).json()
    _finish(client, job["id"])
    xlsx = client.get(f"/v1/jobs/{job['id']}/results", params={"format": "xlsx"})
    assert xlsx.status_code == 200
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames[:4] == ["报告", "核对问题", "表格数据", "出错文件"]
    csv = client.get(f"/v1/jobs/{job['id']}/results", params={"format": "csv"})
    assert csv.content.startswith(b"\xef\xbb\xbf") and csv.text.lstrip("\ufeff").startswith("file,agency,year")


@pytest.mark.parametrize(("kwargs", "status", "code"), [
    ({"files": [("file", (f"{i}.txt", b"x")) for i in range(6)]}, 413, "TOO_MANY_FILES"),
    ({"files": [("file", ("z.zip", _zip({f"{i}.txt": b"x" for i in range(6)})))]}, 413, "TOO_MANY_FILES"),
    ({"files": [("file", ("bomb.zip", _zip({"a.txt": b"0" * 150_000})))]}, 413, "TOO_LARGE"),
    ({"files": [("file", ("big.txt", b"x" * 200_001))]}, 413, "TOO_LARGE"),
    ({"files": [("file", ("broken.zip", b"PK\x03\x04" + b"\x00" * 40))]}, 202, None),  # not a zip: one document
    ({"content": b"plain text", "headers": {"content-type": "text/plain"}}, 400, "BAD_REQUEST"),
    ({"files": [("other", ("a.txt", b"x"))]}, 400, "BAD_REQUEST"),
])
def test_bad_submissions_are_json_errors(client, kwargs, status, code):
    r = client.post("/v1/jobs", **kwargs)
    assert r.status_code == status, r.text
    if code:
        assert r.json()["error"]["code"] == code
        assert any("\u4e00" <= ch <= "\u9fff" for ch in r.json()["error"]["message"])


@pytest.mark.parametrize("path", ["/v1/jobs/nope", "/v1/jobs/nope/results", "/v1/reports/nope"])
def test_unknown_ids_are_404_json(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "NOT_FOUND"


def test_healthz_answers_while_a_job_runs(client):
    job = client.post("/v1/jobs", files=[("file", (f"{i}.txt", t)) for i, t in enumerate(TEXTS)]).json()
    started = time.perf_counter()
    assert client.get("/healthz").status_code == 200
    assert time.perf_counter() - started < 1.0
    _finish(client, job["id"])
