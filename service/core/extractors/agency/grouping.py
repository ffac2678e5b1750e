"""Reporting-agency candidates grouped by name: short forms joined to the full name the text gives, and the
features the ranker (ranker.py) scores each name by."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from service.core.extractors.agency.candidates import Mention, _vocab, is_name

_LONG_SUFFIX = {"委": ("委员会",), "办": ("办公室", "办事处"), "府": ("政府",)}
_GOV_HEADS = ("人民政府", "政府", "街道办事处", "办事处")
_PLACE_CHAIN = re.compile(r"(?:[\u4e00-\u9fff]{1,7}?(?:自治区|省|市|州|盟|县|区|旗|地区))+")
_NATIONAL = ("国家", "中共", "中央", "国务院", "中华人民共和国", "全国")
_PLACE = re.compile(r"(?:自治区|省|市|州|盟|县|区|旗|镇|乡|街道)")
_KINDS = [("gov_office", ("人民政府办公室", "人民政府办公厅", "政府办公室", "政府办")), ("gov", ("人民政府", "政府")),
          ("street", ("街道办事处", "办事处", "街道办")), ("committee", ("委员会", "委", "管委会")),
          ("office", ("办公室", "办公厅", "办")), ("bureau", ("局",)), ("dept", ("厅",)), ("centre", ("中心",))]


@dataclass
class Candidate:
    """One candidate name with every mention that names it (itself or a short form of it)."""

    name: str
    mentions: list[Mention] = field(default_factory=list)
    members: set[str] = field(default_factory=set)


def is_subsequence(short: str, long: str) -> bool:
    """Every character of short appears in long, in order."""
    it = iter(long)
    return all(ch in it for ch in short)


def same_kind(short: str, full: str) -> bool:
    """Both name the same kind of body: 局/局, 委/委员会, 办/办公室…"""
    return full[-1] == short[-1] or full.endswith(_LONG_SUFFIX.get(short[-1], ()))


@lru_cache(maxsize=4096)
def place_only(name: str) -> bool:
    """A name that is a place alone (某某镇, 某某街道, 某某区)."""
    v = _vocab()
    return not name.endswith(v["head_ends"]) and name.endswith(v["place_ends"])


def expands(short: str, long: str) -> bool:
    """long is a fuller form of short (市应急局 → 某市应急管理局, 某街道 → 某街道办事处, 某区 → 某市某区人民政府)."""
    if len(long) <= len(short) or (long[-1] != short[-1] and short[-1] not in _LONG_SUFFIX
                                    and not place_only(short)) or place_only(long):
        return False
    if place_only(short):
        return short in long and long.endswith(_GOV_HEADS) and long.index(short) + len(short) >= len(long) - 5
    if short in long:  # 某街道办 → 某县某街道办事处, but not 某局 → 某局办公室 (another body)
        tail = long[long.index(short) + len(short):]
        if tail and short[-1] + tail not in _LONG_SUFFIX.get(short[-1], ()):
            return False
    return is_subsequence(short, long) and same_kind(short, long)


_PREPOSITION = "与在由向经对和及于为至以从"
# 茂康镇政府 → 某市某县茂康镇人民政府: higher places, read backwards from where the place starts
_HIGHER = re.compile(rf"(?:[^\W\d_{_PREPOSITION}请的]{{2,3}}(?:省|市|州|盟|县|区|旗))+$")
_BODY = re.compile(r"(?P<body>[\u4e00-\u9fff]{1,20}?)(?:委员会|办公室|办事处|局|厅|委|办|政府)")


_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_NAME_PLACE = re.compile(r"[\u4e00-\u9fff]+?(?:自治区|省|市|州|县|区|旗|镇|乡)")
_HEAD_WORD = re.compile("局|委|办|政府|厅")


def _higher(text: str, start: int) -> int:
    """Start of the higher places written before text[start] (after a non-CJK character or a preposition)."""
    m = _HIGHER.search(text, max(0, start - 24), start)
    if not m:
        return start
    for pos in range(m.start(), start):  # the leftmost start that follows a boundary
        if _HIGHER.fullmatch(text, pos, start) and (pos == 0 or not _CJK_CHAR.match(text[pos - 1])
                                                    or text[pos - 1] in _PREPOSITION):
            return pos
    return start


def full_name(text: str, name: str) -> str | None:
    """A longer official name in the text that name abbreviates (科技工信局 → 科学技术和工业信息化局)."""
    place = _NAME_PLACE.match(name)
    place_text = place.group(0) if place else name[:2]
    best = None
    pos = text.find(place_text)
    while pos >= 0:
        m = _BODY.match(text, pos + len(place_text))
        body = m.group("body") if m else ""
        if m and not _HEAD_WORD.search(body) and place_text not in body:
            cand = text[_higher(text, pos):m.end()]
            if ((best is None or len(cand) > len(best)) and len(cand) > len(name) and expands(name, cand)
                    and is_name(cand)):  # 桃洲市政务服务网链接桃洲信访局 is a sentence, no name
                best = cand
        pos = text.find(place_text, pos + 1)
    return best


def junk_prefixed(long: str, short: str, text: str) -> bool:
    """long is short with words in front that are no higher place (加强某市某局 vs 天津市某区人民政府)."""
    if len(long) <= len(short) or not long.endswith(short) or short[0] in "省市县区镇乡州旗自":
        return False
    prefix = long[: -len(short)]
    if _PLACE_CHAIN.fullmatch(prefix) or prefix.startswith(_NATIONAL) or len(prefix) < 2:
        return False
    return bool(_PLACE_CHAIN.match(short) or short.startswith(_NATIONAL)) and text.count(short) > text.count(long)


def group(text: str, mentions: list[Mention], extra: dict[str, str] | None = None) -> list[Candidate]:
    """Candidates by full name; `extra` maps a name to a longer form found elsewhere in the text."""
    found = {m.name for m in mentions}
    clean = {n: max((s for s in found if junk_prefixed(n, s, text)), key=len, default=n) for n in found}
    names = set(clean.values()) | {f for f in (extra or {}).values() if not any(junk_prefixed(f, s, text) for s in found)}
    canon = {}
    for n in found:
        longer = [full for full in names if expands(clean[n], full)]
        canon[n] = max(longer, key=lambda s: (len(s), s)) if longer else clean[n]
    out: dict[str, Candidate] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        c = out.setdefault(canon[m.name], Candidate(canon[m.name]))
        c.mentions.append(m)
        c.members.add(m.name)
    return list(out.values())


def _kind(name: str) -> str:
    if place_only(name):
        return "place"
    return next((k for k, heads in _KINDS if name.endswith(heads)), "other")


def _relations(c: Candidate, names: list[str]) -> dict[str, float]:
    others = [n for n in names if n != c.name]
    return {
        "sub_office": float(any(c.name.startswith(o) and c.name[len(o):] in ("办公室", "办", "办公厅")
                                for o in others)),
        "has_sub_office": float(any(o.startswith(c.name) and o[len(c.name):] in ("办公室", "办", "办公厅")
                                    for o in others)),
        "inside_other": float(any(c.name in o for o in others)),
        "holds_other": float(any(o in c.name for o in others)),
    }


def features(text: str, cands: list[Candidate]) -> list[dict[str, float]]:
    """One feature dict per candidate (DictVectorizer input)."""
    names = [c.name for c in cands]
    order = sorted(range(len(cands)), key=lambda i: cands[i].mentions[0].start)
    rank = {i: r for r, i in enumerate(order)}
    out = []
    for i, c in enumerate(cands):
        f: dict[str, float] = {f"any:{flag}": 1.0 for m in c.mentions for flag in m.flags}
        f.update({f"exact:{flag}": 1.0 for m in c.mentions if m.name == c.name for flag in m.flags
                  if flag.startswith(("title", "src_", "a_", "in_book", "meta"))})
        first = c.mentions[0].start
        head = c.name[1:] if c.name[0] in "省市县区" else c.name
        f.update({
            "pos": min(first, 4000) / 1000, "first_line": float(first < 30 or text[:first].strip() == ""),
            f"rank:{min(rank[i], 4)}": 1.0, "n_mentions": math.log1p(len(c.mentions)),
            "n_text": math.log1p(text.count(c.name)), "n_members": float(len(c.members) - 1),
            "in_text": float(c.name in text), "length": len(c.name) / 10, "short": float(len(c.name) <= 4),
            f"kind:{_kind(c.name)}": 1.0, "level_start": float(c.name[0] in "省市县区镇乡"),
            "place": float(bool(_PLACE.search(head[:-1]))), "national": float(c.name.startswith(
                ("国务院", "国家", "中共", "中华人民共和国", "全国"))),
            "province": float(c.name.startswith(_provinces())),
            "expanded": float(c.name not in c.members),
            "run_on_share": sum("runs_on" in m.flags for m in c.mentions) / len(c.mentions),
        })
        f.update(_relations(c, names))
        out.append(f)
    return out


@lru_cache(maxsize=1)
def _provinces() -> tuple[str, ...]:
    from service.core.extractors.entities import vocab

    return vocab()["province_prefixes"]
