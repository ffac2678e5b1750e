"""Section spans from the heading grammar: an ordinal (一、…七、) plus a heading cue, in increasing order."""
from __future__ import annotations

import re

from .schema import Section
from .vocab import load_vocab

_NUMERALS = "一二三四五六七八九十"
_HEADING = re.compile(
    rf"^[ \t]*(?:第)?(?P<ord>[{_NUMERALS}]{{1,3}})(?:部分)?[ \t]*[、.．,，:：]?[ \t]*(?P<body>[^\t\n]{{2,60}}?)[ \t]*$",
    re.MULTILINE,
)
_ORDINAL_VALUE = {ch: i + 1 for i, ch in enumerate(_NUMERALS)}
MODEL_HEADING_MIN_PROB = 0.9


def ordinal(text: str) -> int:
    """Value of a Chinese ordinal up to 99 (一 → 1, 十二 → 12)."""
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _ORDINAL_VALUE.get(text[1:], 0)
    if len(text) >= 2 and text[1] == "十":
        return _ORDINAL_VALUE[text[0]] * 10 + (_ORDINAL_VALUE.get(text[2:], 0) if len(text) > 2 else 0)
    return _ORDINAL_VALUE.get(text, 0)


def heading_key(body: str) -> str | None:
    """The section key a heading's text names, or None."""
    vocab = load_vocab("sections")
    if any(cue in body for cue in vocab["table_row_cues"]):
        return None
    if re.search(r"[。；]|\d{2,}", body):
        return None  # a sentence or a table row, not a heading
    for key, cues in vocab["sections"].items():
        if any(cue in body for cue in cues):
            return key
    return None


def _candidates(text: str) -> list[tuple[int, int, str, int]]:
    """(start, end, title, ordinal) of lines shaped like part headings; a heading wrapped onto a second line is
    read together with that line."""
    out = []
    for m in _HEADING.finditer(text):
        if "\t" in m.group(0).strip("\t "):
            continue
        title, end = m.group(0).strip(), m.end()
        if heading_key(_body(title)) is None:
            nxt = text[end + 1: text.find("\n", end + 1) if text.find("\n", end + 1) >= 0 else len(text)]
            if 0 < len(nxt.strip()) <= 20 and "\t" not in nxt and heading_key(_body(title + nxt.strip())):
                title, end = title + nxt.strip(), end + 1 + len(nxt)
        out.append((m.start() + len(m.group(0)) - len(m.group(0).lstrip()), end, title, ordinal(m.group("ord"))))
    return out


def _body(title: str) -> str:
    return re.sub(rf"^[ \t]*第?[{_NUMERALS}]+(?:部分)?[ \t]*[、.．,，:：]?", "", title)


def find_sections(text: str, classifier=None) -> list[Section]:
    """Sections in document order; text before the first part is `preamble`; parts after 六 are `notes`.

    The heading grammar decides; a trained line classifier (service.lines) is asked only about short lines
    when the grammar left one of the required parts unfound.
    """
    heads = _grammar_heads(text)
    if classifier is not None:
        heads = _model_heads(text, heads, classifier)
    return _to_sections(text, heads)


def _grammar_heads(text: str) -> list[tuple[int, str, str]]:
    heads: list[tuple[int, str, str]] = []
    last_ord, seen = 0, set()
    order = list(load_vocab("sections")["sections"])
    for start, _end, title, num in _candidates(text):
        key = heading_key(_body(title))
        if key is None or num <= last_ord or key in seen:
            continue
        if num > 6 and key != "notes":
            key = "notes" if key in seen or order.index(key) < order.index("other_matters") else key
        if heads and order.index(key) < order.index(heads[-1][1]) and key != "notes":
            continue
        heads.append((start, key, title))
        last_ord = num
        seen.add(key)
    return heads


def _model_heads(text: str, heads: list[tuple[int, str, str]], classifier) -> list[tuple[int, str, str]]:
    """Add headings of missing parts that the line classifier is sure of, where the part order allows."""
    order = list(load_vocab("sections")["sections"])
    missing = set(order[:6]) - {k for _, k, _ in heads}
    if not missing:
        return heads
    lines, pos = [], 0
    for line in text.split("\n"):
        if 4 <= len(line.strip()) <= 40 and "\t" not in line and not any(h[0] == pos for h in heads):
            lines.append((pos + len(line) - len(line.lstrip()), line.strip()))
        pos += len(line) + 1
    for (start, title), (key, role, prob) in zip(lines, classifier.predict([t for _, t in lines])):
        if role != "heading" or key not in missing or prob < MODEL_HEADING_MIN_PROB:
            continue
        before = [k for s, k, _ in heads if s < start]
        after = [k for s, k, _ in heads if s > start]
        if all(order.index(k) < order.index(key) for k in before) and all(order.index(k) > order.index(key)
                                                                           for k in after):
            heads = sorted([*heads, (start, key, title)])
            missing.discard(key)
    return heads


def _to_sections(text: str, heads: list[tuple[int, str, str]]) -> list[Section]:
    sections = []
    if heads and text[: heads[0][0]].strip():
        sections.append(Section(key="preamble", title="", span=(0, heads[0][0])))
    for i, (start, key, title) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        sections.append(Section(key=key, title=title, span=(start, end)))
    if not heads:
        sections.append(Section(key="preamble", title="", span=(0, len(text))))
    return sections


def section_at(sections: list[Section], pos: int) -> str | None:
    """Key of the section containing character offset `pos`."""
    for s in sections:
        if s.span[0] <= pos < s.span[1]:
            return s.key
    return None
