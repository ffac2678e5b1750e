"""Train the AGENCY/PLATFORM recogniser: spaCy blank zh + jieba, small CNN, on synthetic (+ seed) sentences.

The model sees the same units the service feeds it: sentences that `name_sentences` selects.
"""
from __future__ import annotations

import random
from pathlib import Path

from service.extract.entities import name_sentences
from service.nlp import blank_zh

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


def build_items(docs: list[dict], seeds: list[dict], cfg: dict, rng: random.Random) -> list:
    """Synthetic sentences capped at max_sentences, plus every seed sentence repeated seed_repeat times."""
    items = [it for d in docs for it in sentences(d, cfg["negative_share"], rng)]
    rng.shuffle(items)
    items = items[: cfg["max_sentences"]]
    for d in seeds:
        items += sentences(d, 1.0, rng) * cfg["seed_repeat"]
    return items


def train(docs: list[dict], seeds: list[dict], seed: int = 0, config: Path = CONFIG, epochs: int | None = None):
    """A trained spaCy pipeline with one 'ner' pipe."""
    from spacy.util import fix_random_seed, minibatch

    cfg = load_config(config)
    tcfg = cfg["training"]
    fix_random_seed(seed)
    rng = random.Random(seed)
    nlp = blank_zh()
    ner = nlp.add_pipe("ner", config={"model": cfg["model"]})
    for label in LABELS:
        ner.add_label(label)
    examples = to_examples(nlp, build_items(docs, seeds, tcfg, rng))
    optimizer = nlp.initialize(lambda: examples[:300])
    optimizer.learn_rate = tcfg["learn_rate"]
    for _ in range(epochs or tcfg["epochs"]):
        rng.shuffle(examples)
        for batch in minibatch(examples, size=tcfg["batch_size"]):
            nlp.update(batch, drop=tcfg["dropout"], sgd=optimizer)
    return nlp


def save(nlp, models_dir: Path) -> Path:
    """Write the pipeline to models_dir/ner."""
    path = models_dir / "ner"
    path.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(path)
    return path
