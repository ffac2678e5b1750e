"""Count → cell linker on phrasings written for these tests (not generator templates)."""
from __future__ import annotations

from pathlib import Path

import pytest

from service.base.schema import Count

MODELS = Path(__file__).resolve().parents[1] / "models"


@pytest.fixture(scope="module")
def linker():
    from service.core.models.linker import Linker

    if not (MODELS / "linker.joblib").exists():
        pytest.skip("models/linker.joblib not trained")
    return Linker.load(MODELS)


@pytest.mark.parametrize("subject, value, unit, section, target", [
    ("收到公民提出的政府信息公开申请", 7, "件", "overview", "applications.new_received.total"),
    ("予以公开", 3, "件", "applications", "applications.granted.total"),
    ("不予公开", 1, "件", "overview", "applications.denied"),
    ("现行有效规范性文件", 14, "件", "active_disclosure", "active_disclosure.normative_documents.in_force"),
    ("发布信息", 140, "条", "overview", "none"),
    ("制定依申请公开信息", 39, "件", "overview", "none"),
    ("组织专题培训", 6, "场", "overview", "none"),
    ("受理群众来电", 230, "人次", "overview", "none"),
])
def test_targets(linker, subject, value, unit, section, target):
    count = Count(value=value, unit=unit, subject=subject, section=section, text=f"{subject}{value}{unit}",
                  span=(0, 1))
    got, p = linker.predict([count])[0]
    assert got == target
    assert 0.0 <= p <= 1.0


def test_empty_input(linker):
    assert linker.predict([]) == []


def test_tokens_give_the_strings_probabilities(linker):
    """The lean model read from token lists gives the numbers it gives for the joined feature strings, bit for bit;
    a unit holding a space (its token cut in two by the string tokeniser) takes the string path."""
    import numpy as np

    from service.core.models.linker import count_features, count_tokens

    model = linker.model
    if not hasattr(model, "predict_proba_tokens"):
        pytest.skip("linker has no lean twin")
    rows = [("收到公民提出的政府信息公开申请", "件", "overview"), ("现行有效规范性文件", "件", "active_disclosure"),
            ("受理群众来电", "人次", None), ("本年度 新收  申请", "件", "applications")]
    tokens = [count_tokens(s, f"{s}7{u}", u, sec) for s, u, sec in rows]
    strings = [count_features(s, f"{s}7{u}", u, sec) for s, u, sec in rows]
    assert np.array_equal(model.predict_proba_tokens(tokens), model.predict_proba(strings))
    spaced = Count(value=3, unit="万 元", subject="收取费用", section="overview", text="收取费用3万 元", span=(0, 1))
    plain = Count(value=3, unit="万元", subject="收取费用", section="overview", text="收取费用3万元", span=(0, 1))
    got = linker.predict([spaced, plain])
    probs = model.predict_proba([count_features(c.subject, c.text, c.unit, c.section) for c in (spaced, plain)])
    assert [p for _, p in got] == [float(row.max()) for row in probs]
