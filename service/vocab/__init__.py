"""Vocabulary files (YAML) loaded once and cached."""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import yaml

VOCAB_DIR = Path(__file__).resolve().parent


@cache
def load_vocab(name: str) -> dict:
    """Parsed service/vocab/<name>.yaml."""
    with open(VOCAB_DIR / f"{name}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def words_pattern(words: Iterable[str]) -> str:
    """A regex matching any of the literal words, longest first, behind a lookahead on their first characters, so
    that a scan skips the positions where none can start without trying every alternative there."""
    words = sorted(set(words), key=len, reverse=True)
    firsts = re.escape("".join(sorted({w[0] for w in words})))
    return f"(?=[{firsts}])(?:{'|'.join(map(re.escape, words))})"
