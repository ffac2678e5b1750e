"""Lean twins of the trained models: the same outputs as scikit-learn's, used only when exported from the very
joblib file beside them, and a worker that loads them imports no scikit-learn."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from service.core.models import lean

MODELS = Path(__file__).resolve().parents[1] / "models"
ARTEFACTS = [("linker.joblib", "TextLogistic"), ("line_classifier.joblib", "TextLogistic"),
             ("agency_ranker.joblib", "DictBoosted")]


def _need(name: str) -> Path:
    path = MODELS / name
    if not path.is_file() or not lean.twin_of(path).is_file():
        pytest.skip(f"models/{name} or its lean twin is absent")
    return path


def _model(saved):
    return saved["model"] if isinstance(saved, dict) else saved


@pytest.mark.parametrize("name, kind", ARTEFACTS)
def test_twin_is_used_when_it_matches(name, kind):
    assert type(_model(lean.load(_need(name)))).__name__ == kind


@pytest.mark.parametrize("damage", ["stale", "garbled"])
@pytest.mark.parametrize("name, kind", ARTEFACTS)
def test_joblib_is_used_when_the_twin_does_not_match(tmp_path, name, kind, damage):
    source = _need(name)
    path = tmp_path / name
    shutil.copy(source, path)
    shutil.copy(lean.twin_of(source), lean.twin_of(path))
    if damage == "stale":  # the joblib was retrained (here: re-saved with other bytes) and not exported again
        import joblib

        joblib.dump(joblib.load(path), path, compress=1)
    else:
        lean.twin_of(path).write_bytes(b"PK\x03\x04 torn")
    assert type(_model(lean.load(path))).__name__ != kind
    assert hasattr(_model(lean.load(path)), "steps")  # the scikit-learn pipeline itself


@pytest.fixture(scope="module")
def documents():
    from training.generate import generate

    return [(f"g{i}.txt", doc["text"]) for i, doc in enumerate(generate(12, seed=7, prefix="lean"))]


def test_pipeline_output_is_unchanged(documents, monkeypatch):
    """The whole report, byte for byte, with lean twins and with the unpickled scikit-learn models."""
    import joblib

    from service.base.settings import Settings
    from service.core.pipeline import Pipeline

    for name, _ in ARTEFACTS:
        _need(name)
    with_twins = Pipeline.load(Settings())
    monkeypatch.setattr(lean, "load", joblib.load)
    with_sklearn = Pipeline.load(Settings())
    assert type(with_sklearn.linker.model).__name__ == "Pipeline"
    for filename, text in documents:
        assert with_twins.run(text, filename).model_dump_json() == with_sklearn.run(text, filename).model_dump_json()


@pytest.mark.parametrize("steps", ["tfidf", "binary_lr"])
def test_export_refuses_models_it_cannot_reproduce(tmp_path, steps):
    import joblib
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    from training.lean_export import export

    vec = (TfidfVectorizer if steps == "tfidf" else CountVectorizer)(binary=True, lowercase=False, token_pattern=r"\S+")
    model = make_pipeline(vec, LogisticRegression()).fit(["甲 乙", "丙 丁", "甲 丙", "乙 丁"], ["a", "b", "a", "b"])
    path = tmp_path / "m.joblib"
    joblib.dump(model, path)
    lean.twin_of(path).write_bytes(b"old twin")
    assert export(model, path) is None
    assert not lean.twin_of(path).exists()


@pytest.mark.parametrize("module", ["sklearn", "scipy", "joblib", "fastapi", "sqlalchemy", "openpyxl", "pyarrow",
                                    "dask", "distributed"])
def test_a_loaded_pipeline_imports_no_more_than_it_needs(module, loaded_modules):
    assert module not in loaded_modules


@pytest.fixture(scope="module")
def loaded_modules() -> set[str]:
    """Top-level modules imported by a fresh process that loads the pipeline as a worker does."""
    for name, _ in ARTEFACTS:
        _need(name)
    code = ("import sys; from service.core.pipeline import Pipeline; Pipeline.load();"
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    return set(out.stdout.split())


@pytest.mark.parametrize("name, kind", ARTEFACTS)
def test_shipped_twins_match_their_joblib(name, kind):
    """A retrained model without a fresh twin still works, but slowly to start: `nianbao train` writes both;
    after copying models in by hand run `python -m training.lean_export models/`."""
    import json

    import numpy as np

    path = _need(name)
    with np.load(lean.twin_of(path), allow_pickle=False) as arrays:
        meta = json.loads(str(arrays["meta"]))
    assert (meta["kind"], meta["source"]) == ({"TextLogistic": "text_lr", "DictBoosted": "dict_gbc"}[kind],
                                              lean.file_sha256(path))


@pytest.mark.parametrize("name", ["linker.joblib", "line_classifier.joblib"])
def test_text_twin_probabilities_are_sklearns_bit_for_bit(name, documents):
    """TextLogistic's running sum of term rows is scikit-learn's sparse product, to the last bit, on every line of
    the documents (and on lines that hold no known term at all, or nothing)."""
    import joblib
    import numpy as np

    path = _need(name)
    twin, sk = _model(lean.load(path)), _model(joblib.load(path))
    docs = [" ".join(line.split()) for _, text in documents for line in text.splitlines()]
    docs += ["", "zzz_unknown_term another_unknown", " ".join(list(docs[0])[:200])]
    assert np.array_equal(twin.predict_proba(docs), sk.predict_proba(docs))
    assert np.array_equal(twin.predict_proba(docs[-3:-1]), sk.predict_proba(docs[-3:-1]))


def test_boosted_twin_probabilities_are_sklearns_bit_for_bit(documents, monkeypatch):
    """DictBoosted (flat node arrays, the matrix summed in lists) gives scikit-learn's probabilities to the last
    bit on the agency candidates of the documents, on the same rows with scaled values, and on no rows."""
    import joblib
    import numpy as np

    from service import get_pipeline

    path = _need("agency_ranker.joblib")
    twin, sk = _model(lean.load(path)), _model(joblib.load(path))
    pipeline = get_pipeline()
    if type(_model(pipeline.agency.model)).__name__ != "DictBoosted":
        pytest.skip("the pipeline's ranker is no lean twin")
    seen: list[list[dict]] = []
    model = _model(pipeline.agency.model)
    real = type(model).predict_proba
    monkeypatch.setattr(type(model), "predict_proba", lambda self, rows: (seen.append(rows), real(self, rows))[1])
    for _, text in documents:
        pipeline.run(text)
    monkeypatch.undo()
    assert seen
    scaled = [[{k: v * 3.5 if isinstance(v, float) else v for k, v in row.items()} for row in rows] for rows in seen]
    for rows in seen + scaled:
        assert np.array_equal(twin.predict_proba(rows), sk.predict_proba(rows))
    assert twin.predict_proba([]).shape == (0, 2)
