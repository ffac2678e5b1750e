"""Count → table-cell linker: which cell group a narrative count reports, or 'none'.

    linker = Linker.load(models_dir)
    linker.predict([count])  # [("applications.new_received.total", 0.93)]

A link below `min_probability` comes back as ("none", p): a wrong link is a false alarm downstream.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from service.base.schema import Count

ARTEFACT = "linker.joblib"
TARGETS = (
    "applications.new_received.total", "applications.carried_over.total", "applications.total_processed.total",
    "applications.carried_forward.total", "applications.granted.total", "applications.partially_granted.total",
    "applications.denied", "applications.unable", "applications.not_processed", "applications.other",
    "review_litigation.review.total", "review_litigation.litigation", "active_disclosure.regulations.issued",
    "active_disclosure.normative_documents.issued", "active_disclosure.normative_documents.in_force",
    "active_disclosure.normative_documents.repealed", "active_disclosure.fees.amount", "none",
)
_SPACE = re.compile(r"\s")
_NOISE = re.compile(r"[\s\d.,，。、；;：:“”\"'（）()《》%]+")


def _grams(prefix: str, s: str, n: int = 3) -> list[str]:
    s = _NOISE.sub("", s)
    return [f"{prefix}{s[i:i + k]}" for k in range(1, n + 1) for i in range(len(s) - k + 1)]


def count_features(subject: str, text: str, unit: str, section: str | None) -> str:
    """Tokens for one count: unit, section, char n-grams of the subject and of the text before the number."""
    return " ".join(count_tokens(subject, text, unit, section))


def count_tokens(subject: str, text: str, unit: str, section: str | None) -> list[str]:
    """The tokens of `count_features` as a list (the n-grams hold no whitespace: _NOISE removes it)."""
    head = text[: max(0, len(text) - len(unit))]
    toks = [f"U_{unit}", f"SEC_{section or 'none'}", f"SU_{unit}_{section or 'none'}"]
    return toks + _grams("S_", subject[-16:]) + _grams("X_", head[-24:], 2)


@dataclass
class Linker:
    """A fitted scikit-learn pipeline over `count_features`."""

    model: Any
    min_probability: float = 0.5

    @classmethod
    def load(cls, models_dir: Path) -> Linker:
        """Load models_dir/linker.joblib (its lean twin when exported from it: no scikit-learn import)."""
        from service.core.models import lean

        return cls(lean.load(Path(models_dir) / ARTEFACT))

    def predict(self, counts: list[Count]) -> list[tuple[str, float]]:
        """(target, probability) per count; 'none' when no cell group is likely enough."""
        if not counts:
            return []
        by_tokens = getattr(self.model, "predict_proba_tokens", None)
        if by_tokens is not None and not any(_SPACE.search(c.unit) or _SPACE.search(c.section or "") for c in counts):
            probs = by_tokens([count_tokens(c.subject, c.text, c.unit, c.section) for c in counts])
        else:  # a space in a unit or section would cut its token in two, as the string's tokeniser does
            probs = self.model.predict_proba([count_features(c.subject, c.text, c.unit, c.section) for c in counts])
        probs = np.asarray(probs)
        best = probs.argmax(axis=1)  # per count, its most likely class (the first of equals)
        targets = [str(c) for c in np.asarray(self.model.classes_)[best].tolist()]
        out = []
        for target, p in zip(targets, probs[np.arange(len(best)), best].tolist()):
            out.append((target, p) if target == "none" or p >= self.min_probability else ("none", p))
        return out
