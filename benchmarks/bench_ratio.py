"""Benchmark (not a test): per-report extraction time against jieba segmentation of the same text, in one run.

The brief asks `Pipeline.run(text)` to stay within 2.5× of `jieba.lcut(text)` (jieba initialised beforehand with the
project's user dictionary, as the pipeline loads it). Texts: the seeds, the real openings and generated reports.
Each round times jieba then the pipeline on every text, interleaved, so both see the same machine load; per text the
median over rounds is kept. Run: `nianbao bench --ratio` or `python -m benchmarks.bench_ratio`.
"""
from __future__ import annotations

import statistics
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def ratio_texts(n_generated: int = 50) -> list[tuple[str, str]]:
    """(group, text) pairs: seeds, real openings (when ../shared is present) and generated reports."""
    out = []
    for group, folder in (("seeds", SHARED / "seeds"), ("openings", SHARED / "real" / "openings" / "docs")):
        out += [(group, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))] if folder.is_dir() else []
    try:
        from training.generate import generate
    except ImportError:
        return out
    return out + [("generated", d["text"]) for d in generate(n_generated, seed=1, prefix="bench")]


def _timed(fn, text: str) -> float:
    t0 = time.perf_counter()
    fn(text)
    return time.perf_counter() - t0


def measure(texts: list[str], rounds: int = 5) -> tuple[list[float], list[float]]:
    """Per text, the median seconds of jieba.lcut and of Pipeline.run over the rounds (warmed beforehand)."""
    from service import get_pipeline
    from service.core.models.nlp import load_jieba

    jieba, pipeline = load_jieba(), get_pipeline()
    for text in texts[:3]:  # warm both (jieba's dictionary, the models, the lru caches)
        jieba.lcut(text)
        pipeline.run(text)
    jb: list[list[float]] = [[] for _ in texts]
    pl: list[list[float]] = [[] for _ in texts]
    for _ in range(rounds):
        for i, text in enumerate(texts):
            jb[i].append(_timed(jieba.lcut, text))
            pl[i].append(_timed(pipeline.run, text))
    return [statistics.median(t) for t in jb], [statistics.median(t) for t in pl]


def run_ratio(n_generated: int = 50, rounds: int = 5) -> float:
    """Print median jieba and pipeline times per group and overall, and the ratio; return the overall ratio."""
    pairs = ratio_texts(n_generated)
    jb, pl = measure([t for _, t in pairs], rounds)
    groups = [g for g in dict.fromkeys(g for g, _ in pairs)] + ["all"]
    ratio = 0.0
    for g in groups:
        idx = [i for i, (grp, _) in enumerate(pairs) if g in ("all", grp)]
        mj, mp = statistics.median(jb[i] for i in idx), statistics.median(pl[i] for i in idx)
        per_text = statistics.median(pl[i] / jb[i] for i in idx)
        ratio = mp / mj
        print(f"{g:<10} n={len(idx):<3} jieba p50={mj * 1000:7.2f} ms  pipeline p50={mp * 1000:7.2f} ms  "
              f"ratio={ratio:5.2f}×  (median per-text ratio {per_text:5.2f}×)")
    return ratio


if __name__ == "__main__":
    run_ratio()
