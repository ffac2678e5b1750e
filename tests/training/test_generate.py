"""The synthetic generator: deterministic, and every label points at the text it names."""
from __future__ import annotations

import pytest

from training.filler import chinese_number
from training.generate import generate


def test_same_seed_same_documents():
    assert generate(3, seed=7) == generate(3, seed=7)
    assert generate(2, seed=7)[0]["text"] != generate(2, seed=8)[0]["text"]


@pytest.mark.parametrize("n, written", [(2, "二"), (12, "十二"), (105, "一百零五"), (112, "一百一十二"),
                                        (150, "一百五十")])
def test_chinese_numerals(n, written):
    assert chinese_number(n) == written


def test_spans_match_labels():
    for doc in generate(5, seed=3):
        text = doc["text"]
        for e in doc["entities"]:
            assert text[e["start"]:e["end"]].strip() == text[e["start"]:e["end"]]
            assert e["label"] in ("AGENCY", "PLATFORM")
        for c in doc["counts"]:
            assert c["unit"] in text[c["start"]:c["end"]]
        roles = {role for _, _, _, role in doc["lines"]}
        assert {"heading", "narrative", "table_row"} <= roles
