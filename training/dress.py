"""Heading dresses of the synthetic reports: how a part heading arrives after Word, PDF or web conversion.

plain 一、总体情况 · markdown ## 一、总体情况 · bold **一、总体情况** · spaced 一 、总 体 情 况 ·
glued 一、总体情况2023年，本局… · lost (one heading dropped, its content kept) · bare (one heading without its
ordinal) · absent (forced only: one part missing with its content, a real completeness failure).
"""
from __future__ import annotations

import random

from training.builder import Builder

DRESSES = {"plain": 0.6, "markdown": 0.08, "bold": 0.07, "spaced": 0.07, "glued": 0.1, "lost": 0.05, "bare": 0.03}
ONE_PART = ("lost", "bare", "absent")  # dresses that touch one part; the other headings stay plain
ABSENT_PARTS = ("problems", "other_matters")


def pick_dresses(doc_id: str, keys: list[str], forced: str | None = None) -> dict[str, str]:
    """Dress of each part's heading, drawn from a generator of its own so the text stream is unchanged."""
    rng = random.Random(f"dress-{doc_id}")
    dress = forced or rng.choices(list(DRESSES), weights=list(DRESSES.values()))[0]
    if dress not in ONE_PART:
        return {k: dress for k in keys}
    pool = [k for k in keys if k in ABSENT_PARTS] if dress == "absent" else [k for k in keys[:6] if k != "overview"]
    chosen = rng.choice(pool)
    return {k: dress if k == chosen else "plain" for k in keys}


def _spaced(text: str) -> str:
    return " ".join(text)


def dressed(b: Builder, number: str, title: str, key: str, dress: str) -> None:
    """Write one heading in its dress (a lost heading writes nothing; a glued one waits for the next line)."""
    number = number.strip() if number.strip().endswith(("、", ".")) else number
    if dress == "lost":
        return
    if dress == "markdown":
        b.line(f"{'#' * (2 if len(title) % 3 else 1)} {number}{title}", key, "heading")
    elif dress == "bold":
        b.line(f"**{number}{title}**", key, "heading")
    elif dress == "spaced":
        b.line(_spaced(number.strip()) + " " + _spaced(title), key, "heading")
    elif dress == "bare":
        b.line(title, key, "heading")
    elif dress == "glued":
        b.glued = (number + title, key)
    else:
        b.line(number + title, key, "heading")
