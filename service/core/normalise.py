"""Cleanup of raw or OCR'd text that only deletes or swaps characters one for one, so an offset map is exact.

OCR letters in table cells (l for 1, O for 0) are left as read: service.core.tables corrects them only where the
row's arithmetic confirms the reading.

Every span in a response indexes into the normalised text; `Text.origin[i]` is where character i came from
in the ingested text.
"""
from __future__ import annotations

import re
from itertools import compress

from service.base.document import Text

_KEEP = bytes.maketrans(b"\x00\x01", b"\x01\x00")  # a drop mask (1 = drop) turned into a keep mask for compress

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH.update({ord("％"): "%", ord("．"): ".", ord("\u3000"): " ", ord("\u00a0"): " ", ord("\f"): "\n",
                   ord("\u2002"): " ", ord("\u2003"): " ", ord("\u2009"): " ", ord("\u200b"): " ",
                   ord("\ufeff"): " ", ord("\u2028"): "\n", ord("\u2029"): "\n"})

# runs of characters _FULLWIDTH maps: most texts have few, and translating only those runs is much faster
_FULLWIDTH_RUN = re.compile("[" + re.escape("".join(map(chr, sorted(_FULLWIDTH)))) + "]+")

_PAGE_NUMBER = re.compile(
    r"^[ \t]*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})[ \t]*$"
)
_CJK = "\u4e00-\u9fff"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ ]+(?=[{_CJK}])")
_SENTENCE_END = tuple("。！？；：…”’」』）)】]>》")
_ENUMERATOR = re.compile(
    r"^[ \t]*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．)）]|第[一二三四五六七八九十]+"
    r"|[一二三四五六七八九十]+是|附件|注[:：]|[-*•#|])"
)


def _is_table_line(line: str) -> bool:
    """A TAB row, or a line ending in four or more whitespace-separated integers (split, not a backtracking regex)."""
    if "\t" in line:
        return True
    s = line.strip()
    if len(s) >= 2 and s[0] == s[-1] == "|":  # a markdown/pipe table row
        return True
    tail = line.rsplit(None, 4)
    return len(tail) >= 4 and all(t.isdecimal() for t in tail[-4:])


def _drop_page_numbers(text: str, drop: bytearray) -> None:
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        stripped = line.strip()
        if 0 < len(stripped) <= 12 and "\t" not in line and _PAGE_NUMBER.match(line):
            for i in range(pos, min(end + 1, len(text))):
                drop[i] = 1
        pos = end + 1


def _drop_cjk_spaces(text: str, drop: bytearray) -> None:
    for m in _SPACE_BETWEEN_CJK.finditer(text):
        for i in range(m.start(), m.end()):
            drop[i] = 1


def _kept_lines(text: str, drop: bytearray) -> list[tuple[int, int, str]]:
    """Lines as (start, end, visible text) after the deletions so far; blank lines included."""
    out, pos = [], 0
    if 1 not in drop:  # nothing deleted yet (most texts): every line as it stands
        for line in text.split("\n"):
            end = pos + len(line)
            out.append((pos, end, line))
            pos = end + 1
        return out
    for line in text.split("\n"):
        end = pos + len(line)
        if not drop[pos:end].count(0) and line:
            pos = end + 1
            continue  # a dropped page-number line
        seg = drop[pos:end]
        visible = "".join(compress(line, seg.translate(_KEEP))) if seg.count(1) else line
        out.append((pos, end, visible))
        pos = end + 1
    return out


def _body(line: str) -> str:
    """The line without its leading enumerator (一、 （二） 3. …)."""
    m = _ENUMERATOR.match(line)
    return line[m.end():] if m else line


def _looks_like_heading(line: str) -> bool:
    s = line.strip()
    numbered = bool(_ENUMERATOR.match(s)) or s[:1] in "一二三四五六七八九十第"  # 四因政府信息公开… (no 、)
    return len(s) < 15 or (numbered and len(s) < 40 and not re.search("[，。；：]", _body(s)))


def _stops_open(first: str) -> bool:
    """A non-blank line that stops mid-sentence, the first half of a sentence broken across lines or pages: no
    table row, no sentence end, no heading, and sentence punctuation."""
    stripped = first.strip()
    if stripped.endswith(_SENTENCE_END) or _is_table_line(first):  # the cheap test first: most lines end a sentence
        return False
    first = stripped
    if _looks_like_heading(first) and not first.endswith(("、", "，")):
        return False
    return bool(re.search("[，、；]", _body(first)))  # titles and short labels carry no sentence punctuation


def _carries_on(second: str) -> bool:
    """A non-blank line that can carry on the sentence of the line before: no table row, no enumerator."""
    if _is_table_line(second):
        return False
    second = second.strip()
    if _ENUMERATOR.match(second):
        return False
    return "\u4e00" <= second[0] <= "\u9fff" or second[0] in "，、。；）)”"


def _join_broken_lines(text: str, drop: bytearray) -> None:
    """Join a sentence broken across lines or pages: drop the newlines between its two halves (each pair of
    consecutive non-blank lines is one test; a line's half of it is worked out only when the other half holds)."""
    filled = [line for line in _kept_lines(text, drop) if line[2].strip()]
    for (_, end, first), (start, _, second) in zip(filled, filled[1:]):
        if _stops_open(first) and _carries_on(second):
            for k in range(end, start):
                if text[k] in "\n \t\r":
                    drop[k] = 1


def _without(text: str, drop: bytearray) -> Text:
    """The text without the characters marked in `drop` (a few: joined lines, CJK spaces), and its origin map."""
    parts, origin, pos = [], [], 0
    i = drop.find(1)
    while i >= 0:
        parts.append(text[pos:i])
        origin.extend(range(pos, i))
        pos = i + 1
        i = drop.find(1, pos)
    parts.append(text[pos:])
    origin.extend(range(pos, len(text)))
    return Text(text="".join(parts), origin=origin)


def normalise(raw: str) -> Text:
    """Normalise raw/OCR text; returns Text with an exact origin map."""
    text = _FULLWIDTH_RUN.sub(lambda m: m.group().translate(_FULLWIDTH), raw)
    drop = bytearray(len(text))
    for m in re.finditer("\r", text):
        drop[m.start()] = 1
    _drop_page_numbers(text, drop)
    _drop_cjk_spaces(text, drop)
    _join_broken_lines(text, drop)
    if not drop.count(1):
        return Text(text=text, origin=list(range(len(text))))
    return _without(text, drop)

