"""Findings: the two labels (the report's own inconsistency vs the tool's doubt), grouping, numbering, cell names."""
from __future__ import annotations

import pytest

from service.web.findings import (INCONSISTENT, NEEDS_REVIEW, cell_label, doubtful_cells, finding_label, findings_of,
                                  weighed)

CELL = "applications.granted.total"


def _result(ocr=False, warnings=(), provenance=None):
    table = {"cells": {"granted.total": 4, "total_processed.total": 3}}
    if provenance is not None:
        table["provenance"] = provenance
    return {"document": {"ocr": ocr}, "warnings": list(warnings), "tables": {"applications": table}}


@pytest.mark.parametrize(("status", "result", "expected"), [
    ("pass", _result(), None),
    ("fail", _result(), INCONSISTENT),
    ("uncertain", _result(), NEEDS_REVIEW),
    ("fail", _result(ocr=True), NEEDS_REVIEW),
    ("fail", _result(warnings=["表三第5行只有6个数值，按总计在末列对齐"]), NEEDS_REVIEW),
    ("fail", _result(warnings=["表四只有3个数值"]), INCONSISTENT),
    # a result that records provenance was weighed over its doubtful cells: its fail holds under every reading
    ("fail", _result(provenance={"granted.total": "deduced"}), INCONSISTENT),
    ("uncertain", _result(provenance={"granted.total": "deduced"}), NEEDS_REVIEW),
    ("fail", _result(provenance={"granted.total": "read"}), INCONSISTENT),
    ("fail", _result(ocr=True, provenance={"granted.total": "read"}), INCONSISTENT),
])
def test_label(status, result, expected):
    check = {"id": "x", "status": status, "cells": [CELL]}
    assert finding_label(check, doubtful_cells(result), weighed(result)) == expected


def test_a_corrected_cell_is_no_longer_doubtful():
    result = _result(ocr=True) | {"checks": [{"id": "x", "kind": "table_arithmetic", "status": "fail", "message": "m",
                                              "left": 4, "right": 3, "cells": [CELL]}]}
    assert findings_of(result)["fail"][0].label == NEEDS_REVIEW
    assert findings_of(result, corrected={CELL})["fail"][0].label == INCONSISTENT


def test_grouped_and_numbered_fails_first():
    checks = [{"id": i, "kind": "completeness", "status": s, "message": "m", "cells": []}
              for i, s in [("p", "pass"), ("u", "uncertain"), ("f1", "fail"), ("f2", "fail")]]
    groups = findings_of({"checks": checks}, decisions={"u": {"decision": "confirmed"}})
    assert [(f.check["id"], f.number) for f in groups["fail"] + groups["uncertain"] + groups["pass"]] == [
        ("f1", 1), ("f2", 2), ("u", 3), ("p", None)]
    assert groups["uncertain"][0].decision == {"decision": "confirmed"}


@pytest.mark.parametrize(("key", "expected"), [
    ("applications.granted.natural_person", "表三 （一）予以公开 · 自然人"),
    ("review_litigation.litigation_direct.pending", "表四 未经复议直接起诉 · 尚未审结"),
    ("active_disclosure.normative_documents.in_force", "表二 行政规范性文件 · 现行有效件数"),
    ("active_disclosure.procurement.amount", "表二 政府集中采购 · 采购总金额（单位：万元）"),
    ("applications.unable_no_info", "表三 无法提供·不掌握"),
    ("sections.other_matters", "第六部分“其他需要报告的事项”"),
])
def test_cell_label(key, expected):
    assert cell_label(key) == expected


def _doubtful_result() -> dict:
    table = {"cells": {"granted.total": None, "total_processed.total": 3, "partially_granted.total": 1},
             "provenance": {"granted.total": "unread", "partially_granted.total": "ocr"},
             "readings": {"granted.total": [1, 7], "partially_granted.total": [1, 7]}}
    check = {"id": "x", "kind": "table_arithmetic", "status": "fail", "message": "m", "left": 9, "right": 3,
             "spans": [], "cells": ["applications.granted.total", "applications.partially_granted.total",
                       "applications.total_processed.total"]}
    return {"document": {}, "tables": {"applications": table}, "checks": [check]}


def test_a_finding_names_the_readings_of_its_doubtful_cells():
    (finding,) = findings_of(_doubtful_result())["fail"]
    unread, ocr, clean = finding.cells
    assert (unread.unread, unread.readings_text) == (True, "可能为1或7")
    assert (ocr.unread, ocr.readings_text) == (False, "可能为1或7")
    assert (clean.unread, clean.readings_text) == (False, "")
    (corrected,) = findings_of(_doubtful_result(), corrected={"applications.granted.total"})["fail"]
    assert corrected.cells[0].readings == [] and not corrected.cells[0].unread


def test_the_finding_card_shows_unread_cells_and_their_readings():
    from service.web.pages import templates
    from service.web.report_view import fmt

    (finding,) = findings_of(_doubtful_result())["fail"]
    macro = templates.env.get_template("_macros.html").module.finding
    html = str(macro(finding, fmt))
    assert "无法读取" in html and html.count("（可能为1或7）") == 2
