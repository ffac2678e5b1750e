"""A small generated collection audited end to end: every plant found, nothing flagged that was not planted."""
from __future__ import annotations

import pytest

from service.base.version import content_hash
from service.collections.audit import read_units, run_audit
from training.collection import generate_collection
from training.collection_score import score


@pytest.mark.parametrize(("seed", "layouts"), [(3, ("tab",)), (4, ("shifted", "pipe", "space", "cells"))])
def test_generated_collection(pipeline, seed, layouts):
    collection = generate_collection(12, seed=seed, n_unknown=2, n_missing=3, n_silent=1, n_duplicates=2,
                                     rates={"carry_over": 0.3, "continuity_fail": 0.2, "continuity_uncertain": 0.15,
                                            "narrative": 0.4}, layouts=layouts)
    rows = [{"file": f, "sha256": content_hash(t), "id": content_hash(t)[:16],
             "result": pipeline.run(t, f).model_dump(mode="json")} for f, t in collection.reports]
    scored = score(run_audit(rows, read_units(collection.units_csv.encode("utf-8"))), collection.planted)
    assert scored["yoy.carry_over (fail)"]["planted"] > 0 and scored["missing_units"]["planted"] > 0
    for name, row in scored.items():
        assert (name, row["found"], row["false"]) == (name, row["planted"], 0)
