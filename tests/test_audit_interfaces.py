"""nianbao audit (JSON on stdout, -o audit.json / audit.xlsx) and GET/POST /v1/jobs/{id}/audit on the store."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from service.app import create_app
from service.base.settings import Settings
from service.cli import app
from service.store import Job, JobItem, StoredDocument, StoredReport, make_engine, make_sessionmaker, upgrade
from tests.audit_helpers import report_row

runner = CliRunner()
A, B = "安平市科学技术局", "安平市教育局"
UNITS_CSV = f"单位名称,别名,上级单位\n{A},安平市科技局,\n{B},,\n"


@pytest.fixture(scope="module")
def rows(pipeline):
    return [report_row(pipeline, A, 2022, forward=(0,) * 6, file="甲_2022.txt"),
            report_row(pipeline, "安平市科技局", 2023, over=(2, 0, 0, 0, 0, 0), file="甲_2023.txt"),
            {"file": "坏.pdf", "sha256": "f" * 64, "error": {"code": "CORRUPT_FILE", "message": "文件已损坏"}}]


@pytest.fixture
def files(tmp_path, rows):
    results = tmp_path / "results.jsonl"
    results.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows) + "{torn", encoding="utf-8")
    units = tmp_path / "units.csv"
    units.write_bytes(UNITS_CSV.encode("gbk"))
    return results, units


def _check_shape(audit: dict) -> None:
    assert {"findings", "missing_units", "duplicates", "unknown_agencies", "groups"} <= set(audit)
    fail = [f for f in audit["findings"] if f["status"] == "fail"]
    assert {f["id"] for f in fail} == {"yoy.carry_over.natural_person", "yoy.carry_over.total"}
    for f in fail:
        assert {"kind", "status", "agency", "years", "files", "cells", "left", "right", "message", "spans"} <= set(f)
        assert f["files"] == ["甲_2022.txt", "甲_2023.txt"] and f["agency"] == A
    assert audit["missing_units"] == [{"unit": B, "year": 2023}]
    assert audit["groups"][0]["agency_key"] == "安平市|科学技术局"


def test_cli_json_to_stdout(files):
    results, units = files
    out = runner.invoke(app, ["audit", str(results), "--units", str(units), "--year", "2023"])
    assert out.exit_code == 0, out.output
    audit = json.loads(out.stdout)
    _check_shape(audit)
    assert {s["file"] for s in audit["skipped"]} == {"坏.pdf", "第4行"}  # the torn last line is named


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_cli_output_file(files, tmp_path, suffix):
    results, units = files
    target = tmp_path / f"audit{suffix}"
    out = runner.invoke(app, ["audit", str(results), "--units", str(units), "--year", "2023", "-o", str(target)])
    assert out.exit_code == 0, out.output
    if suffix == ".json":
        _check_shape(json.loads(target.read_text(encoding="utf-8")))
        return
    book = load_workbook(target)
    assert book.sheetnames == ["跨年核对", "报送情况"]
    cross, cover = book["跨年核对"], book["报送情况"]
    assert [c.value for c in cross[1]][:4] == ["状态", "机构", "上年", "本年"]
    assert cross.freeze_panes == "A2" and cross.auto_filter.ref.startswith("A1:")
    assert cross.column_dimensions["K"].width == 70
    assert {r[6] for r in cross.iter_rows(min_row=2, values_only=True)} == {"yoy.carry_over.natural_person",
                                                                           "yoy.carry_over.total"}
    cover_rows = list(cover.iter_rows(min_row=2, values_only=True))
    assert ("未报送", B, 2023) in {r[:3] for r in cover_rows}
    assert any(r[0] == "未能核对" and r[3] == "坏.pdf" for r in cover_rows)


@pytest.mark.parametrize(("args", "code"), [
    (["--units", "BAD"], 2),  # a units file without the 单位名称 column
    (["-o", "audit.txt"], 1),
])
def test_cli_bad_input(files, tmp_path, args, code):
    results, _ = files
    bad = tmp_path / "BAD"
    bad.write_text("名称\n甲\n", encoding="utf-8")
    args = [str(bad) if a == "BAD" else str(tmp_path / a) if a.endswith(".txt") else a for a in args]
    out = runner.invoke(app, ["audit", str(results), *args])
    assert out.exit_code == code
    if code == 2:
        assert json.loads(out.stdout)["error"]["code"] == "BAD_REQUEST"


@pytest.fixture
def client(tmp_path, rows, pipeline, worker_pool):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'store.db'}", use_models=True)
    engine = make_engine(settings.database_url)
    upgrade(engine)
    with make_sessionmaker(engine)() as session:
        session.add(Job(id="job1", status="done", total=3, done=2, failed=1))
        for seq, row in enumerate(rows):
            session.add(StoredDocument(sha256=row["sha256"], filename=row["file"], size=1, path="-"))
            report_id = None
            if "result" in row:
                report_id = row["id"]
                session.add(StoredReport(id=report_id, sha256=row["sha256"], pipeline_version="t", filename=row["file"],
                                         result=row["result"]))
            session.flush()
            err = row.get("error") or {}
            session.add(JobItem(job_id="job1", seq=seq, filename=row["file"], sha256=row["sha256"],
                                status="done" if report_id else "failed", report_id=report_id,
                                error_code=err.get("code"), error_message=err.get("message")))
        session.commit()
    with TestClient(create_app(settings, pool=worker_pool)) as c:
        yield c


def test_api_audit_with_units(client):
    audit = client.post("/v1/jobs/job1/audit?year=2023", files={"units": ("units.csv", UNITS_CSV.encode("gbk"))})
    assert audit.status_code == 200, audit.text
    _check_shape(audit.json())
    assert [s["file"] for s in audit.json()["skipped"]] == ["坏.pdf"]


def test_api_audit_without_units(client):
    audit = client.get("/v1/jobs/job1/audit").json()
    assert audit["missing_units"] == [] and len(audit["groups"]) == 1
    assert {f["id"] for f in audit["findings"]} == {"yoy.carry_over.natural_person", "yoy.carry_over.total"}
    passes = client.get("/v1/jobs/job1/audit?include_pass=true").json()["findings"]
    assert any(f["status"] == "pass" for f in passes)


@pytest.mark.parametrize(("method", "path", "files", "status", "code"), [
    ("get", "/v1/jobs/nojob/audit", None, 404, "NOT_FOUND"),
    ("post", "/v1/jobs/job1/audit", {"units": ("u.csv", "名称\n甲\n".encode())}, 400, "BAD_REQUEST"),
    ("post", "/v1/jobs/job1/audit", {"units": ("u.csv", b"\xff\xfe\x00\xd8")}, 400, "BAD_REQUEST"),
    ("get", "/v1/jobs/job1/audit?year=abc", None, 422, "INVALID_REQUEST"),
])
def test_api_errors(client, method, path, files, status, code):
    response = getattr(client, method)(path, files=files) if files else getattr(client, method)(path)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_api_audit_of_unfinished_job_warns(client, rows):
    """Reports still queued are not in the audit: the answer says so rather than presenting a complete list."""
    class Running:
        def status(self, job_id):
            return {"id": job_id, "status": "running", "total": 5, "done": 2, "failed": 1} if job_id == "j" else None

        def results(self, job_id):
            return iter(rows)

    real = client.app.state.jobs
    client.app.state.jobs = Running()
    try:
        audit = client.get("/v1/jobs/j/audit").json()
    finally:
        client.app.state.jobs = real
    assert audit["job"]["status"] == "running" and "3/5" in audit["warnings"][0]
    assert {f["id"] for f in audit["findings"]} == {"yoy.carry_over.natural_person", "yoy.carry_over.total"}


def test_export_workbook_gains_audit_sheets(files, tmp_path):
    results, units = files
    target = tmp_path / "export.xlsx"
    out = runner.invoke(app, ["export", str(results), "-o", str(target), "--audit", "--units", str(units)])
    assert out.exit_code == 0, out.output
    book = load_workbook(target, read_only=True)
    assert book.sheetnames[-2:] == ["跨年核对", "报送情况"]
    rows = list(book["报送情况"].iter_rows(min_row=2, values_only=True))
    assert ("未报送", B) in {r[:2] for r in rows}
