"""Section spans from the heading grammar: an ordinal (一、…七、) plus a heading cue, in increasing order."""
from __future__ import annotations

import re
from functools import lru_cache

from service.base.schema import Section
from service.base.vocab import load_vocab
from service.core.text import layer_of

_NUMERALS = "一二三四五六七八九十"
_ORDINAL = re.compile(rf"第?(?P<ord>[{_NUMERALS}]{{1,3}})(?:部分)?[ \t]*[、.．,，:：]?[ \t]*")
_MARKDOWN = re.compile(r"^(?:#{1,6}[ \t]*|[*_]{2}(?=\S))|(?<=\S)[*_]{2}$")
_ORDINAL_STARTS = frozenset("第" + _NUMERALS)  # the characters an _ORDINAL match begins with
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


@lru_cache(maxsize=1)
def _title_pattern() -> tuple[re.Pattern, list[str]]:
    keys = list(load_vocab("sections")["titles"])
    alternatives = ["|".join(f"(?:{rx})" for rx in load_vocab("sections")["titles"][k]) for k in keys]
    return re.compile("|".join(f"(?P<k{i}>{alt})" for i, alt in enumerate(alternatives))), keys


def full_title(body: str) -> tuple[str, int] | None:
    """(key, length) of the full heading phrase that `body` starts with (总体情况, 其他需要报告的事项 …)."""
    rx, keys = _title_pattern()
    m = rx.match(body)
    return (keys[int(m.lastgroup[1:])], m.end()) if m else None


def strip_markdown(line: str) -> str:
    """A line without markdown heading marks (## 一、总体情况, **二、…**)."""
    s = line.strip()
    return _MARKDOWN.sub("", s).strip() if s[:1] in "#*_" or s[-1:] in "*_" else s


def _lines(text: str) -> list[tuple[int, str]]:
    """(start, text) of every line, as the text layer cut them once (shared: read, never change)."""
    return layer_of(text).line_texts


def _candidates(text: str) -> list[tuple[int, int, str, int, str]]:
    """(start, end, title, ordinal, key) of lines that read as part headings: an ordinal and a heading body (also
    in markdown, wrapped onto a second line, or glued to the part's first sentence), or a bare full title."""
    out = []
    lines = _lines(text)
    for n, (pos, line) in enumerate(lines):
        if not line or ("\t" in line and "\t" in line.strip("\t ")) or not line.strip():
            continue
        start = pos + len(line) - len(line.lstrip())
        s = strip_markdown(line)
        # no ordinal can start it and it is too long for a bare title: no heading (most lines: prose)
        head = None if s and s[0] not in _ORDINAL_STARTS and len(s) > 30 else \
            _read_heading(s, lines[k][1] if (k := _next_filled(lines, n)) is not None else "")
        if head:
            title, num, key, wrapped = head
            end = lines[k][0] + len(lines[k][1]) if wrapped else pos + len(line)
            out.append((start, end, title, num, key))
        if len(line) >= _RAN_TOGETHER:
            out += _inline_heads(line, pos, skip=start)
    return sorted(out)


def _next_filled(lines: list[tuple[int, str]], n: int) -> int | None:
    """Index of the line after line n, past one blank line: a heading wrapped onto the next line may come back
    from HTML, DOCX or PDF as two paragraphs (第六部分其他需要 / blank / 报告的事项)."""
    for k in (n + 1, n + 2):
        if k < len(lines) and lines[k][1].strip():
            return k
        if k >= len(lines):
            return None
    return None


_RAN_TOGETHER = 300  # a line this long holds more than one paragraph: its page structure ran together
_INLINE_ORDINAL = re.compile(rf"第?([{_NUMERALS}])(?:部分)?[、.．]")


def _inline_heads(line: str, pos: int, skip: int) -> list[tuple[int, int, str, int, str]]:
    """Part headings inside a long line (a crawler's text with the whole body on one line): an ordinal followed by
    a part's full title phrase (二、主动公开政府信息情况), not merely a cue word."""
    out = []
    for m in _INLINE_ORDINAL.finditer(line):
        if pos + m.start() == skip:
            continue  # the line's own start is read by _read_heading
        title = full_title(line[m.end():m.end() + 40])
        if title:
            out.append((pos + m.start(), pos + m.end() + title[1], line[m.start():m.end() + title[1]],
                        ordinal(m.group(1)), title[0]))
    return out


@lru_cache(maxsize=8192)
def _read_heading(s: str, nxt: str) -> tuple[str, int, str, bool] | None:
    """(title, ordinal, key, uses the next line) when line `s` is a part heading (a function of the two lines'
    text: kept, as reports repeat their short lines — table labels, figures, the headings themselves)."""
    m = _ORDINAL.match(s)
    if not m or (m.end() == len(s.rstrip()) and not nxt.strip()):
        title = full_title(s) if len(s) <= 30 else None
        if title and title[1] == len(s):  # a full heading that lost its ordinal
            order = list(load_vocab("sections")["sections"])
            return s, order.index(title[0]) + 1, title[0], False
        return None
    num, body = ordinal(m.group("ord")), s[m.end():]
    nxt = strip_markdown(nxt)
    if not body:  # the ordinal alone on its line, the heading text on the next
        key = heading_key(nxt) if 2 <= len(nxt) <= 60 and "\t" not in nxt else None
        return (s + nxt, num, key, True) if key else None
    key = heading_key(body) if len(body) <= 60 else None
    joined = full_title(body + nxt) if 0 < len(nxt) <= 20 and len(body) <= 40 else None
    if joined and joined[1] == len(body + nxt) and joined[0] != key:
        return s + nxt, num, joined[0], True  # 第六部分其他需 / 要报告的事项: wrapped where a cue misleads
    glued = full_title(body)
    if glued and _sentence_follows(body[glued[1]:]):  # 一、总体情况2023年，本局… : the title is the heading
        return s[: m.end() + glued[1]], num, glued[0], False
    if key:
        return s, num, key, False
    if 0 < len(nxt) <= 20 and "\t" not in nxt and len(body) <= 40 and heading_key(body + nxt):
        return s + nxt, num, heading_key(body + nxt), True
    return None


def _sentence_follows(rest: str) -> bool:
    """Is the text after a full heading phrase a sentence of the part rather than more heading words?"""
    return len(rest) > 8 or bool(re.search(r"[，。；：:\d]", rest))


def find_sections(text: str, classifier=None) -> list[Section]:
    """Sections in document order; text before the first part is `preamble`; parts after 六 are `notes`.

    The heading grammar decides; a trained line classifier (service.core.models.lines) is asked only about short lines
    when the grammar left one of the required parts unfound; a table part whose heading is still unfound starts
    at the first row of its table (title "": no heading was read).
    """
    heads = _grammar_heads(text)
    if classifier is not None:
        heads = _model_heads(text, heads, classifier)
    return _to_sections(text, _content_heads(text, heads))


def _grammar_heads(text: str) -> list[tuple[int, str, str]]:
    heads: list[tuple[int, str, str]] = []
    last_ord, seen = 0, set()
    order = list(load_vocab("sections")["sections"])
    for start, _end, title, num, key in _candidates(text):
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
    lines = []
    for pos, line in _lines(text):
        if 4 <= len(line.strip()) <= 40 and "\t" not in line and not any(h[0] == pos for h in heads):
            lines.append((pos + len(line) - len(line.lstrip()), line.strip()))
    for (start, title), (key, role, prob) in zip(lines, classifier.predict([t for _, t in lines])):
        if role != "heading" or key not in missing or prob < MODEL_HEADING_MIN_PROB:
            continue
        if _fits(heads, start, key):
            heads = sorted([*heads, (start, key, title)])
            missing.discard(key)
    return heads


def _fits(heads: list[tuple[int, str, str]], start: int, key: str) -> bool:
    """Would a heading of `key` at `start` keep the parts in their order?"""
    order = list(load_vocab("sections")["sections"])
    return all(order.index(k) < order.index(key) for s, k, _ in heads if s < start) and all(
        order.index(k) > order.index(key) for s, k, _ in heads if s > start)


@lru_cache(maxsize=1)
def _anchor_patterns() -> list[tuple[str, re.Pattern]]:
    return [(key, re.compile("|".join(f"(?:{rx})" for rx in rxs), re.MULTILINE))
            for key, rxs in load_vocab("sections")["content_anchors"].items()]


def _content_heads(text: str, heads: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """Parts whose heading was lost: the part starts at the line of its first content anchor (the first row of
    its table, the 存在的主要问题 lead-in) that keeps the parts in order."""
    for key, rx in _anchor_patterns():
        if any(k == key for _, k, _ in heads):
            continue
        for m in rx.finditer(text):
            start = text.rfind("\n", 0, m.start()) + 1
            if key == "review_litigation":  # the header row above 结果维持 names the groups
                above = text.rfind("\n", 0, max(0, start - 1)) + 1
                start = above if "行政复议" in text[above:start] else start
            if _fits(heads, start, key) and not any(s == start for s, _, _ in heads):
                heads = sorted([*heads, (start, key, "")])
                break
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
