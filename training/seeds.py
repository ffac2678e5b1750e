"""Seed annotations: build corpora/seeds.jsonl from corpora/seed_spec.yaml + gold, and load it with the texts.

The seed texts stay in ../shared/seeds; the JSONL holds ids, a text hash and character spans only.
Usage: python -m training.seeds --build
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
from pathlib import Path

import yaml

from service.core.normalise import normalise
from training.generate import _count_context

SHARED = Path(__file__).resolve().parents[2] / "shared"
SECTION_WORDS = [("overview", "总体情况"), ("active_disclosure", "主动公开政府信息"), ("applications", "收到和处理"),
                 ("review_litigation", "行政复议"), ("problems", "存在的主要问题"), ("other_matters", "其他需要报告"),
                 ("notes", "相关说明")]


def seed_text(seed_id: str, shared: Path = SHARED) -> str | None:
    """The normalised text of a seed, or None when ../shared is absent."""
    path = shared / "seeds" / f"{seed_id}.txt"
    return normalise(path.read_text(encoding="utf-8")).text if path.exists() else None


def line_sections(text: str) -> list[list]:
    """[start, end, section, role] per line from the top-level headings (一、… 七、) of a seed."""
    out, section = [], "preamble"
    pos = 0
    for line in text.split("\n"):
        s = line.strip()
        role = "table_row" if "\t" in line else "narrative"
        m = re.match(r"^[一二三四五六七八九]、(.{2,30})$", s)
        key = next((k for k, w in SECTION_WORDS if m and w in m.group(1)), None)
        if key and not re.search(r"\d", s):
            section, role = key, "heading"
        if s:
            out.append([pos, pos + len(line), section, role])
        pos += len(line) + 1
    return out


def _outside_titles(text: str, start: int) -> bool:
    return text.rfind("《", 0, start) <= text.rfind("》", 0, start)


def locate_entities(text: str, entries: list[list[str]]) -> list[dict]:
    """Every occurrence of each surface string, longest first, never overlapping; no platform inside 《》."""
    taken = bytearray(len(text))
    out = []
    for surface, label, extra, group in sorted(entries, key=lambda x: -len(x[0])):
        for m in re.finditer(re.escape(surface), text):
            s, e = m.start(), m.end()
            if any(taken[s:e]) or (label == "PLATFORM" and not _outside_titles(text, s)):
                continue
            taken[s:e] = b"\1" * (e - s)
            info = {"kind": extra} if label == "PLATFORM" else {"role": extra}
            out.append({"start": s, "end": e, "label": label, "group": group, "surface": surface, **info})
    return sorted(out, key=lambda x: x["start"])


def locate_counts(text: str, gold_counts: list[dict], links: dict[str, str], lines: list[list]) -> list[dict]:
    """Gold counts placed in the text (value + unit after a clause sharing the subject), with link targets."""
    used: set[int] = set()
    out = []
    for g in gold_counts:
        value = f"{g['value']:g}" if isinstance(g["value"], float) else str(g["value"])
        best = None
        for m in re.finditer(rf"(?<![\d.]){re.escape(value)}\s*(?:余|多)?\s*{re.escape(g['unit'])}", text):
            before = text[max(0, m.start() - 40):m.start()]
            score = sum(ch in before for ch in g["subject"]) / max(1, len(g["subject"]))
            if m.start() not in used and (best is None or score > best[0]):
                best = (score, m)
        if best is None or best[0] < 0.5:
            continue
        used.add(best[1].start())
        span = {"start": best[1].start(), "end": best[1].end(), "value": g["value"], "unit": g["unit"],
                "approx": g["approx"], "target": links.get(g["subject"], "none"), "gold_subject": g["subject"]}
        out.append(_count_context(text, span, lines))
    return out


def build(spec_path: Path, out_path: Path, shared: Path = SHARED) -> int:
    """Write seeds.jsonl; returns the number of seeds annotated."""
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    rows = []
    for seed_id, ann in spec.items():
        text = seed_text(seed_id, shared)
        gold = json.loads((shared / "gold" / f"{seed_id}.json").read_text(encoding="utf-8"))
        lines = line_sections(text)
        rows.append({"id": seed_id, "sha1": hashlib.sha1(text.encode()).hexdigest(), "lines": lines,
                     "entities": locate_entities(text, ann["entities"]),
                     "counts": locate_counts(text, gold["counts"], ann.get("links") or {}, lines)})
    with out_path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return len(rows)


def load(corpora_dir: Path, shared: Path = SHARED) -> list[dict]:
    """Annotated seeds with their normalised text; [] when ../shared is absent or a text changed."""
    path = corpora_dir / "seeds.jsonl"
    if not path.exists() or not (shared / "seeds").exists():
        return []
    out = []
    for row in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
        text = seed_text(row["id"], shared)
        if text is not None and hashlib.sha1(text.encode()).hexdigest() == row["sha1"]:
            out.append({**row, "text": text})
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--build", action="store_true")
    ap.add_argument("--corpora", type=Path, default=Path("corpora"))
    args = ap.parse_args()
    if args.build:
        print(build(args.corpora / "seed_spec.yaml", args.corpora / "seeds.jsonl"), "seeds annotated")
