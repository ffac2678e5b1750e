"""Shared fixtures: the ../shared folder (tests that need it skip when it is absent) and one loaded pipeline."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
# Apps made by the tests keep their store and uploads out of the working tree.
_STORE = Path(tempfile.mkdtemp(prefix="nianbao-tests-"))
os.environ.setdefault("NIANBAO_DATABASE_URL", f"sqlite:///{_STORE / 'nianbao.db'}")
os.environ.setdefault("NIANBAO_UPLOADS_DIR", str(_STORE / "uploads"))


def shared_or_skip() -> Path:
    if not (SHARED / "gold").is_dir():
        pytest.skip("../shared is absent")
    return SHARED


@pytest.fixture(scope="session")
def pipeline():
    from service import get_pipeline

    return get_pipeline()


def wait_ready(pool, seconds: float = 120) -> None:
    """Block until a worker of the pool has loaded its models."""
    import time

    end = time.monotonic() + seconds
    while pool.status()["loaded"] < 1:
        if time.monotonic() > end:
            raise TimeoutError("worker pool did not load its models")
        time.sleep(0.1)


@pytest.fixture(scope="session")
def worker_pool():
    """One worker process with default limits, shared by every app the tests start (workers cost seconds to start)."""
    from service.base.settings import Settings
    from service.runtime.workers import WorkerPool

    with WorkerPool(1, Settings(workers=1)) as pool:
        wait_ready(pool)
        yield pool


@pytest.fixture(scope="session")
def gold_docs() -> list[tuple[dict, bytes]]:
    shared = shared_or_skip()
    out = []
    for path in sorted((shared / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        out.append((gold, (shared / gold["input"]).read_bytes()))
    return out


@pytest.fixture(scope="module")
def lean_and_plain_ner():
    """(NLP loaded through spaCy: lean tok2vec and decoder over the pipeline's weights, the same NER model as spaCy
    alone loads it). The lean file's runtime, with no spaCy at all, is `lean_file_ner`."""
    from thinc.api import use_ops

    from service.core.models.nlp import NLP, import_spacy

    models = Path(__file__).resolve().parents[1] / "models"
    if not (models / "ner" / "config.cfg").exists():
        pytest.skip("models/ner not trained")
    nlp = NLP.load(models, spacy=True)
    with use_ops("numpy", use_blis=False):
        plain = import_spacy().load(models / "ner")
    return nlp, plain


@pytest.fixture(scope="module")
def lean_file_ner():
    """NLP as the pipeline loads it: the NER read from models/ner.lean.npz (skips when it is not exported)."""
    from service.core.models import lean_ner
    from service.core.models.nlp import NLP

    models = Path(__file__).resolve().parents[1] / "models"
    if lean_ner.load(models) is None:
        pytest.skip("models/ner.lean.npz absent or stale")
    nlp = NLP.load(models)
    assert nlp.ner is nlp.lean and nlp.spacy is None
    return nlp
