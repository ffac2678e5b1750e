"""The agency ranker's training: deterministic, works without ../shared, and scores documents it is given."""
from __future__ import annotations

import pytest

from training import train_agency
from training.generate import generate


@pytest.fixture(scope="module")
def rows():
    return train_agency.synthetic_rows(None, generate(8, seed=11))


def test_without_shared(tmp_path, rows):
    assert train_agency.real_rows(None, tmp_path) == ([], [])
    assert train_agency.leave_one_out(rows, [], []) == {"accuracy": None, "misses": []}


def test_deterministic_and_labelled(rows):
    assert all(len(r["x"]) == len(r["y"]) for r in rows)
    assert sum(any(r["y"]) for r in rows) >= 6  # most generated reports name their agency in full
    a, b = train_agency.fit(rows, []), train_agency.fit(rows, [])
    x = [f for r in rows for f in r["x"]]
    assert (a.predict_proba(x) == b.predict_proba(x)).all()
    assert train_agency.accuracy(a, rows) >= 0.75
