"""Exports of a batch with a garbage file: the workbook's sheets, agencies, failing checks and error rows; the long
CSV (UTF-8 with BOM) and typed Parquet; hooks for extra columns and sheets; text that looks like a formula."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from service.base.jsonl import iter_rows
from service.base.settings import Settings
from service.cli import app
from service.collections.batch import Batch
from service.collections.export import LONG_COLUMNS, Column, ExportHooks, Sheet, export
from service.runtime.workers import WorkerPool
from tests.fixtures.corpus import write_reports

SETTINGS = Settings(use_models=False)
runner = CliRunner()


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    files = write_reports(folder / "in", 6, seed=11, garbage=True)
    out = folder / "results.jsonl"
    with WorkerPool(1, SETTINGS) as pool:
        Batch(files, out, pool, SETTINGS).run()
    return out


def _sheet(book, title):
    return [list(r) for r in book[title].iter_rows(values_only=True)]


def test_workbook_has_the_sheets_agencies_and_failing_checks(results, tmp_path):
    out = tmp_path / "结果.xlsx"
    done = runner.invoke(app, ["export", str(results), "-o", str(out)])
    assert done.exit_code == 0, done.output
    rows = list(iter_rows(results))
    book = load_workbook(out)
    assert book.sheetnames[:4] == ["报告", "核对问题", "表格数据", "出错文件"]
    reports = _sheet(book, "报告")
    assert reports[0][:4] == ["文件", "报告编号", "机关", "年度"]
    agencies = {r["result"]["report"]["agency"]["name"] for r in rows if "result" in r}
    assert {r[2] for r in reports[1:]} == agencies
    failing = {c["message"] for r in rows if "result" in r for c in r["result"]["checks"] if c["status"] == "fail"}
    assert failing, "the generated batch has failing checks"
    assert failing <= {r[6] for r in _sheet(book, "核对问题")[1:]}
    errors = _sheet(book, "出错文件")
    assert [(e[0].rsplit("/", 1)[1], e[1]) for e in errors[1:]] == [("garbage.bin", "UNDECODABLE")]
    cells = sum(len(t["cells"]) for r in rows if "result" in r for t in r["result"]["tables"].values() if t)
    assert len(_sheet(book, "表格数据")) == cells + 1
    for title in book.sheetnames:
        assert book[title].freeze_panes == "A2"
        assert book[title].auto_filter.ref.startswith("A1:")


def test_csv_is_the_long_table_with_a_bom(results, tmp_path):
    out = tmp_path / "cells.csv"
    assert runner.invoke(app, ["export", str(results), "-o", str(out)]).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == LONG_COLUMNS
    first = next(r for r in iter_rows(results) if "result" in r)
    cells = first["result"]["tables"]["applications"]["cells"]
    got = {(t[4], t[5]): t[6] for t in table[1:] if t[0] == first["file"] and t[3] == "applications"}
    assert got[("new_received", "total")] == str(cells["new_received.total"])
    assert not [t for t in table[1:] if t[0].endswith("garbage.bin")]


def test_parquet_has_typed_columns(results, tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "cells.parquet"
    n = export(results, out)
    table = pq.read_table(out)
    assert table.num_rows == n > 0
    assert table.column_names == LONG_COLUMNS
    assert str(table.schema.field("year").type) == "int32"
    assert str(table.schema.field("value").type) == "double"


def test_hooks_add_columns_and_sheets(results, tmp_path):
    out = tmp_path / "hooked.xlsx"
    hooks = ExportHooks(check_columns=[Column("审核结论", 10, lambda rid, check: f"{rid[:4]}-{check['id'][:3]}")],
                        sheets=[Sheet("跨年核对", [("机关", 30), ("说明", 40)], lambda: [["某局", "示例"]])])
    export(results, out, hooks)
    book = load_workbook(out)
    checks = _sheet(book, "核对问题")
    assert checks[0][-1] == "审核结论" and all(r[-1] and r[-1].startswith(r[1][:4]) for r in checks[1:])
    assert _sheet(book, "跨年核对") == [["机关", "说明"], ["某局", "示例"]]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_formula_looking_text_stays_text(tmp_path, suffix):
    rows = [{"file": "=HYPERLINK(\"x\")", "sha256": None, "id": None, "result": {
        "report": {"agency": {"name": "=1+1"}, "year": 2023},
        "tables": {"applications": {"cells": {"new_received.total": 3}}}, "checks": []}}]
    out = tmp_path / f"x{suffix}"
    export(rows, out)
    if suffix == ".csv":
        assert "'=1+1" in out.read_text(encoding="utf-8-sig")
    else:
        assert _sheet(load_workbook(out), "报告")[1][2] == "=1+1"


def test_unknown_suffix_is_a_usage_error(results, tmp_path):
    done = runner.invoke(app, ["export", str(results), "-o", str(tmp_path / "x.pdf")])
    assert done.exit_code == 2
    assert "不支持的导出格式" in done.output


def test_the_long_table_says_how_each_cell_was_read_and_what_a_doubtful_one_may_hold(tmp_path):
    from service.collections.export.rows import cell_rows

    result = {"report": {"agency": {"name": "某局"}, "year": 2024}, "tables": {"applications": {
        "cells": {"granted.total": None, "partially_granted.total": 1, "carried_over.total": 0, "other.total": None},
        "provenance": {"granted.total": "unread", "partially_granted.total": "ocr"},
        "readings": {"granted.total": [1, 7], "partially_granted.total": [1, 7]}}}}
    got = {(r[4], r[7], r[8]) for r in cell_rows({"file": "a.txt", "result": result})}
    assert got == {("granted", "unread", "1|7"), ("partially_granted", "ocr", "1|7"), ("carried_over", "read", ""),
                   ("other", "", "")}
    out = tmp_path / "cells.csv"
    export([{"file": "a.txt", "result": result}], out)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert "how,readings" in lines[0] and any(",unread,1|7," in line for line in lines)
