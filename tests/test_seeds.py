"""The seed reports scored with ../shared/eval/score.py's own functions (skipped when ../shared is absent)."""
from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import shared_or_skip

# Floors a change must not go below (the acceptance figures).
FLOORS = {"agency": 1.0, "year": 1.0, "template": 1.0, "sections": 0.95, "tables": 0.99, "fail_found": 1.0,
          "false_alarms": 0.95, "links": 0.8, "narr_sums": 0.8, "counts": 0.9, "problems": 0.85,
          "improvements": 0.85}


@pytest.fixture(scope="module")
def scorer():
    path = shared_or_skip() / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("nianbao_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_seed_figures(scorer, pipeline, gold_docs):
    tallies = {f: scorer.Tally() for f in scorer.FIELDS}
    for gold, data in gold_docs:
        pred = pipeline.run(data, gold["input"]).model_dump(mode="json")
        scorer.score_doc(gold, pred, tallies)
    figures = {f: scorer.figure(f, tallies[f]) for f in scorer.FIELDS}
    low = {f: round(figures[f], 3) for f, floor in FLOORS.items() if figures[f] < floor}
    assert not low, low


def test_every_span_points_into_the_text(pipeline, gold_docs):
    for gold, data in gold_docs:
        report = pipeline.run(data, gold["input"])
        n = len(report.document.text)
        spans = [c.span for c in report.counts] + [s for c in report.checks for s in c.spans]
        spans += [s.span for s in report.sections] + [p.span for p in report.problems + report.improvements]
        for table in (report.tables.active_disclosure, report.tables.applications, report.tables.review_litigation):
            spans += list(table.spans.values()) if table else []
        assert all(0 <= s <= e <= n for s, e in spans), gold["id"]
        for count in report.counts:
            s, e = count.span
            assert str(int(count.value)) in report.document.text[s:e].replace(",", "") or count.approx or \
                not report.document.text[s:e].isascii()
