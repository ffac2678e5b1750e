"""The text layer: where the lines, sentences and clauses of one normalised text begin and end, cut once.

Every extractor and check reads this layer (as every spaCy component reads the same `Doc`) instead of carrying a
sentence regex of its own. `TextLayer(text)` scans the text once with one splitter and keeps the sorted offsets of
every break; each question after that (the sentences of a region, the sentence around a span, the clauses of a
sentence) is a binary search or a walk over the breaks it returns, so a whole document stays linear.

Three strengths of break, all from the one scan:
- a *stop* ends a sentence: 。！？!? or a line end;
- a *semicolon* (；;) ends a sentence piece for the lists and the name finder, not for the counts;
- a line end followed by a digit is a *wrapped* stop: a number carried onto the next line by a PDF or a form, which
  the narrative check reads as the same sentence — also across one blank line after a line of prose that ends in a
  word (HTML, DOCX and PDF may give each printed line back as a paragraph: 同意公开 / blank / 2件).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import cached_property

STOPS = "。！？!?"
SEMICOLONS = "；;"
CLAUSE_MARKS = "，,；;"
LIST_MARK = "、"
_BREAK = re.compile(f"[{STOPS}{SEMICOLONS}\n]")
_CLAUSE = re.compile(f"[^{CLAUSE_MARKS}]+")
_CLAUSE_OR_LIST = re.compile(f"[^{CLAUSE_MARKS}{LIST_MARK}]+")


_PROSE_MARKS = "，。；,;"


def paragraph_wrap(text: str, i: int) -> bool:
    """Is the line end at i one of the two around a blank line that a number was carried across: the line before
    is prose (it holds a clause mark) ending in a CJK character, the line after opens with a digit?"""
    n = len(text)
    if text[i] != "\n":
        return False
    a = i - 1 if i > 0 and text[i - 1] == "\n" else i  # the first line end of the pair
    if a + 2 >= n or text[a + 1] != "\n" or not ("0" <= text[a + 2] <= "9") or a == 0:
        return False
    if not "\u4e00" <= text[a - 1] <= "\u9fff" or text[a - 2:a - 1] == "\n":
        return False
    line = text[text.rfind("\n", 0, a) + 1:a]
    return any(mark in line for mark in _PROSE_MARKS)


class TextLayer:
    """Breaks of one text, found by one linear scan; sentences and clauses are read off them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = [m.start() for m in _BREAK.finditer(text)]
        self.memo: dict = {}  # results later stages work out once per text (the link rule of each count), by stage

    @cached_property
    def stops(self) -> list[int]:
        """Offsets of every sentence end: 。！？!? and line ends (semicolons excluded)."""
        text = self.text
        return [i for i in self.breaks if text[i] not in SEMICOLONS]

    def _breaks_with(self, semicolons: str) -> list[int]:
        """Stops plus the given semicolons, kept per choice (there are three at most)."""
        if semicolons == SEMICOLONS:
            return self.breaks
        if not semicolons:
            return self.stops
        key = "_breaks_" + semicolons
        if key not in self.__dict__:
            text = self.text
            self.__dict__[key] = [i for i in self.breaks if text[i] not in SEMICOLONS or text[i] in semicolons]
        return self.__dict__[key]

    @cached_property
    def full_stops(self) -> list[int]:
        """Sentence ends that a wrapped number does not continue: 。！？ and a line end not followed by a digit."""
        text, n = self.text, len(self.text)
        out = []
        for i in self.stops:
            ch = text[i]
            if ch == "\n":
                after = text[i + 1] if i + 1 < n else ""
                if "0" <= after <= "9":
                    continue
                # a paragraph wrap needs a blank line beside this line end: only then is it asked
                if (after == "\n" or (i > 0 and text[i - 1] == "\n")) and paragraph_wrap(text, i):
                    continue
                out.append(i)
            elif ch in "。！？":
                out.append(i)
        return out

    @cached_property
    def line_starts(self) -> list[int]:
        """Offset of the first character of every line."""
        return [0] + [i + 1 for i in self.breaks if self.text[i] == "\n"]

    @cached_property
    def line_spans(self) -> list[tuple[int, int]]:
        """(start, end) of every line of the text, without its line end (none after a final line end); read-only:
        every stage shares it."""
        starts, n = self.line_starts, len(self.text)
        spans = [(s, e - 1) for s, e in zip(starts, starts[1:])] + [(starts[-1], n)]
        if starts[-1] >= n:  # an empty text, or the text ends with a line end
            spans.pop()
        return spans

    @cached_property
    def line_texts(self) -> list[tuple[int, str]]:
        """(start, text) of every line of `line_spans`; read-only: every stage shares it."""
        text = self.text
        return [(s, text[s:e]) for s, e in self.line_spans]

    def lines(self, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """(start, end) of each line beginning in text[start:end], without its line end (the last one cut at end).
        The whole text's lines are the shared `line_spans`: read them, never change them."""
        spans, n = self.line_spans, len(self.text)
        if start <= 0 and (end is None or end == n):
            return spans
        end = n if end is None else end
        starts = self.line_starts
        k0, k1 = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        out = spans[k0:k1]
        if k0 <= len(spans) < k1:  # end beyond the text, which ends with a line end: the empty line after it
            out.append((starts[-1], n))
        if out and out[-1][1] > end:
            out[-1] = (out[-1][0], end)
        return out

    def pieces(self, start: int = 0, end: int | None = None, semicolons: str = SEMICOLONS) -> Iterator[tuple[int, int]]:
        """Sentences of text[start:end]: maximal runs between breaks, each with its closing mark (never the line
        end); the `semicolons` given close a piece too (the name finder keeps ASCII ; inside, as its model was
        trained). Runs of marks alone make no piece."""
        end = len(self.text) if end is None else end
        breaks = self._breaks_with(semicolons)
        text, pos = self.text, start
        for k in range(bisect.bisect_left(breaks, start), len(breaks)):
            b = breaks[k]
            if b >= end:
                break
            if b > pos:
                yield pos, b if text[b] == "\n" else b + 1
            pos = b + 1
        if pos < end:
            yield pos, end

    def first_sentence_end(self, start: int, end: int) -> int:
        """End of the piece that starts at `start` (its closing mark included), or `end` when none starts there."""
        breaks = self.breaks
        k = bisect.bisect_left(breaks, start)
        if k < len(breaks) and breaks[k] == start:
            return end
        if k < len(breaks) and breaks[k] < end:
            b = breaks[k]
            return b if self.text[b] == "\n" else b + 1
        return end

    def last_stop_before(self, pos: int, floor: int = 0, wrapped: bool = False) -> int | None:
        """Offset of the last sentence end in text[floor:pos], or None; `wrapped` skips line ends before a digit."""
        stops = self.full_stops if wrapped else self.stops
        k = bisect.bisect_left(stops, pos) - 1
        return stops[k] if k >= 0 and stops[k] >= floor else None

    def next_stop(self, pos: int, limit: int, wrapped: bool = False) -> int | None:
        """Offset of the first sentence end in text[pos:limit], or None."""
        stops = self.full_stops if wrapped else self.stops
        k = bisect.bisect_left(stops, pos)
        return stops[k] if k < len(stops) and stops[k] < limit else None

    def stops_between(self, start: int, end: int) -> list[int]:
        """Every sentence end in text[start:end]."""
        stops = self.stops
        return stops[bisect.bisect_left(stops, start):bisect.bisect_left(stops, end)]

    def clauses(self, start: int, end: int, enumeration: bool = False) -> Iterator[re.Match]:
        """Clauses of text[start:end] cut at ，,；; (and at the enumeration comma 、 with `enumeration`)."""
        return (_CLAUSE_OR_LIST if enumeration else _CLAUSE).finditer(self.text, start, end)


def sentence_pieces(text: str) -> Iterator[tuple[int, int]]:
    """The pieces of a short string (a table cell, a training sentence) without keeping a layer."""
    return TextLayer(text).pieces()


_RECENT: tuple = ()  # ((text, layer), …) of the last documents asked for, newest first
_KEPT = 3  # the document, the name finder's joined copy of it (soft_breaks), and one more


def layer_of(text: str) -> TextLayer:
    """The layer of `text`: the Pipeline builds it once per document, and every stage that asks for the same string
    gets that same layer back (a stage called alone, as in a test, gets a fresh one). The last few strings are kept,
    so a stage reading a derived text (the name finder's joined copy) does not push the document's layer out and
    make every later stage cut the document again."""
    global _RECENT
    recent = _RECENT
    for cached_text, layer in recent:
        if cached_text is text:
            return layer
    layer = TextLayer(text)
    _RECENT = ((text, layer), *recent[:_KEPT - 1])
    return layer
