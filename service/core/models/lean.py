"""The trained scikit-learn models without scikit-learn: a worker that only predicts need not import it (~0.8 s of
its start-up, mostly scipy.stats pulled in by sklearn.utils).

`training/lean_export.py` writes `<name>.lean.npz` beside each `<name>.joblib`: the fitted numbers, the SHA-256 of
the joblib they came from, and nothing to unpickle. It exports only models these classes reproduce to the last bit
(it checks on generated inputs before writing). `load(path)` returns the lean twin when it is there and was exported
from this very joblib file, else what `joblib.load(path)` returns, so a retrained model without a fresh export is
still used as it is.

    model = load(models_dir / "linker.joblib")
    model.predict_proba(["U_件 SEC_applications …"]), model.classes_
"""
from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger("nianbao.lean")
SUFFIX = ".lean.npz"


def twin_of(path: Path) -> Path:
    """Where the lean twin of a joblib artefact lives."""
    path = Path(path)
    return path.with_name(path.name.removesuffix(".joblib") + SUFFIX)


def file_sha256(path: Path) -> str:
    """SHA-256 hex of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load(path: Path) -> Any:
    """The model saved at `path` (a joblib file): lean when its twin matches the file, else unpickled by joblib."""
    path = Path(path)
    twin = twin_of(path)
    if twin.is_file():
        try:
            with np.load(twin, allow_pickle=False) as arrays:
                meta = json.loads(str(arrays["meta"]))
                if meta.get("source") == file_sha256(path):
                    return _build(meta, arrays)
            log.info("%s was exported from another %s: loading the joblib", twin.name, path.name)
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
            log.warning("ignoring %s (%s): loading the joblib", twin.name, exc)
    import joblib

    return joblib.load(path)


def _build(meta: dict, arrays) -> Any:
    kinds = {"text_lr": TextLogistic, "dict_gbc": DictBoosted}
    model = kinds[meta["kind"]].from_arrays(arrays)
    wrap = meta.get("wrap")  # the joblib held {"model": <pipeline>, **extras}
    return {**wrap, "model": model} if isinstance(wrap, dict) else model


class TextLogistic:
    """CountVectorizer(binary, whitespace tokens, no lowercasing) → multinomial LogisticRegression.predict_proba,
    with scikit-learn's order of floating-point operations."""

    def __init__(self, terms: list[str], coef: np.ndarray, intercept: np.ndarray, classes: np.ndarray) -> None:
        self.vocabulary = {t: i for i, t in enumerate(terms)}
        # (features + 1, classes): one row per term, and a last row of zeros that pads short documents
        self.coef_t = np.vstack([coef.T, np.zeros((1, coef.shape[0]))])
        self.intercept = intercept
        self.classes_ = classes
        self._tokens = re.compile(r"\S+").findall

    @classmethod
    def from_arrays(cls, arrays) -> TextLogistic:
        """From the arrays of a lean artefact."""
        return cls(arrays["terms"].tolist(), arrays["coef"], arrays["intercept"], arrays["classes"])

    def decision_function(self, docs: list[str]) -> np.ndarray:
        """Scores (documents × classes): each document's term rows added one at a time in column order, as
        scipy's sparse product adds them (the padding adds +0.0, which changes no sum), then the intercept."""
        return self._scores([self._columns(doc) for doc in docs])

    def _scores(self, rows: list[list[int]]) -> np.ndarray:
        width, pad = max(map(len, rows), default=0), len(self.coef_t) - 1
        if not width:
            return np.zeros((len(rows), self.coef_t.shape[1])) + self.intercept
        cols = np.array([r + [pad] * (width - len(r)) for r in rows], dtype=np.intp).reshape(len(rows), width)
        # a running sum along each document's rows is the same additions in the same order as adding them one at
        # a time into zeros (0.0 + a is a), in one array operation
        return np.cumsum(self.coef_t[cols], axis=1)[:, -1] + self.intercept

    def _columns(self, doc: str) -> list[int]:
        """The sorted term rows of one document (each term once, as the binary vectoriser counts it)."""
        return self._rows_of(self._tokens(doc))

    def _rows_of(self, tokens: list[str]) -> list[int]:
        """The sorted term rows of a document's tokens."""
        found = set(map(self.vocabulary.get, tokens))
        found.discard(None)
        return sorted(found)

    def predict_proba(self, docs: list[str]) -> np.ndarray:
        """Class probabilities (documents × classes), the softmax of the scores."""
        return _softmax(self.decision_function(docs))

    def predict_proba_tokens(self, docs: list[list[str]]) -> np.ndarray:
        """`predict_proba` of documents given as their whitespace tokens already (none holding a space): the same
        numbers, without joining the tokens into a string to cut it again."""
        return _softmax(self._scores([self._rows_of(tokens) for tokens in docs]))


def _softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax, in place."""
    scores -= scores.max(axis=1).reshape(-1, 1)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=1).reshape(-1, 1)
    return scores


class DictBoosted:
    """DictVectorizer(dense) → binary GradientBoostingClassifier.predict_proba over trees stored as node arrays
    (trees × nodes; a leaf points at itself), summed stage by stage as scikit-learn does."""

    def __init__(self, features: list[str], trees: dict[str, np.ndarray], scale: float, init: float,
                 classes: np.ndarray) -> None:
        self.columns = {f: i for i, f in enumerate(features)}
        self.left, self.right = trees["left"], trees["right"]
        self.feature, self.threshold, self.value = trees["feature"], trees["threshold"], trees["value"]
        self.depth = int(trees["depth"])
        self.scale, self.init, self.classes_ = scale, init, classes
        # the node arrays flat, read at tree × width + node: one gather where a (tree, node) pair index takes two
        self._width = self.left.shape[1]
        self._flat = {k: np.ascontiguousarray(trees[k]).ravel() for k in ("left", "right", "feature", "threshold", "value")}

    @classmethod
    def from_arrays(cls, arrays) -> DictBoosted:
        """From the arrays of a lean artefact."""
        trees = {k: arrays[k] for k in ("left", "right", "feature", "threshold", "value", "depth")}
        return cls(arrays["features"].tolist(), trees, float(arrays["scale"]), float(arrays["init"]),
                   arrays["classes"])

    def matrix(self, rows: list[dict]) -> np.ndarray:
        """The feature matrix as the vectoriser makes it (a string value v of f is feature "f=v" = 1), in float32
        as the trees read it (summed in float64 first, as the vectoriser's array is)."""
        columns, width = self.columns, len(self.columns)
        x = [[0.0] * width for _ in rows]
        for cells, row in zip(x, rows):
            for name, value in row.items():
                if isinstance(value, str):
                    name, value = f"{name}={value}", 1.0
                col = columns.get(name)
                if col is not None and value is not None:
                    cells[col] += value
        return np.array(x, dtype=np.float64).reshape(len(rows), width).astype(np.float32)

    def decision_function(self, rows: list[dict]) -> np.ndarray:
        """Raw scores: the prior's log-odds plus each tree's leaf value times the learning rate, in stage order."""
        x = self.matrix(rows)
        flat, n = self._flat, len(rows)
        trees = (np.arange(self.left.shape[0]) * self._width)[None, :]  # where each tree's nodes begin
        at_row = (np.arange(n) * x.shape[1])[:, None]  # where each sample's features begin in x.ravel()
        values = x.ravel()
        node = np.zeros((n, self.left.shape[0]), dtype=np.intp)
        for _ in range(self.depth):
            at = trees + node
            left = values[at_row + flat["feature"][at]] <= flat["threshold"][at]
            node = np.where(left, flat["left"][at], flat["right"][at])
        stages = np.concatenate([np.full((n, 1), self.init), self.scale * flat["value"][trees + node]], axis=1)
        return np.cumsum(stages, axis=1)[:, -1]  # running sum: the same additions, in the same order

    def predict_proba(self, rows: list[dict]) -> np.ndarray:
        """(P(class 0), P(class 1)) per row: the logistic of the raw score."""
        positive = np.array([_expit(r) for r in self.decision_function(rows)])
        return np.stack([1 - positive, positive], axis=1)


def _expit(raw: float) -> float:
    """1 / (1 + e^-raw) with the C library's exp, as scipy.special.expit computes it."""
    try:
        return 1.0 / (1.0 + math.exp(-raw))
    except OverflowError:
        return 0.0
