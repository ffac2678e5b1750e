"""Write the lean twin (`<name>.lean.npz`, read by service/core/models/lean.py) of each trained joblib model, after checking
on generated inputs that it gives scikit-learn's probabilities exactly; a model it cannot reproduce gets no twin
(the service then unpickles the joblib, as before). Likewise `models/ner.lean.npz` (service/core/models/lean_ner.py)
for the spaCy NER in `models/ner/`: written only when its entities and word attributes are spaCy's on generated
windows, byte for byte the same file for the same model.

Run: `python -m training.lean_export models/` (training calls `export` after saving each model, `export_ner` after
saving the NER).
"""
from __future__ import annotations

import io
import json
import logging
import random
import sys
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from service.core.models import lean, lean_ner

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
    """Export every known artefact present in models_dir (the NER too); the twins written."""
    import joblib

    paths = [Path(models_dir) / name for name in ARTEFACTS if (Path(models_dir) / name).is_file()]
    written = [t for p in paths if (t := export(joblib.load(p), p)) is not None]
    ner = export_ner(models_dir) if (Path(models_dir) / "ner" / "config.cfg").is_file() else None
    return written + ([ner] if ner is not None else [])


def export_ner(models_dir: Path) -> Path | None:
    """Write models_dir/ner.lean.npz from the spaCy pipeline saved in models_dir/ner, after checking that it finds
    spaCy's entities and computes spaCy's word attributes on the check windows; None (and no file) otherwise."""
    from service.core.models.greedy_ner import LeanNER
    from service.core.models.nlp import NLP

    models_dir = Path(models_dir)
    path = lean_ner.path_of(models_dir)
    loaded = NLP.load(models_dir, spacy=True)  # spaCy's pipeline with the lean parts over its weights
    if loaded.lean is None:
        return _refuse(path, "models/ner is not an architecture the lean NER reproduces")
    arrays = loaded.lean.arrays()
    built = LeanNER.from_arrays(arrays)
    problem = _ner_differs(loaded, built, models_dir / "ner")
    if problem:
        return _refuse(path, f"models/ner: {problem}")
    meta = {"kind": lean_ner.KIND, "source": lean_ner.source_sha(models_dir / "ner")}
    _write_npz(path, {"meta": np.array(json.dumps(meta, sort_keys=True)), **arrays})
    return path


def _write_npz(path: Path, arrays: dict) -> None:
    """An uncompressed .npz (what np.load reads) with fixed member dates and order: the same arrays give the same
    bytes, so a retrained but identical model leaves the committed file unchanged."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as zf:
        for name in sorted(arrays):
            member = io.BytesIO()
            np.lib.format.write_array(member, np.asarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            zf.writestr(info, member.getvalue())
    path.write_bytes(buffer.getvalue())


def check_windows(n_docs: int = 40, seed: int = 7) -> list[str]:
    """Name windows of generated reports, a share of them with whitespace put in (spaces, tabs, full-width spaces,
    line breaks: the texts that go through spaCy's alignment of words), and odd strings for the lexicon."""
    from service.core.extractors.entities import name_sentences
    from training.generate import generate

    rng = random.Random(seed)
    windows = [d["text"][s:e] for d in generate(n_docs, seed=seed, prefix="check") for s, e in name_sentences(d["text"])]
    spaced = []
    for w in windows[::3]:
        chars = list(w)
        for _ in range(rng.randint(1, 3)):
            chars.insert(rng.randint(0, len(chars)), rng.choice([" ", "  ", "\t", "\u3000", "\n", " \n "]))
        spaced.append("".join(chars))
    odd = ["", " ", "。", "PUNCT", "X", "Xxxx", "AB CD ef", "WeChat公众号", "APP", "2023年", "12,345件", "——",
           "“安平发布”", "US$100", "'s", "｛｝", "a" * 120, "政" * 101, "ＡＢＣ１２３", "Ⅻ号", "ß", "İstanbul"]
    return windows + spaced + odd


def _ner_differs(loaded, built, ner_dir: Path) -> str | None:
    """Why the lean NER built from the arrays is not spaCy's own pipeline (None when it is the same)."""
    from thinc.api import use_ops

    from service.core.models.nlp import import_spacy

    spacy = import_spacy()
    from spacy.attrs import IS_SPACE, intify_attr
    from spacy.tokens import Doc

    texts = check_windows()
    with use_ops("numpy", use_blis=False):
        plain = spacy.load(ner_dir)
    cut = loaded.segmenter.cut
    want = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in plain.pipe(texts)]
    if built.entities(texts, cut) != want:
        return "the lean NER's entities differ from spaCy's on the check windows"
    if [built._tokens(t, cut)[0] for t in texts] != [[t.text for t in plain.make_doc(t)] for t in texts]:
        return "the lean NER's words differ from spaCy's tokenizer's on the check windows"
    words = sorted({w for t in texts for w in built._tokens(t, cut)[0]} | {w for w in texts if w})
    columns = [intify_attr(c) for c in built.tok2vec.columns] + [IS_SPACE]
    theirs = Doc(plain.vocab, words=words, spaces=[False] * len(words)).to_array(columns).tolist()
    if [list(built.lexicon.row(w)) for w in words] != theirs:
        return "the lean lexicon's attribute ids differ from spaCy's vocabulary's"
    return None


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
