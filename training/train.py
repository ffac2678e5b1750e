"""`nianbao train`: regenerate the synthetic corpus, retrain every model, evaluate, rewrite models/MODEL_CARD.md."""
from __future__ import annotations

import time
from pathlib import Path

from service.core.models.lines import LineClassifier
from service.core.models.linker import Linker
from service.core.models.nlp import NLP, load_jieba
from training import evaluate, train_agency, train_lines, train_linker, train_ner
from training import seeds as seed_corpus
from training.card import write_card
from training.config import N_HELDOUT, N_TRAIN
from training.generate import generate, write_jsonl


def _loso(seeds: list[dict], fit) -> list:
    """fit(all seeds but k) for every seed k, in seed order."""
    return [fit([s for s in seeds if s["id"] != k["id"]]) for k in seeds]


def _sklearn_models(docs, held, seeds, models_dir: Path, seed: int) -> dict:
    lines = train_lines.train(docs, seeds, seed)
    train_lines.save(lines, models_dir)
    linker = train_linker.train(docs, seeds, seed)
    train_linker.save(linker, models_dir)
    hc, ht = train_linker.dataset(held)
    link_scores = evaluate.linker_heldout(Linker(linker), hc, ht)
    line_loso = [evaluate.line_pairs(LineClassifier(m), [k]) for m, k in zip(
        _loso(seeds, lambda s: train_lines.train(docs, s, seed)), seeds)]
    link_loso = [evaluate.link_pairs(Linker(m), *train_linker.dataset([k])) for m, k in zip(
        _loso(seeds, lambda s: train_linker.train(docs, s, seed)), seeds)]
    return {"lines": evaluate.line_heldout(LineClassifier(lines), held), "linker": link_scores,
            "linker_linked": evaluate.linked_only(link_scores),
            "lines_loso": evaluate.pooled(line_loso), "linker_loso": evaluate.linked_only(evaluate.pooled(link_loso)),
            "linker_loso_all": evaluate.pooled(link_loso)}


def _ner(docs, held, seeds, models_dir: Path, seed: int) -> dict:
    base = train_ner.train(docs, seed)
    base_bytes = base.to_bytes()
    full = train_ner.fine_tune(base_bytes, docs, seeds, seed)
    train_ner.save(full, models_dir)
    jb = load_jieba()
    out = {"ner": evaluate.entity_heldout(NLP(jb, full), held),
           "seeds": evaluate.seed_entity_scores(NLP(jb, full), seeds),
           "seeds_base": evaluate.seed_entity_scores(NLP(jb, base), seeds)}
    models = _loso(seeds, lambda s: NLP(jb, train_ner.fine_tune(base_bytes, docs, s, seed)))
    out["seeds_loso"] = evaluate.sum_tallies([evaluate.seed_entity_scores(m, [k]) for m, k in zip(models, seeds)])
    return out


def main(models_dir: Path = Path("models"), corpora_dir: Path = Path("corpora"), seed: int = 0) -> dict:
    """Rebuild corpus and models deterministically; returns the figures written to the model card."""
    t0 = time.perf_counter()
    docs, held = generate(N_TRAIN, seed), generate(N_HELDOUT, seed + 1000, "held")
    write_jsonl(docs, corpora_dir / "synthetic" / "train.jsonl")
    write_jsonl(held, corpora_dir / "synthetic" / "heldout.jsonl")
    seeds = seed_corpus.load(corpora_dir)
    figures = {"n_train": len(docs), "n_heldout": len(held), "n_seeds": len(seeds), "seed": seed}
    figures.update(_sklearn_models(docs, held, seeds, models_dir, seed))
    figures.update(_ner(docs, held, seeds, models_dir, seed))
    # the agency ranker reads the AGENCY mentions of the NER just trained
    figures.update(train_agency.train(NLP.load(models_dir), docs, models_dir, seed))
    figures["train_seconds"] = round(time.perf_counter() - t0, 1)
    figures.update(evaluate.timings(models_dir, seeds))
    write_card(models_dir / "MODEL_CARD.md", figures)
    return figures


if __name__ == "__main__":
    main()
