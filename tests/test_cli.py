"""The CLI as a batch script uses it: extract (file and stdin), batch with per-file errors, exit codes."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from service.cli import app
from tests.fixtures.tables_text import report, tab_rows

runner = CliRunner()
REPORT = report(tab_rows())


def test_extract_file_prints_contract_json(tmp_path, pipeline):
    path = tmp_path / "报告.txt"
    path.write_bytes(REPORT.encode("gb18030"))
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["document"]["encoding"] == "gb18030"
    assert body["tables"]["applications"]["cells"]["total_processed.total"] == 6


def test_extract_stdin(pipeline):
    result = runner.invoke(app, ["extract", "-"], input=REPORT.encode("utf-8"))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["report"]["year"] == 2024


def test_extract_bad_input_exits_2_with_json_error(tmp_path, pipeline):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 2
    assert json.loads(result.stdout.splitlines()[0])["error"]["code"] == "EMPTY_INPUT"


def test_missing_file_is_a_clear_message(pipeline):
    result = runner.invoke(app, ["extract", "/no/such/报告.txt"])
    assert result.exit_code == 1
    assert "找不到文件" in result.output


def test_batch_records_errors_and_goes_on(tmp_path, pipeline):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_bytes(b"")
    (tmp_path / "in" / "c.txt").write_bytes(b"\x00\x01\x02" * 100)
    out = tmp_path / "results.jsonl"
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["file"].rsplit("/", 1)[1] for r in rows] == ["a.txt", "b.txt", "c.txt"]
    assert rows[0]["result"]["tables"]["applications"]["cells"]["new_received.total"] == 6
    assert rows[1]["error"]["code"] == "EMPTY_INPUT"
    assert "error" in rows[2]


def test_help_teaches_in_chinese():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "nianbao extract" in result.output and "batch" in result.output


def test_bench_runs_from_any_directory(tmp_path, monkeypatch, pipeline):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["bench", "--synthetic", "2", "--repeat", "1", "--seeds-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "synthetic reports" in result.output and "peak resident memory" in result.output
