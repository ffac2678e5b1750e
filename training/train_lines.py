"""Train the line classifier (heading:<key> / narrative / table_row / furniture) on synthetic + seed lines."""
from __future__ import annotations

from pathlib import Path

from service.core.models.lines import ARTEFACT, line_features
from training.artefacts import save_joblib


def labelled_lines(docs: list[dict]) -> tuple[list[str], list[str]]:
    """Feature strings and labels of every labelled line of the documents."""
    x, y = [], []
    for d in docs:
        for start, end, key, role in d["lines"]:
            x.append(line_features(d["text"][start:end]))
            y.append(f"heading:{key}" if role == "heading" else role)
    return x, y


def train(docs: list[dict], seeds: list[dict], seed: int = 0):
    """A fitted pipeline: bag of layout/text tokens → multinomial logistic regression."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    x, y = labelled_lines(docs)
    sx, sy = labelled_lines(seeds)
    model = make_pipeline(CountVectorizer(token_pattern=r"\S+", lowercase=False, min_df=2, max_features=30000,
                                          binary=True),
                          LogisticRegression(C=2.0, max_iter=300, random_state=seed))
    model.fit(x + sx * 3, y + sy * 3)
    return model


def save(model, models_dir: Path) -> Path:
    """Write models_dir/line_classifier.joblib."""
    return save_joblib(model, models_dir / ARTEFACT)


def main(models_dir: Path = Path("models"), corpora_dir: Path = Path("corpora"), seed: int = 0) -> dict:
    """Retrain only the line classifier, on the corpus and seeds `nianbao train` uses; returns held-out figures."""
    from service.core.models.lines import LineClassifier
    from training import evaluate
    from training import seeds as seed_corpus
    from training.config import N_HELDOUT, N_TRAIN
    from training.generate import generate

    docs, held = generate(N_TRAIN, seed), generate(N_HELDOUT, seed + 1000, "held")
    model = train(docs, seed_corpus.load(corpora_dir), seed)
    save(model, models_dir)
    return evaluate.line_heldout(LineClassifier(model), held)


if __name__ == "__main__":
    print(main())
