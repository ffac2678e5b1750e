"""The batch: input order, resume by content hash + pipeline version, torn lines repaired, one row per file, error
rows for unreadable/oversized/timed-out files, and a SIGKILLed run completed by a re-run."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from benchmarks import batch_kill
from service.base.settings import Settings
from service.base.version import current_version, report_id
from service.collections.batch import Batch, UsageError, collect
from service.runtime.workers import WorkerPool
from tests.fixtures.corpus import write_reports

SETTINGS = Settings(use_models=False)


@pytest.fixture(scope="module")
def pool():
    with WorkerPool(2, SETTINGS) as p:
        yield p


def _run(files, out, pool, settings=SETTINGS, **kw):
    return Batch(files, out, pool, settings, **kw).run()


def _rows(out: Path) -> list[dict]:
    lines = out.read_bytes().split(b"\n")
    assert lines[-1] == b"", "the file ends with a whole line"
    return [json.loads(line) for line in lines[:-1]]


def test_rows_in_input_order_with_ids_and_errors(tmp_path, pool):
    files = write_reports(tmp_path / "in", 6, garbage=True)
    out = tmp_path / "out.jsonl"
    summary = _run(files, out, pool)
    rows = _rows(out)
    assert [r["file"] for r in rows] == [str(p) for p in files]
    assert (summary.processed, summary.failed) == (7, 1)
    assert rows[0]["error"]["code"] == "UNDECODABLE"
    version = current_version(SETTINGS)
    for row, path in zip(rows[1:], files[1:]):
        assert row["sha256"] == _sha(path)
        assert row["id"] == report_id(row["sha256"], version)
        assert row["result"]["document"]["text"]


@pytest.mark.parametrize("tail", [b'{"file": "torn', b"", b'{"file": "x", "res'])
def test_rerun_skips_done_and_repairs_a_torn_line(tmp_path, pool, tail):
    files = write_reports(tmp_path / "in", 5)
    out = tmp_path / "out.jsonl"
    _run(files[:3], out, pool)
    with out.open("ab") as fh:
        fh.write(tail)
    summary = _run(files, out, pool)
    assert (summary.skipped, summary.processed) == (3, 2)
    assert [r["file"] for r in _rows(out)] == [str(p) for p in files]


def test_changed_file_is_redone_and_replaces_its_row(tmp_path, pool):
    files = write_reports(tmp_path / "in", 3)
    out = tmp_path / "out.jsonl"
    _run(files, out, pool)
    files[1].write_text(files[1].read_text(encoding="utf-8") + "\n附：补充说明。\n", encoding="utf-8")
    summary = _run(files, out, pool)
    rows = _rows(out)
    assert (summary.skipped, summary.processed) == (2, 1)
    assert sorted(r["file"] for r in rows) == sorted(str(p) for p in files)
    assert {r["sha256"] for r in rows if r["file"] == str(files[1])} == {_sha(files[1])}


def test_new_pipeline_version_redoes_everything(tmp_path, pool):
    files = write_reports(tmp_path / "in", 2)
    out = tmp_path / "out.jsonl"
    _run(files, out, pool)
    other = Settings(use_models=True)  # another pipeline version (models on): nothing can be reused
    assert current_version(other) != current_version(SETTINGS)
    assert _run(files, out, pool, other).processed == 2
    assert len(_rows(out)) == 2


@pytest.mark.parametrize(("make", "code"), [
    (lambda p: p, "READ_ERROR"),  # vanished between listing and reading
    (lambda p: (p.write_bytes(b"x" * 2048), p)[1], "TOO_LARGE"),
])
def test_unreadable_and_oversized_files_are_error_rows(tmp_path, pool, make, code):
    path = make(tmp_path / "f.txt")
    out = tmp_path / "out.jsonl"
    _run([path], out, pool, Settings(use_models=False, max_bytes=1024))
    assert _rows(out)[0]["error"]["code"] == code


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied_is_an_error_row(tmp_path, pool):
    path = tmp_path / "secret.txt"
    path.write_text("内容", encoding="utf-8")
    path.chmod(0)
    out = tmp_path / "out.jsonl"
    _run([path], out, pool)
    assert _rows(out)[0]["error"]["code"] == "READ_ERROR"


def test_deadline_gives_a_timeout_row(tmp_path):
    files = write_reports(tmp_path / "in", 2)
    slow = tmp_path / "in" / "slow.txt"
    text = files[0].read_text(encoding="utf-8")
    slow.write_text(text * (950_000 // len(text)), encoding="utf-8")  # over a second of work, under max_text_chars
    out = tmp_path / "out.jsonl"
    # a normal report takes ~15 ms without models, the slow one ~1.4 s on an idle core: 0.4 s parts them on any load
    settings = Settings(use_models=False, max_seconds=0.4)
    with WorkerPool(1, settings) as quick:
        _run([files[0], slow, files[1]], out, quick, settings)
    assert ["error" in r and r["error"]["code"] for r in _rows(out)] == [False, "TIMEOUT", False]


def test_collect_orders_and_rejects_missing(tmp_path):
    write_reports(tmp_path / "in", 3)
    (tmp_path / "in" / ".hidden.txt").write_text("x")
    single = tmp_path / "in" / "r001.txt"
    got = collect([tmp_path / "in", single], "*.txt")
    assert [p.name for p in got] == ["r000.txt", "r001.txt", "r002.txt"]
    with pytest.raises(UsageError):
        collect([tmp_path / "nope"])


def test_sigkilled_batch_rerun_holds_every_file_once(tmp_path):
    figures = batch_kill.run(n=150, use_models=False, workdir=tmp_path, kill_at=10)
    assert 10 <= figures["rows_before_kill"] < 150, figures
    assert figures["every_file_once"] and figures["all_results"] and figures["ends_with_newline"], figures
    assert figures["rows_after"] == figures["distinct_files"] == 150


def _sha(path: Path) -> str:
    from service.collections.batch import file_hash

    return file_hash(path)


def test_output_inside_the_input_folder_is_not_an_input(tmp_path, monkeypatch):
    from service.collections.batch import main

    write_reports(tmp_path, 2)
    monkeypatch.chdir(tmp_path)
    summary = main([Path(".")], Path("results.jsonl"), workers=1, settings=SETTINGS)
    again = main([Path(".")], Path("results.jsonl"), workers=1, settings=SETTINGS)
    assert (summary.processed, again.total, again.skipped) == (2, 2, 2)
    with pytest.raises(UsageError):
        main([tmp_path / "empty-dir-missing"], Path("x.jsonl"), settings=SETTINGS)
