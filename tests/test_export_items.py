"""Part 五's items in the exports (issue 17, item 6): the workbook's 问题与改进 sheet and the long table's item rows
carry each item's text, its pair in the other list and its span into document.text."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from service.base.settings import Settings
from service.collections.export import LONG_COLUMNS, export
from service.collections.export.xlsx import ITEM_COLUMNS
from service.core.pipeline import Pipeline

PART_FIVE = ("五、存在的主要问题及改进情况\n\n"
             "一是栏目巡检不够经常。针对这一问题，我局将建立栏目按月巡检台账。"
             "二是解读形式比较单一。对此，将增加图表和问答式解读。\n\n")


def _report() -> str:
    """The formats' sample report (tables included) with a part 五 whose measures follow their own problems."""
    from training.formats.render import to_text
    from training.formats.report import report

    text = to_text(report())
    start, end = text.index("五、存在的主要问题"), text.index("六、其他需要报告的事项")
    return text[:start] + PART_FIVE + text[end:]


@pytest.fixture(scope="module")
def rows():
    result = Pipeline(Settings(use_models=False)).run(_report()).model_dump(mode="json")
    assert [p["pair"] for p in result["problems"]] == [0, 1], result["problems"]
    return [{"file": "自然资源局.txt", "id": "r1", "result": result},
            {"file": "坏文件.bin", "error": {"code": "UNDECODABLE", "message": "无法识别"}}]


def test_the_workbook_lists_each_item_with_its_pair_and_evidence(rows, tmp_path):
    out = tmp_path / "审核.xlsx"
    export(rows, out)
    book = load_workbook(out)
    assert book.sheetnames[:5] == ["报告", "核对问题", "表格数据", "出错文件", "问题与改进"]
    ws = book["问题与改进"]
    table = [list(r) for r in ws.iter_rows(values_only=True)]
    assert table[0] == [h for h, _w in ITEM_COLUMNS]
    assert table[0][:4] == [c.value for c in book["报告"][1]][:4]  # the same headers as the report sheet
    text = rows[0]["result"]["document"]["text"]
    got = [(r[4], r[5], r[7]) for r in table[1:]]
    assert got == [("问题", 1, "改进第 1 条"), ("问题", 2, "改进第 2 条"), ("改进", 1, "问题第 1 条"),
                   ("改进", 2, "问题第 2 条")]
    for r in table[1:]:
        start, end = map(int, r[8].split("–"))
        assert text[start:end] == r[6] and r[6]  # the item is its own evidence, at its span
        assert r[:4] == ["自然资源局.txt", "r1", "青禾县自然资源局", 2023]
    assert "栏目巡检不够经常" in table[1][6] and "按月巡检台账" in table[3][6]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:I{len(table)}"
    assert ws.column_dimensions["G"].width >= 60  # the item's text has room


def test_the_long_table_has_a_row_per_item(rows, tmp_path):
    out = tmp_path / "cells.csv"
    export(rows, out)
    table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert list(table[0]) == LONG_COLUMNS
    items = [r for r in table if r["table"] in ("problems", "improvements")]
    assert [(r["table"], r["row"], r["pair"]) for r in items] == [
        ("problems", "0", "0"), ("problems", "1", "1"), ("improvements", "0", "0"), ("improvements", "1", "1")]
    text = rows[0]["result"]["document"]["text"]
    assert all(text[int(r["start"]):int(r["end"])] == r["text"] for r in items)
    assert all(r["value"] == "" and r["column"] == "" for r in items)
    cells = [r for r in table if r["table"] == "applications" and r["value"]]
    assert cells
    assert all(r["text"] == "" and r["pair"] == "" for r in table if r["table"] not in ("problems", "improvements"))
    assert all(r["start"] and int(r["start"]) < int(r["end"]) for r in cells)  # a read cell has its evidence


def test_parquet_types_the_new_columns(rows, tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "cells.parquet"
    export(rows, out)
    table = pq.read_table(out)
    assert table.column_names == LONG_COLUMNS
    assert str(table.schema.field("pair").type) == "int32" and str(table.schema.field("start").type) == "int64"
    data = table.to_pylist()
    assert [r["pair"] for r in data if r["table"] == "improvements"] == [0, 1]
    assert all(r["pair"] is None for r in data if r["table"] not in ("problems", "improvements"))


def test_unpaired_items_and_characters_excel_refuses(tmp_path):
    result = {"report": {"agency": {"name": "某局"}, "year": 2024}, "document": {"text": ""},
              "problems": [{"text": "公开栏\x0b更新\x1f不及时", "span": [0, 9], "pair": None}],
              "improvements": [{"text": "=加强巡检", "span": [10, 15]}], "checks": [], "tables": {}}
    out = tmp_path / "x.xlsx"
    export([{"file": "a.txt", "id": None, "result": result}], out)
    table = [list(r) for r in load_workbook(out)["问题与改进"].iter_rows(values_only=True)]
    assert table[1][6] == "公开栏更新不及时" and table[1][7] is None  # control characters dropped, no pair
    assert table[2][6] == "=加强巡检"  # text that looks like a formula stays text
