"""Train the count → cell linker on the counts the service's extractor finds in labelled documents."""
from __future__ import annotations

from pathlib import Path

from service.base.schema import Count, Section
from service.core.models.linker import ARTEFACT, count_features
from training.artefacts import save_joblib


def sections_of(text: str, lines: list[list]) -> list[Section]:
    """Sections from the labelled heading lines of a document."""
    heads = [ln for ln in lines if ln[3] == "heading"]
    out: list[Section] = []
    for i, (start, end, key, _) in enumerate(heads):
        if out and out[-1].key == key:
            continue  # a heading broken over two lines
        stop = next((h[0] for h in heads[i + 1:] if h[2] != key), len(text))
        out.append(Section(key=key, title=text[start:end], span=(start, stop)))
    return out


def labelled_counts(doc: dict) -> list[tuple[Count, str]]:
    """(count as the extractor reports it, gold target) for the labelled counts it finds."""
    from service.core.extractors.counts import extract_counts

    by_end = {c["end"]: c for c in doc["counts"]}
    out = []
    for c in extract_counts(doc["text"], sections_of(doc["text"], doc["lines"])):
        gold = by_end.get(c.span[1]) or by_end.get(c.span[1] + 1) or by_end.get(c.span[1] - 1)
        if gold is not None and abs(float(gold["value"]) - float(c.value)) < 1e-6:
            out.append((c, gold["target"]))
    return out


def dataset(docs: list[dict]) -> tuple[list[Count], list[str]]:
    """Counts and targets of many documents."""
    pairs = [p for d in docs for p in labelled_counts(d)]
    return [c for c, _ in pairs], [t for _, t in pairs]


def train(docs: list[dict], seeds: list[dict], seed: int = 0):
    """A fitted pipeline: count tokens → logistic regression (balanced so rare targets are learnt)."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    counts, targets = dataset(docs)
    s_counts, s_targets = dataset(seeds)
    x = [count_features(c.subject, c.text, c.unit, c.section) for c in counts + s_counts * 3]
    model = make_pipeline(CountVectorizer(token_pattern=r"\S+", lowercase=False, min_df=2, binary=True),
                          LogisticRegression(C=1.0, max_iter=500, random_state=seed))
    model.fit(x, targets + s_targets * 3)
    return model


def save(model, models_dir: Path) -> Path:
    """Write models_dir/linker.joblib."""
    return save_joblib(model, models_dir / ARTEFACT)
