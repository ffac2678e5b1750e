"""Scores reporting-agency candidates with a trained scikit-learn model (models/agency_ranker.joblib) and picks
one, or none when no candidate is likely enough (null beats a guess). Without the model a fixed linear score over
the same features stands in."""
from __future__ import annotations

import math
from pathlib import Path

from service.core.extractors.agency.grouping import Candidate

MODEL_FILE = "agency_ranker.joblib"
# below this the report's agency is left null; the model scores each candidate alone, so the best candidate of a
# report whose agency is named only in prose scores low while junk candidates score near zero (see MODEL_CARD.md)
MIN_PROB = 0.05

# the stand-in when models/agency_ranker.joblib is absent: a hand-set logistic score over the same features
_FALLBACK = {"any:title_line": 3.0, "any:title_prose": 2.5, "any:in_book": 0.5, "any:above_title": 2.0,
             "any:below_title": 1.0, "any:meta": 1.0, "any:a_by": 1.5, "any:a_year_comma": 1.5, "any:f_year": 1.0,
             "any:f_compile": 1.0, "any:f_guide": 1.0, "any:f_site": 0.5, "any:a_combine": 1.0,
             "any:f_about": -2.0, "sub_office": -1.5, "level_start": -3.0, "inside_other": -0.5,
             "national": -2.0, "n_text": 0.5, "kind:other": -1.5}
_FALLBACK_BIAS = -3.0


class AgencyRanker:
    """Probability that a candidate is the reporting agency; `model` is a fitted sklearn Pipeline or None."""

    def __init__(self, model=None, min_prob: float = MIN_PROB) -> None:
        self.model, self.min_prob = model, min_prob

    @classmethod
    def load(cls, models_dir: Path) -> AgencyRanker:
        """The trained ranker from models_dir (its lean twin when exported from it), or the fixed stand-in when the
        file is absent."""
        from service.core.models import lean

        path = Path(models_dir) / MODEL_FILE
        if not path.exists():
            return cls()
        saved = lean.load(path)
        return cls(saved["model"], saved.get("min_prob", MIN_PROB))

    def scores(self, feats: list[dict[str, float]]) -> list[float]:
        """P(reporting agency) per feature dict."""
        if not feats:
            return []
        if self.model is None:
            return [1 / (1 + math.exp(-(_FALLBACK_BIAS + sum(w * f.get(k, 0.0) for k, w in _FALLBACK.items()))))
                    for f in feats]
        return [float(p) for p in self.model.predict_proba(feats)[:, 1]]

    def choose(self, cands: list[Candidate], feats: list[dict[str, float]]) -> tuple[Candidate | None, float]:
        """The most likely candidate and its probability; (None, p) when p is under the threshold."""
        probs = self.scores(feats)
        if not probs:
            return None, 0.0
        best = max(range(len(probs)), key=lambda i: (probs[i], -cands[i].mentions[0].start))
        return (cands[best] if probs[best] >= self.min_prob else None), probs[best]
