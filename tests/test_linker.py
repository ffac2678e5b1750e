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
