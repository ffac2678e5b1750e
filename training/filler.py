"""Fills template tags with labelled pieces: entity mentions and counts with table-consistent values."""
from __future__ import annotations

import random

from training.builder import Piece
from training.world import World, mentioned_office

GOV = "国务院办公厅政府信息与政务公开办公室"
CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..999 in Chinese numerals (十二, 一百零五); 2 is sometimes 两."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + CN_DIGITS[rest] if rest < 10 else chinese_number(rest).replace("十", "一十", 1)
                                 if rest < 20 else chinese_number(rest))
    return CN_DIGITS[n // 100] + "百" + tail


class Filler:
    """Resolves {tag:arg} for one document; values of linked counts come from the document's tables."""

    def __init__(self, rng: random.Random, world: World, year: int, values: dict[str, float]) -> None:
        self.rng, self.w, self.year, self.values = rng, world, year, values

    def __call__(self, tag: str, arg: str | None) -> str | Piece:
        w, rng = self.w, self.rng
        if tag == "y":
            return str(self.year)
        if tag in ("lvl", "unit", "topic"):
            return {"lvl": w.level, "unit": w.unit, "topic": w.topic}[tag]
        if tag == "phone":
            return f"{rng.randint(310, 999)}-{rng.randint(2000000, 8999999)}"
        if tag == "self":
            name = w.full if rng.random() < 0.45 else rng.choice(w.shorts)
            return Piece(name, "AGENCY", {"role": "reporting", "group": w.full})
        if tag == "off":
            name = mentioned_office(rng, w)
            return Piece(name, "AGENCY", {"role": "mentioned", "group": name})
        if tag == "gov":
            return Piece(GOV, "AGENCY", {"role": "mentioned", "group": GOV})
        if tag == "cityg":
            name = w.city + rng.choice(["人民政府", "政府", "委、" + w.city + "政府"])
            return Piece(name, "AGENCY", {"role": "mentioned", "group": name}) if "、" not in name else name
        if tag in ("p", "pg"):
            return self._platform(tag, arg)
        if tag == "c":
            return self.count(*arg.split("/"))
        raise KeyError(tag)

    def _platform(self, tag: str, kind: str | None) -> str | Piece:
        pool = [p for p in self.w.platforms if kind in (None, p.kind)] or self.w.platforms[:1]
        p = self.rng.choice(pool)
        if tag == "pg" or (p.generic and self.rng.random() < 0.2):
            generic = self.rng.choice(p.generic or [p.surface])
            return Piece(generic, "PLATFORM", {"kind": p.kind, "group": p.name})
        return Piece(p.surface, "PLATFORM", {"kind": p.kind, "group": p.name})

    def _number(self, value: float, unit: str, linked: bool) -> tuple[str, bool]:
        """Write a value as reports do; approximations only for unlinked counts."""
        rng = self.rng
        if isinstance(value, float) and not value.is_integer():
            return f"{value:g}", False
        value = int(value)
        if not linked and value >= 20 and unit != "%" and rng.random() < 0.15:
            return f"{value}{rng.choice(['余', '多'])}" if rng.random() < 0.6 else f"近{value}", True
        if 0 < value < 1000 and unit != "%" and rng.random() < 0.12:
            return ("两" if value == 2 and rng.random() < 0.5 else chinese_number(value)), False
        return (f"{value} " if rng.random() < 0.25 else str(value)), False

    def breakdown(self, pieces: list) -> list:
        """Make a 其中 list add up: unlinked parts split their total, an unlinked total covers its linked parts
        (planted wrong values stay wrong; nothing else in a consistent report is)."""
        cue = next((i for i, p in enumerate(pieces) if isinstance(p, str) and "其中" in p), None)
        counts = [i for i, p in enumerate(pieces) if isinstance(p, Piece) and p.label == "COUNT"]
        before, parts = [i for i in counts if cue is not None and i < cue][-1:], [i for i in counts
                                                                                  if cue is not None and i > cue]
        if not before or not parts:
            return pieces
        total, free = pieces[before[0]], [i for i in parts if pieces[i].meta["target"] == "none"]
        fixed = sum(pieces[i].meta["value"] for i in parts if i not in free)
        if total.meta["target"] == "none" and not free:
            pieces[before[0]] = self._rewrite(total, fixed + self.rng.choice([0, 0, 1, 3]))
            return pieces
        share = max(0, int(total.meta["value"] - fixed))
        for n, i in enumerate(free):
            value = share if n == len(free) - 1 else self.rng.randint(0, share)
            share -= value
            pieces[i] = self._rewrite(pieces[i], value)
        return pieces

    def _rewrite(self, piece: Piece, value: int) -> Piece:
        written, approx = self._number(value, piece.meta["unit"], True)
        return Piece(written + piece.meta["unit"], "COUNT", {**piece.meta, "value": value, "approx": approx})

    def count(self, target: str, unit: str) -> Piece:
        """A count piece; linked targets take the table value, now and then a planted wrong one."""
        rng, linked = self.rng, target != "none"
        if target.startswith(("regulations.", "normative_documents.", "fees.")):
            target = f"active_disclosure.{target}"
        consistent = True
        if linked:
            value = self.values.get(target, 0)
            if rng.random() < 0.08:
                value, consistent = value + rng.choice([1, 2, 3, 10]), False
        else:
            value = 100 if unit == "%" and rng.random() < 0.6 else rng.choice(
                [1, 2, 3, 5, 8, 12, 26, 45, 140, 300, 1056, 2300])
        written, approx = self._number(value, unit, linked)
        meta = {"value": value, "unit": unit, "target": target, "approx": approx, "consistent": consistent}
        return Piece(written + unit, "COUNT", meta)
