"""Models loaded once per session for the training/model tests."""
from __future__ import annotations

from pathlib import Path

import pytest

MODELS = Path(__file__).resolve().parents[2] / "models"


@pytest.fixture(scope="session")
def nlp():
    from service.core.models.nlp import NLP

    if not (MODELS / "ner" / "config.cfg").exists():
        pytest.skip("models/ner not trained")
    return NLP.load(MODELS)
