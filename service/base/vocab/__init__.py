"""Vocabulary files (YAML) loaded once and cached."""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

VOCAB_DIR = Path(__file__).resolve().parent
# libyaml's safe loader where PyYAML was built with it: the same data about nine times faster (worker start-up)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """A YAML file parsed with the safe loader."""
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_LOADER)  # a safe loader, C or Python


@cache
def load_vocab(name: str) -> dict:
    """Parsed service/base/vocab/<name>.yaml."""
    return read_yaml(VOCAB_DIR / f"{name}.yaml")


def first_chars(words: Iterable[str], extra: str = "") -> str:
    """A lookahead on the first characters of the words (plus `extra`, a character-class body such as \\d): put
    before an alternation, it lets a scan skip the positions where no alternative can start without trying each."""
    return f"(?=[{re.escape(''.join(sorted({w[0] for w in words})))}{extra}])"


def words_pattern(words: Iterable[str]) -> str:
    """A regex matching any of the literal words, longest first, behind their first-character lookahead."""
    words = sorted(set(words), key=len, reverse=True)
    return f"{first_chars(words)}(?:{'|'.join(map(re.escape, words))})"
