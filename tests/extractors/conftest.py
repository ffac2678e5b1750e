"""Fixtures shared by the extractor tests."""
from __future__ import annotations

from pathlib import Path

import pytest

MODELS = Path(__file__).resolve().parents[2] / "models"


@pytest.fixture(scope="module")
def nlp():
    """The trained NER (skips when models/ner is not trained)."""
    from service.core.models.nlp import NLP

    if not (MODELS / "ner" / "config.cfg").exists():
        pytest.skip("models/ner not trained")
    return NLP.load(MODELS)
