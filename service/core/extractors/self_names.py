"""The report's own voice for its agency (本局, 本机关, 我委): where the reporting agency is known with evidence (its
name has a span in the text) and the word fits its name (本局 for a 局, 本委 for a 委员会, 本机关 for any), each such
word is a mention of the reporting agency. The words and their fits are data (entities.yaml `self_names`)."""
from __future__ import annotations

import re
from functools import lru_cache

from service.base.vocab import VOCAB_DIR, read_yaml

VOCAB = VOCAB_DIR / "entities.yaml"


@lru_cache(maxsize=1)
def _vocab() -> tuple[dict[str, list[str]], re.Pattern, frozenset[str]]:
    """The self-names with the name ends each fits, one pattern finding them (longest first), and the platform
    words a self-name may own (本局 + 门户网站)."""
    data = read_yaml(VOCAB)
    names: dict[str, list[str]] = data["self_names"]
    not_after, not_before = data["self_name_not_after"], data["self_name_not_before"]
    words = sorted(names, key=len, reverse=True)
    # every alternative begins with its word (the characters barred before it are tested behind the whole word), so
    # a scan jumps between the positions where a self-name can start
    alternatives = [re.escape(w) + f"(?<![{not_after}]{re.escape(w)})"
                    + (f"(?![{''.join(not_before[w[-1]])}])" if w[-1] in not_before else "") for w in words]
    pattern = re.compile("(?:" + "|".join(alternatives) + ")")
    return names, pattern, frozenset(data["own_platforms"])


@lru_cache(maxsize=1)
def _longest_first() -> tuple[str, ...]:
    """The self-names, longest first."""
    return tuple(sorted(_vocab()[0], key=len, reverse=True))


@lru_cache(maxsize=1)
def _by_last_char() -> dict[str, tuple[str, ...]]:
    """The self-names by their last character, each group longest first."""
    out: dict[str, list[str]] = {}
    for word in _longest_first():
        out.setdefault(word[-1], []).append(word)
    return {ch: tuple(words) for ch, words in out.items()}


def fits(word: str, agency_name: str) -> bool:
    """Does a self-name (本局) stand for an agency of this name (淮安市自然资源局)?"""
    ends = _vocab()[0].get(word)
    return ends is not None and any(agency_name.endswith(end) for end in ends)


def self_name_at(text: str, end: int) -> str | None:
    """The self-name that ends at `end` in text (本局 before 门户网站), if any."""
    pattern = _vocab()[1]
    for word in _by_last_char().get(text[end - 1] if 0 < end <= len(text) else "", ()):  # it ends with text[end - 1]
        start = end - len(word)
        m = pattern.match(text, start) if start >= 0 and text.startswith(word, start) else None
        if m and m.end() == end:
            return word
    return None


def self_name_spans(text: str, agency) -> list[tuple[int, int]]:
    """Spans of the words in which the report names its own agency, or [] when the agency is not known with
    evidence (no name, or no span of it in the text)."""
    if not agency.name or agency.span is None:
        return []
    return [(m.start(), m.end()) for m in _vocab()[1].finditer(text) if fits(m.group(), agency.name)]


def own_platform_word(name: str) -> str | None:
    """The self-name that opens a platform named by it and a generic platform word (本局 in 本局门户网站, 我委 in
    我委微信公众号), or None."""
    own = _vocab()[2]
    return next((w for w in _longest_first() if name.startswith(w) and name[len(w):] in own),
                None)


def is_own_platform(name: str) -> bool:
    """A platform named by a self-name and a generic platform word (本局门户网站)."""
    return own_platform_word(name) is not None
