"""Train the AGENCY/PLATFORM recogniser: spaCy blank zh + jieba, small CNN, on synthetic (+ seed) sentences.

The model sees the same units the service feeds it: sentences that `name_sentences` selects.
"""
from __future__ import annotations

import random
from pathlib import Path

from service.core.extractors.entities import name_sentences
from service.core.models.nlp import blank_zh

CONFIG = Path(__file__).resolve().parent / "configs" / "ner.cfg"
LABELS = ("AGENCY", "PLATFORM")


def load_config(path: Path = CONFIG):
    """The [training] and [model] sections of the NER config."""
    from spacy.util import load_config as spacy_load_config

    return spacy_load_config(path)


def sentences(doc: dict, negative_share: float, rng: random.Random) -> list[tuple[str, list[tuple]]]:
    """(sentence, [(start, end, label)]) for a labelled document's name-bearing sentences."""
    text = doc["text"]
    ents = sorted((e["start"], e["end"], e["label"]) for e in doc["entities"] if e["label"] in LABELS)
    out = []
    for s, e in name_sentences(text):
        inside = [(a - s, b - s, lab) for a, b, lab in ents if s <= a and b <= e]
        if inside or rng.random() < negative_share:
            out.append((text[s:e], inside))
    return out


def to_examples(nlp, items: list[tuple[str, list[tuple]]]) -> list:
    """spaCy Examples; a label that cuts through a jieba word widens to the whole word."""
    from spacy.training import Example
    from spacy.util import filter_spans

    out = []
    for text, ents in items:
        pred = nlp.make_doc(text)
        ref = pred.copy()
        spans = [ref.char_span(a, b, label=lab, alignment_mode="expand") for a, b, lab in ents]
        ref.ents = filter_spans([sp for sp in spans if sp is not None])
        out.append(Example(pred, ref))
    return out


def synthetic_items(docs: list[dict], cfg: dict, rng: random.Random) -> list:
    """Synthetic sentences, shuffled and capped at max_sentences."""
    items = [it for d in docs for it in sentences(d, cfg["negative_share"], rng)]
    rng.shuffle(items)
    return items[: cfg["max_sentences"]]


def _epochs(nlp, optimizer, examples: list, epochs: int, tcfg: dict, rng: random.Random) -> None:
    from spacy.util import minibatch

    for _ in range(epochs):
        rng.shuffle(examples)
        for batch in minibatch(examples, size=tcfg["batch_size"]):
            nlp.update(batch, drop=tcfg["dropout"], sgd=optimizer)


def train(docs: list[dict], seed: int = 0, config: Path = CONFIG, epochs: int | None = None):
    """A spaCy pipeline with one 'ner' pipe trained on synthetic sentences only (the base model)."""
    from spacy.util import fix_random_seed

    cfg = load_config(config)
    tcfg = cfg["training"]
    fix_random_seed(seed)
    rng = random.Random(seed)
    nlp = blank_zh()
    ner = nlp.add_pipe("ner", config={"model": cfg["model"]})
    for label in LABELS:
        ner.add_label(label)
    examples = to_examples(nlp, synthetic_items(docs, tcfg, rng))
    optimizer = nlp.initialize(lambda: examples[:300])
    optimizer.learn_rate = tcfg["learn_rate"]
    _epochs(nlp, optimizer, examples, epochs or tcfg["epochs"], tcfg, rng)
    return nlp


def fine_tune(base_bytes: bytes, docs: list[dict], seeds: list[dict], seed: int = 0, config: Path = CONFIG):
    """A copy of the base model tuned on seed sentences mixed with a replay of synthetic ones."""
    from spacy.util import fix_random_seed

    cfg = load_config(config)
    tcfg = cfg["training"]
    fix_random_seed(seed)
    rng = random.Random(seed)
    nlp = blank_zh()
    nlp.add_pipe("ner", config={"model": cfg["model"]})
    nlp.from_bytes(base_bytes)
    items = [it for d in seeds for it in sentences(d, 1.0, rng)] * tcfg["seed_repeat"]
    items += synthetic_items(docs, tcfg, rng)[: 2 * len(items)]
    if not seeds:
        return nlp
    optimizer = nlp.resume_training()
    optimizer.learn_rate = tcfg["learn_rate"] / 2
    _epochs(nlp, optimizer, to_examples(nlp, items), tcfg["fine_tune_epochs"], tcfg, rng)
    return nlp


def save(nlp, models_dir: Path) -> Path:
    """Write the pipeline to models_dir/ner, and beside it the lean NER that workers load without spaCy
    (models_dir/ner.lean.npz, training/lean_export.py)."""
    from training.lean_export import export_ner

    path = models_dir / "ner"
    path.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(path)
    export_ner(models_dir)
    return path
