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


@pytest.mark.parametrize("dress, mark", [("markdown", "#"), ("bold", "**"), ("glued", None), ("bare", None),
                                         ("lost", None), ("absent", None), ("spaced", None)])
def test_heading_dresses(dress, mark):
    from service.core.sections import find_sections

    doc = generate(1, seed=11, dress=dress)[0]
    text, touched = doc["text"], [k for k, d in doc["dresses"].items() if d == dress]
    assert touched
    heads = {k: doc["text"][a:z] for a, z, k, role in doc["lines"] if role == "heading"}
    if mark:
        assert all(heads[k].lstrip().startswith(mark) for k in touched)
    if dress in ("lost", "absent"):
        assert not set(touched) & set(heads)
    if dress == "absent":  # the part's content is gone too: a real completeness failure
        assert not any(sec in touched for _, _, sec, _ in doc["lines"])
    found = {s.key for s in find_sections(text)}
    assert set(touched) <= found or dress in ("lost", "absent")


def test_table_three_is_consistent_in_every_column():
    for doc in generate(8, seed=5):
        rows = doc["rows"]["applications"]
        width = 8 if "小计" in rows[2] else 7
        data = [[int(v) for v in r[-width:]] for r in rows[3:]]
        new, carried, *outcomes, processed, forward = data
        for c in range(width):
            assert sum(o[c] for o in outcomes) == processed[c]
            assert new[c] + carried[c] == processed[c] + forward[c]
