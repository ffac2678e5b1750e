"""Train the reporting-agency ranker (models/agency_ranker.joblib) on the synthetic corpus, the seeds and the real
report openings of ../shared/real/openings (read at train time, never copied; training works without them).

Leave-one-opening-out: every opening is scored by a ranker trained without it, so the figure is no fit to 40 pages.
Usage: python -m training.train_agency   (uses the NER in models/ for the AGENCY-mention feature)
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from service.core.extractors.agency import candidates
from service.core.extractors.agency.candidates import HEAD
from service.core.extractors.agency.ranker import MIN_PROB, MODEL_FILE, AgencyRanker
from service.core.extractors.entities import extract_entities
from service.core.normalise import normalise
from training.artefacts import save_joblib
from training.seeds import SHARED

REAL_WEIGHT = 3.0  # a real opening counts for three synthetic reports


def _norm(name: str | None) -> str:
    return re.sub(r"\s", "", name or "")


def labelled(nlp, doc_id: str, text: str, accept: list[str]) -> dict:
    """Candidates of one document with features and labels (1 when the name is an accepted form)."""
    head = text[: HEAD + 600]
    agencies, _ = extract_entities(nlp, head) if nlp is not None else ([], [])
    cands, feats = candidates(text, agencies)
    ok = {_norm(a) for a in accept}
    return {"id": doc_id, "names": [c.name for c in cands], "x": feats,
            "y": [int(_norm(c.name) in ok) for c in cands], "accept": sorted(ok)}


def synthetic_rows(nlp, docs: list[dict]) -> list[dict]:
    """Rows of generated reports; accepted: the full name and the place-prefixed short form."""
    return [labelled(nlp, d["id"], d["text"], [d["agency"], *d.get("agency_accept", [])]) for d in docs]


def real_rows(nlp, shared: Path = SHARED) -> tuple[list[dict], list[dict]]:
    """(opening rows, seed rows) from ../shared; both empty when it is absent."""
    openings, seeds = [], []
    gold_dir = shared / "real" / "openings" / "gold"
    for path in sorted(gold_dir.glob("*.json")) if gold_dir.exists() else []:
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = normalise((gold_dir.parent / gold["input"]).read_text(encoding="utf-8")).text
        ag = gold["report"]["agency"]
        openings.append(labelled(nlp, path.stem, text, [ag["name"], *ag.get("accept", [])]))
    for path in sorted((shared / "gold").glob("*.json")) if (shared / "gold").exists() else []:
        gold = json.loads(path.read_text(encoding="utf-8"))
        seed_path = shared / "seeds" / f"{path.stem}.txt"
        if seed_path.exists():
            ag = gold["report"]["agency"]
            text = normalise(seed_path.read_text(encoding="utf-8")).text
            seeds.append(labelled(nlp, path.stem, text, [ag["name"], *ag.get("accept", [])]))
    return openings, seeds


def fit(synthetic: list[dict], real: list[dict], seed: int = 0):
    """DictVectorizer → gradient-boosted trees over candidate features; real rows weigh REAL_WEIGHT."""
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.pipeline import make_pipeline

    x, y, w = [], [], []
    for rows, weight in ((synthetic, 1.0), (real, REAL_WEIGHT)):
        for r in rows:
            x += r["x"]
            y += r["y"]
            w += [weight] * len(r["y"])
    model = make_pipeline(DictVectorizer(sparse=False), GradientBoostingClassifier(
        n_estimators=150, max_depth=3, learning_rate=0.1, random_state=seed))
    model.fit(x, y, gradientboostingclassifier__sample_weight=w)
    return model


def accuracy(model, rows: list[dict], min_prob: float = MIN_PROB) -> float | None:
    """Share of documents whose chosen name is an accepted form (a null counts as wrong)."""
    if not rows:
        return None
    ranker = AgencyRanker(model, min_prob)
    hits = 0
    for r in rows:
        probs = ranker.scores(r["x"])
        best = max(range(len(probs)), key=lambda i: probs[i], default=None)
        hits += int(best is not None and probs[best] >= min_prob and r["y"][best] == 1)
    return round(hits / len(rows), 3)


def leave_one_out(synthetic: list[dict], openings: list[dict], seeds: list[dict], seed: int = 0) -> dict:
    """Accuracy on each opening of a ranker trained without it, and the misses by id."""
    if not openings:
        return {"accuracy": None, "misses": []}
    misses = []
    for k in openings:
        model = fit(synthetic, [r for r in openings if r["id"] != k["id"]] + seeds, seed)
        if accuracy(model, [k]) != 1.0:
            misses.append(k["id"])
    return {"accuracy": round(1 - len(misses) / len(openings), 3), "misses": misses}


def train(nlp, docs: list[dict], models_dir: Path, seed: int = 0, shared: Path = SHARED) -> dict:
    """Fit on everything, save models_dir/agency_ranker.joblib; return the figures for the model card."""
    synthetic = synthetic_rows(nlp, docs)
    openings, seeds = real_rows(nlp, shared)
    model = fit(synthetic, openings + seeds, seed)
    save_joblib({"model": model, "min_prob": MIN_PROB}, models_dir / MODEL_FILE)
    syn_only = fit(synthetic, [], seed)
    return {"agency_n_synthetic": len(synthetic), "agency_n_openings": len(openings), "agency_min_prob": MIN_PROB,
            "agency_loo": leave_one_out(synthetic, openings, seeds, seed),
            "agency_synthetic_only": {"openings": accuracy(syn_only, openings), "seeds": accuracy(syn_only, seeds)},
            "agency_train_fit": {"openings": accuracy(model, openings), "seeds": accuracy(model, seeds)}}


def main(models_dir: Path = Path("models"), n: int = 600, seed: int = 0) -> dict:
    """Train the ranker alone on a freshly generated corpus with the NER already in models_dir."""
    from service.core.models.nlp import NLP
    from training.generate import generate

    figures = train(NLP.load(models_dir), generate(n, seed), models_dir, seed)
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    return figures


if __name__ == "__main__":
    main()
