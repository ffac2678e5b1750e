"""The pipeline end to end on a report written for the tests."""
from __future__ import annotations

import pytest

from service.base.schema import Agency
from service.core.pipeline import _names_reporting
from tests.fixtures.tables_text import report, tab_rows

AGENCY = Agency(name="石嘴山市科学技术局", aliases=["市科技局"])


@pytest.mark.parametrize("name, reporting", [
    ("石嘴山市科学技术局", True), ("市科技局", True), ("年市科技局", True), ("石嘴山市科技局", True),
    ("市网信办", False), ("石嘴山市人民政府", False), ("县科技局", False), ("自治区科技厅", False),
])
def test_reporting_agency_mentions(name, reporting):
    assert _names_reporting(name, AGENCY) is reporting


def test_report_facts_tables_and_checks(pipeline):
    r = pipeline.run(report(tab_rows()).encode("utf-8"))
    assert r.report.agency.name == "某某县交通运输局" and r.report.year == 2024 and r.report.template == "2021"
    assert r.agencies[0].role == "reporting"
    assert not [c for c in r.checks if c.status == "fail"]
    links = {c.cells[0]: c.status for c in r.checks if c.kind == "narrative_vs_table"}
    assert links.get("applications.new_received.total") == "pass"
    assert links.get("active_disclosure.normative_documents.in_force") == "pass"
    text = r.document.text
    for c in r.counts:
        assert text[c.span[0]:c.span[1]].strip()


def test_planted_narrative_mismatch_is_found(pipeline):
    raw = report(tab_rows()).replace("共收到政府信息公开申请6件", "共收到政府信息公开申请9件")
    r = pipeline.run(raw)
    fails = [c for c in r.checks if c.status == "fail"]
    assert [(c.kind, c.left, c.right) for c in fails] == [("narrative_vs_table", 9, 6)]
    s, e = fails[0].spans[0]
    assert "9" in r.document.text[s:e]


def test_tables_are_what_validation_would_make(pipeline):
    """The report's tables are built without validating their cells again: they must be exactly what validation
    makes of them (no value of another type, no other JSON), over the layouts the generator prints."""
    from service.base.schema import Table
    from training.generate import generate

    texts = [report(tab_rows())] + [d["text"] for d in generate(12, seed=3, prefix="tables")]
    for text in texts:
        tables = pipeline.run(text).tables
        for name in ("active_disclosure", "applications", "review_litigation"):
            table = getattr(tables, name)
            if table is not None:
                again = Table(**{k: getattr(table, k) for k in Table.model_fields})
                assert again == table and again.model_dump_json() == table.model_dump_json()
