"""Line classifier: each line → (section key of a heading or None, role, probability).

Roles: heading (a top-level section heading such as 三、收到和处理政府信息公开申请情况), narrative, table_row,
furniture (title, signature, date). `sections.py` asks it about lines its heading grammar is unsure of:

    clf = LineClassifier.load(models_dir)
    key, role, p = clf.predict(["四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"])[0]
    # ("review_litigation", "heading", 0.97)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ARTEFACT = "line_classifier.joblib"
_ENUMS = [("cn_dun", r"[一二三四五六七八九十]+\s*[、.．]"), ("cn_paren", r"[（(][一二三四五六七八九十]+[)）]"),
          ("num_dot", r"\d+\s*[、.．]"), ("num_paren", r"[（(]\d+[)）]"), ("shi", r"[一二三四五六七八九十]+是"),
          ("di", r"第[一二三四五六七八九十]+"), ("pipe", r"\|")]
_ENUM_RX = [(name, re.compile(r"^\s*" + rx)) for name, rx in _ENUMS]


def line_features(line: str) -> str:
    """Layout and text tokens of one line as a space-separated string (the vectoriser splits on spaces)."""
    s = line.strip()
    n = max(1, len(s))
    digits = sum(ch.isdigit() for ch in s)
    cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in s)
    toks = [f"TAB{min(line.count(chr(9)), 4)}", f"LEN{min(len(s) // 8, 12)}", f"DIG{int(4 * digits / n)}",
            f"CJK{int(4 * cjk / n)}", f"PUNCT{min(len(re.findall('[，。；：]', s)), 3)}",
            f"END_{s[-1] if s and not s[-1].isalnum() else 'w'}", f"LEAD{min(len(line) - len(line.lstrip()), 2)}"]
    toks += [f"ENUM_{name}" for name, rx in _ENUM_RX if rx.match(s)] or ["ENUM_none"]
    body = re.sub(r"^[\s(（]*[一二三四五六七八九十\d]+[)）]?\s*[、.．]?\s*", "", s)[:40]
    toks += [f"C_{body[i:i + 2]}" for i in range(len(body) - 1)]
    toks += [f"H_{body[:4]}", f"T_{body[-4:]}"]
    return " ".join(t.replace(" ", "_") for t in toks)


@dataclass
class LineClassifier:
    """A fitted scikit-learn pipeline over `line_features`; labels are 'heading:<key>' or a role."""

    model: Any

    @classmethod
    def load(cls, models_dir: Path) -> LineClassifier:
        """Load models_dir/line_classifier.joblib (its lean twin when exported from it: no scikit-learn import)."""
        from service.core.models import lean

        return cls(lean.load(Path(models_dir) / ARTEFACT))

    def predict(self, lines: list[str]) -> list[tuple[str | None, str, float]]:
        """(section key for headings else None, role, probability) per line."""
        if not lines:
            return []
        probs = self.model.predict_proba([line_features(x) for x in lines])
        classes = self.model.classes_
        out = []
        for row in probs:
            best = int(row.argmax())
            label = str(classes[best])
            key, role = (label.split(":", 1)[1], "heading") if label.startswith("heading:") else (None, label)
            out.append((key, role, float(row[best])))
        return out
