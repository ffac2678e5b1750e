"""Checks re-run on corrected cells: unchanged cells reproduce the pipeline's checks; a correction moves the verdicts."""
from __future__ import annotations

import copy

import pytest

from service.collections.reviews import apply_corrections, recheck
from tests.conftest import SHARED
from tests.fixtures import tables_text
from tests.fixtures.stored import MISREAD_CELL, broken_text
from training.formats.render import to_text
from training.formats.report import report

TEXTS = {"synthetic": lambda: to_text(report()), "misprinted": broken_text,
         "tab_rows": lambda: tables_text.report(tables_text.tab_rows()),
         "cell_per_line": lambda: tables_text.report(tables_text.cell_per_line())}
SEEDS = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []


def _verdicts(result: dict) -> list[tuple]:
    return sorted((c["id"], c["status"], c["message"], c.get("left"), c.get("right")) for c in result["checks"])


@pytest.mark.parametrize("name", list(TEXTS))
def test_no_correction_reproduces_the_pipeline(pipeline, name):
    result = pipeline.run(TEXTS[name]()).model_dump(mode="json")
    assert _verdicts(recheck(apply_corrections(result, {}))) == _verdicts(result)


@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_no_correction_reproduces_the_pipeline_on_seeds(pipeline, path):
    result = pipeline.run(path.read_bytes()).model_dump(mode="json")
    assert _verdicts(recheck(result)) == _verdicts(result)


@pytest.mark.parametrize(("cell", "value", "check_id", "before", "after"), [
    (MISREAD_CELL, 3, "applications.outcomes.natural_person", "fail", "pass"),
    (MISREAD_CELL, 3, "applications.row_total.granted", "fail", "pass"),
    (MISREAD_CELL, 5, "applications.row_total.granted", "fail", "fail"),
    (MISREAD_CELL, None, "applications.row_total.granted", "fail", "uncertain"),
    ("applications.carried_over.total", 2, "applications.identity.total", "pass", "fail"),
])
def test_correction_moves_table_checks(pipeline, cell, value, check_id, before, after):
    result = pipeline.run(broken_text()).model_dump(mode="json")
    kept = copy.deepcopy(result)
    status = {c["id"]: c["status"] for c in result["checks"]}
    assert status[check_id] == before
    redone = {c["id"]: c for c in recheck(apply_corrections(result, {cell: value}))["checks"]}
    assert redone[check_id]["status"] == after
    assert result == kept  # the extracted result is left as it was


def test_correction_reaches_narrative_checks(pipeline):
    result = pipeline.run(to_text(report())).model_dump(mode="json")
    links = [c for c in result["checks"] if c["kind"] == "narrative_vs_table"
             and c["cells"] == ["applications.new_received.total"]]
    assert links and all(c["status"] == "pass" for c in links)
    redone = {c["id"]: c for c in recheck(apply_corrections(result, {"applications.new_received.total": 9}))["checks"]}
    for link in links:
        assert redone[link["id"]]["status"] == "fail"
        assert "≠" in redone[link["id"]]["message"] and redone[link["id"]]["right"] == 9


def test_checks_that_read_no_corrected_cell_keep_their_stored_verdict(pipeline):
    result = pipeline.run(broken_text()).model_dump(mode="json")
    doubted = next(c for c in result["checks"] if c["id"] == "applications.identity.total")
    doubted.update(status="uncertain", message="存疑（表格行对齐）")  # as if the parser doubted one of its cells
    redone = {c["id"]: c for c in recheck(apply_corrections(result, {MISREAD_CELL: 3}), {MISREAD_CELL})["checks"]}
    assert redone["applications.identity.total"]["status"] == "uncertain"
    assert redone["applications.row_total.granted"]["status"] == "pass"
    assert len(redone) == len(result["checks"])
