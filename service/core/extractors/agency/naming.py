"""Naming the chosen candidate: the evidence span where the text gives its name, and the short forms it goes by."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from service.base.schema import Agency
from service.core.extractors.agency.grouping import Candidate, is_subsequence

_CJK = r"[\u4e00-\u9fff]"


def name_of(text: str, best: Candidate) -> Agency:
    """The contract's Agency for the ranker's choice: full name, aliases (member names, then short forms), evidence."""
    aliases = sorted((n for n in best.members if n != best.name), key=lambda n: (-len(n), n))
    aliases += [a for a in _aliases(text, best.name) if a not in aliases]
    return Agency(name=best.name, aliases=aliases, span=_evidence(text, best))


def _evidence(text: str, c: Candidate) -> tuple[int, int]:
    """Where the text gives the chosen name: its title mention, else its first exact mention, else a short form."""
    exact = [m for m in c.mentions if m.name == c.name]
    titled = [m for m in exact if "title" in m.flags]
    if titled or exact:
        m = (titled or exact)[0]
        return m.start, m.end
    pos = text.find(c.name)
    if pos >= 0:
        return pos, pos + len(c.name)
    return c.mentions[0].start, c.mentions[0].end


@lru_cache(maxsize=256)
def _alias_rx(last: str) -> re.Pattern:
    """市/县/… then up to six characters ending like the full name, compiled once per last character."""
    return re.compile(r"[市县区镇乡州省]" + rf"{_CJK}{{1,6}}?" + last)


def _aliases(text: str, full: str) -> list[str]:
    """Short forms used in the text, such as 市科技局 for 中卫市科学技术局."""
    found: Counter = Counter()
    inside, at = set(), text.find(full) if full else -1
    while at >= 0:  # every character of the full name's occurrences (one after another, as a scan finds them)
        inside.update(range(at, at + len(full)))
        at = text.find(full, at + len(full))
    for m in _alias_rx(full[-1]).finditer(text):
        alias = m.group(0)
        if m.start() in inside:
            continue
        if alias != full and is_subsequence(alias[1:], full) and len(alias) >= 3:
            found[alias] += 1
    return [a for a, n in found.most_common(4)]
