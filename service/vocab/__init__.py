"""Vocabulary files (YAML) loaded once and cached."""
from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

VOCAB_DIR = Path(__file__).resolve().parent


@cache
def load_vocab(name: str) -> dict:
    """Parsed service/vocab/<name>.yaml."""
    with open(VOCAB_DIR / f"{name}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)
