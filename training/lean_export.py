"""Write the lean twin (`<name>.lean.npz`, read by service/core/models/lean.py) of each trained joblib model, after checking
on generated inputs that it gives scikit-learn's probabilities exactly; a model it cannot reproduce gets no twin
(the service then unpickles the joblib, as before).

Run: `python -m training.lean_export models/` (training calls `export` after saving each model).
"""
from __future__ import annotations

import json
import logging
import random
import sys
from pathlib import Path
from typing import Any

import numpy as np

from service.core.models import lean

log = logging.getLogger("nianbao.lean")
ARTEFACTS = ("linker.joblib", "line_classifier.joblib", "agency_ranker.joblib")
N_CHECKS = 400


def export(saved: Any, path: Path) -> Path | None:
    """Write the twin of the joblib file `path` that holds `saved` (a pipeline, or {"model": pipeline, …});
    None (and no twin) when the model is of a kind the lean classes do not reproduce exactly."""
    path, twin = Path(path), lean.twin_of(path)
    wrap = {k: v for k, v in saved.items() if k != "model"} if isinstance(saved, dict) else None
    model = saved["model"] if isinstance(saved, dict) else saved
    arrays = _arrays(model)
    if arrays is None or (wrap is not None and not _plain(wrap)):
        return _refuse(twin, f"{path.name}: not a model the lean classes reproduce")
    meta = {"kind": arrays.pop("kind"), "source": lean.file_sha256(path), "wrap": wrap}
    built = lean._build(meta, arrays)
    built = built["model"] if isinstance(built, dict) else built
    if not _same(model, built, meta["kind"], arrays):
        return _refuse(twin, f"{path.name}: the lean twin's probabilities differ from scikit-learn's")
    with twin.open("wb") as fh:
        np.savez_compressed(fh, meta=np.array(json.dumps(meta)), **arrays)
    return twin


def export_dir(models_dir: Path) -> list[Path]:
    """Export every known artefact present in models_dir; the twins written."""
    import joblib

    paths = [Path(models_dir) / name for name in ARTEFACTS if (Path(models_dir) / name).is_file()]
    return [t for p in paths if (t := export(joblib.load(p), p)) is not None]


def _refuse(twin: Path, reason: str) -> None:
    log.warning("no lean twin: %s", reason)
    twin.unlink(missing_ok=True)  # a stale twin would be ignored anyway; do not leave it lying about
    return None


def _plain(wrap: dict) -> bool:
    return all(isinstance(v, (int, float, str, bool)) or v is None for v in wrap.values())


def _arrays(model) -> dict | None:
    steps = [s for _, s in getattr(model, "steps", [])]
    if len(steps) != 2:
        return None
    names = [type(s).__name__ for s in steps]
    if names == ["CountVectorizer", "LogisticRegression"]:
        return _text_lr(*steps)
    if names == ["DictVectorizer", "GradientBoostingClassifier"]:
        return _dict_gbc(*steps)
    return None


def _text_lr(vec, clf) -> dict | None:
    plain = dict(analyzer="word", token_pattern=r"\S+", tokenizer=None, preprocessor=None, lowercase=False,
                 strip_accents=None, stop_words=None, ngram_range=(1, 1), binary=True, input="content")
    if any(vec.get_params()[k] != v for k, v in plain.items()) or len(clf.classes_) <= 2:
        return None
    terms = [""] * len(vec.vocabulary_)
    for term, col in vec.vocabulary_.items():
        terms[col] = term
    return {"kind": "text_lr", "terms": np.array(terms), "coef": clf.coef_, "intercept": clf.intercept_,
            "classes": np.asarray(clf.classes_)}


def _dict_gbc(vec, clf) -> dict | None:
    if vec.sparse or vec.separator != "=" or clf.n_trees_per_iteration_ != 1 or len(clf.classes_) != 2:
        return None
    trees = [est.tree_ for est in clf.estimators_[:, 0]]
    width = max(t.node_count for t in trees)
    own = np.tile(np.arange(width), (len(trees), 1))  # padding and leaves point at themselves
    left, right = own.copy(), own.copy()
    feature, threshold, value = np.zeros_like(own), np.zeros(own.shape), np.zeros(own.shape)
    for i, t in enumerate(trees):
        n, inner = t.node_count, t.children_left[: t.node_count] >= 0
        left[i, :n] = np.where(inner, t.children_left[:n], np.arange(n))
        right[i, :n] = np.where(inner, t.children_right[:n], np.arange(n))
        feature[i, :n] = np.where(inner, t.feature[:n], 0)
        threshold[i, :n] = t.threshold[:n]
        value[i, :n] = t.value[:n, 0, 0]
    init = clf._raw_predict_init(np.zeros((1, len(vec.feature_names_)), dtype=np.float32))[0, 0]
    return {"kind": "dict_gbc", "features": np.array(vec.feature_names_), "left": left, "right": right,
            "feature": feature, "threshold": threshold, "value": value, "scale": np.float64(clf.learning_rate),
            "init": np.float64(init), "depth": np.int64(max(t.max_depth for t in trees)),
            "classes": np.asarray(clf.classes_)}


def _same(model, built, kind: str, arrays: dict) -> bool:
    """Bit-for-bit the same probabilities on generated inputs, and the same classes."""
    rng = random.Random(0)
    if kind == "text_lr":
        terms = arrays["terms"].tolist()
        inputs = [""] + [" ".join(rng.sample(terms, rng.randint(1, min(120, len(terms))))) + " 未知_词"
                         for _ in range(N_CHECKS)]
    else:
        inputs = [{}] + [_feature_row(rng, arrays) for _ in range(N_CHECKS)]
    expected, got = model.predict_proba(inputs), built.predict_proba(inputs)
    return np.array_equal(np.asarray(model.classes_), built.classes_) and np.array_equal(expected, got)


def _feature_row(rng: random.Random, arrays: dict) -> dict:
    """A feature dict whose values sit on, just above and just below the trees' thresholds (or are 0/1)."""
    names, cuts = arrays["features"].tolist(), {}
    for f, t in zip(arrays["feature"].ravel(), arrays["threshold"].ravel()):
        cuts.setdefault(int(f), []).append(float(t))
    row = {}
    for col in rng.sample(range(len(names)), rng.randint(1, len(names))):
        near = rng.choice(cuts.get(col, [0.5]))
        row[names[col]] = rng.choice([0.0, 1.0, near, float(np.nextafter(near, np.inf)),
                                      float(np.nextafter(near, -np.inf)), near * rng.uniform(0, 2)])
    return row


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    for written in export_dir(Path(sys.argv[1] if len(sys.argv) > 1 else "models")):
        print(f"wrote {written}")
