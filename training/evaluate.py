"""Held-out synthetic P/R/F1 per model and label, and seed scores computed the way ../shared/eval/score.py does."""
from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

from service.core.extractors.entities import extract_entities, find_mentions
from training.seeds import SHARED


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 (1.0 when there is nothing to find and nothing found)."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3),
            "n": tp + fn}


def per_label(gold: list[tuple], pred: list[tuple], labels: list[str]) -> dict[str, dict]:
    """Exact-match P/R/F1 per label over (item id, label) pairs."""
    g, p = Counter(gold), Counter(pred)
    out = {}
    for label in labels:
        tp = sum(min(n, p[k]) for k, n in g.items() if k[-1] == label)
        out[label] = prf(tp, sum(n for k, n in p.items() if k[-1] == label) - tp,
                         sum(n for k, n in g.items() if k[-1] == label) - tp)
    return out


def entity_heldout(nlp, docs: list[dict]) -> dict[str, dict]:
    """Span-exact P/R/F1 of the service's mention finder (NER + rules) on held-out synthetic documents."""
    gold, pred = [], []
    for i, d in enumerate(docs):
        gold += [(i, e["start"], e["end"], e["label"]) for e in d["entities"]]
        pred += [(i, s, e, label) for s, e, label in find_mentions(nlp, d["text"])]
    return per_label(gold, pred, ["AGENCY", "PLATFORM"])


def _score_module(shared: Path):
    path = shared / "eval" / "score.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("nianbao_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def seed_entity_scores(nlp, seeds: list[dict], shared: Path = SHARED) -> dict:
    """Platforms F1 and agencies recall per seed and overall, with score.py's matching."""
    score = _score_module(shared)
    if score is None or not seeds:
        return {}
    total = {"platforms": score.Tally(), "agencies": score.Tally()}
    per_doc = {}
    for s in seeds:
        gold = json.loads((shared / "gold" / f"{s['id']}.json").read_text(encoding="utf-8"))
        agencies, platforms = extract_entities(nlp, s["text"], None)
        pred = {"platforms": [p.model_dump() for p in platforms], "agencies": [a.model_dump() for a in agencies],
                "report": {}}
        doc = {f: score.Tally() for f in score.FIELDS}
        score.score_doc(gold, pred, doc)
        per_doc[s["id"]] = {"platforms": round(doc["platforms"].f1(), 3),
                            "agencies": round(doc["agencies"].recall(), 3)}
        for f, tally in total.items():
            tally.add(doc[f].tp, doc[f].fp, doc[f].fn)
    return {"platforms": round(total["platforms"].f1(), 3), "agencies": round(total["agencies"].recall(), 3),
            "per_doc": per_doc, "tallies": {f: [t.tp, t.fp, t.fn] for f, t in total.items()}}


def sum_tallies(results: list[dict]) -> dict:
    """Platforms F1 and agencies recall over several seed_entity_scores results (leave-one-seed-out)."""
    tp = {f: [sum(r["tallies"][f][i] for r in results if r) for i in range(3)] for f in ("platforms", "agencies")}
    plat, ag = prf(*tp["platforms"]), prf(*tp["agencies"])
    return {"platforms": plat["f1"], "agencies": ag["r"],
            "per_doc": {k: v for r in results if r for k, v in r["per_doc"].items()}}


def line_pairs(model, docs: list[dict]) -> tuple[list, list]:
    """(gold, predicted) items for line scores: the role of every line, the key of every heading."""
    gold, pred = [], []
    for d in docs:
        lines = [d["text"][a:z] for a, z, _, _ in d["lines"]]
        for j, ((_, _, key, role), (pkey, prole, _)) in enumerate(zip(d["lines"], model.predict(lines))):
            gold.append((d["id"], j, role))
            pred.append((d["id"], j, prole))
            gold += [(d["id"], j, f"heading:{key}")] if role == "heading" else []
            pred += [(d["id"], j, f"heading:{pkey}")] if prole == "heading" else []
    return gold, pred


def link_pairs(linker, counts: list, targets: list[str]) -> tuple[list, list]:
    """(gold, predicted) items for link scores."""
    ids = [id(c) for c in counts]
    return ([(i, t) for i, t in zip(ids, targets)], [(i, t) for i, (t, _) in zip(ids, linker.predict(counts))])


def pooled(pairs: list[tuple[list, list]]) -> dict[str, dict]:
    """Per-label scores over several (gold, predicted) sets (e.g. one per left-out seed)."""
    gold = [g for gs, _ in pairs for g in gs]
    pred = [p for _, ps in pairs for p in ps]
    return per_label(gold, pred, sorted({x[-1] for x in gold + pred}))


def line_heldout(model, docs: list[dict]) -> dict[str, dict]:
    """P/R/F1 of the line classifier per role and per section key of heading lines."""
    return pooled([line_pairs(model, docs)])


def linker_heldout(linker, counts: list, targets: list[str]) -> dict[str, dict]:
    """P/R/F1 per link target ('none' included) on held-out counts."""
    return pooled([link_pairs(linker, counts, targets)])


def linked_only(scores: dict[str, dict]) -> dict[str, float]:
    """Micro P/R/F1 over every target except 'none' (what a false alarm costs)."""
    tp = fp = fn = 0
    for label, s in scores.items():
        if label == "none":
            continue
        t = round(s["r"] * s["n"])
        tp += t
        fn += s["n"] - t
        fp += round(t / s["p"]) - t if s["p"] else 0
    return prf(tp, fp, fn)


_TIMING = """
import json, statistics, sys, time
from pathlib import Path
t = time.perf_counter()
from service.core.models.nlp import NLP
from service.core.models.lines import LineClassifier
from service.core.models.linker import Linker
models = Path(sys.argv[1])
nlp = NLP.load(models); LineClassifier.load(models); Linker.load(models)
load = time.perf_counter() - t
from service.core.extractors.entities import extract_entities
text = sys.stdin.read()
times = []
for _ in range(int(sys.argv[2])):
    t = time.perf_counter(); extract_entities(nlp, text, None); times.append(time.perf_counter() - t)
print(json.dumps({"load_seconds": round(load, 2), "entities_ms_median": round(1000 * statistics.median(times), 1),
                  "entities_chars": len(text)}))
"""


def timings(models_dir: Path, seeds: list[dict], runs: int = 21) -> dict:
    """Cold load time of every artefact and the warm median of the entity step on the largest seed, measured in a
    fresh process so that nothing is already imported or cached."""
    import subprocess
    import sys

    text = max((s["text"] for s in seeds), key=len) if seeds else "通过安平市人民政府门户网站发布信息12条。"
    done = subprocess.run([sys.executable, "-c", _TIMING, str(models_dir), str(runs)], input=text, text=True,
                          capture_output=True, check=False)
    # a timing run that fails (e.g. a half-edited working tree) must not lose the freshly trained models' card
    out = json.loads(done.stdout.strip().splitlines()[-1]) if done.returncode == 0 else {
        "load_seconds": "not measured", "entities_ms_median": "not measured"}
    sizes = {p.name: p.stat().st_size for p in models_dir.rglob("*") if p.is_file()}
    out["sizes_kb"] = {"ner": round(sum(p.stat().st_size for p in (models_dir / "ner").rglob("*") if p.is_file())
                                    / 1024),
                       "line_classifier": round(sizes.get("line_classifier.joblib", 0) / 1024),
                       "linker": round(sizes.get("linker.joblib", 0) / 1024),
                       "agency_ranker": round(sizes.get("agency_ranker.joblib", 0) / 1024)}
    return out
