"""The text of a PDF page without ruled tables: pdfium's own text in content order, one box per line it breaks.

A page without tables needs no character geometry: its text goes out as lines, and the layout only weighs each
line's box (margins, height, whether it sits in the header band). pdfium already orders the characters and breaks
the lines. Each of its lines (and the part of one up to a hyphen pdfium marks as ending a line, where it joined the
next line's first word on) becomes one run, boxed by its first and last characters under pdf_text's rules (origin,
loose right edge or the font's advance, font-size height), and the runs go to the layout as words, so lines group,
join and render as they did when every character was measured.

Spaces follow the words the layout would have built: a real blank is a space; a space pdfium inserts is one only
where the gap it stands for is wider than pdf_text's word gap and a fifth of the line's height (layout.join_words),
so spaced dot leaders stay dots; no space stands between two CJK characters. One known difference: letters set
wider apart (character spacing) than a fifth of the line height are one word here, as pdfium reads them, where
measured characters made each letter a word ("s p a c e d").

A page turned by /Rotate, or with turned or mirrored text, is left to pdf_text (prose_runs gives None).
"""
from __future__ import annotations

import ctypes
import math
import re

import pypdfium2
import pypdfium2.raw as pdfium_c

from service.core.ingest.layout import Box, cjk
from service.core.ingest.pdf_text import HYPHEN_MARKS, LIGATURE_LETTERS, X_TOLERANCE, PageSpace, char_box_buffers, right_edge


class _Turned(Exception):
    """A line whose text matrix is turned or mirrored: its first and last characters do not bound it."""


class _Page:
    """pdfium's queries on the few characters that bound a run or a gap."""

    def __init__(self, textpage: pypdfium2.PdfTextPage, count: int) -> None:
        self.raw, self.count = textpage.raw, count
        self.rect, self.m = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
        self.rect_ref = ctypes.byref(self.rect)
        self.x, self.y = ctypes.c_double(), ctypes.c_double()
        self.box = char_box_buffers()

    def origin(self, i: int) -> tuple[float, float]:
        pdfium_c.FPDFText_GetCharOrigin(self.raw, i, self.x, self.y)
        return self.x.value, self.y.value

    def x_of(self, i: int) -> float:
        pdfium_c.FPDFText_GetCharOrigin(self.raw, i, self.x, self.y)
        return self.x.value

    def loose(self, i: int) -> pdfium_c.FS_RECTF:
        pdfium_c.FPDFText_GetLooseCharBox(self.raw, i, self.rect_ref)
        return self.rect

    def metrics(self, i: int) -> tuple[float, float, float]:
        """Bottom of the loose box, height (font size as the text matrix scales it) and the matrix's x scale."""
        rect = self.loose(i)
        low, top = rect.bottom, rect.top
        pdfium_c.FPDFText_GetMatrix(self.raw, i, ctypes.byref(self.m))
        m = self.m
        if m.b or m.c or m.a <= 0 or m.d <= 0:
            raise _Turned
        return low, pdfium_c.FPDFText_GetFontSize(self.raw, i) * math.hypot(m.c, m.d) or top - low, m.a

    def end(self, i: int, ch: str, scale: float) -> tuple[float, float]:
        """Origin x and right edge of character i (pdf_text's rules: the loose box's right edge, or the font's
        advance where the next character on the baseline does not start there and the outline overhangs)."""
        ox, oy = self.origin(i)
        end = self.loose(i).right
        nxt = None
        if i + 1 < self.count:
            nx, ny = self.origin(i + 1)
            nxt = nx if ny == oy else None
        if (nxt is None or abs(nxt - end) > 0.01) and nxt != ox:
            end = right_edge(self.raw, i, ch, ox, end, scale, self.box)
        return ox, end


def _spaced(line: str) -> str:
    """A run's text as the layout joins words: one space per gap, none between two CJK characters."""
    line = " ".join(line.split()).translate(LIGATURE_LETTERS)
    if " " not in line:
        return line
    parts = line.split(" ")
    out = parts[0]
    for part in parts[1:]:
        out += part if cjk(out[-1]) and cjk(part[0]) else " " + part
    return out


class _Runs:
    """The runs of one page as they are read: the open run's first and last characters and its text so far."""

    def __init__(self, page: _Page, text: str, space: PageSpace) -> None:
        self.page, self.text, self.space = page, text, space
        self.out: list[Box] = []
        self.first = self.last = -1  # the open run's first and last characters (-1: none open)
        self.parts: list[str] = []
        self.gap = -1  # the character before blanks whose gap is still to be weighed

    def add(self, start: int, chars: str) -> None:
        """Characters text[start:start + len(chars)], none of them blank."""
        if self.first < 0:
            page = self.page
            self.first = start
            self.low, self.height, self.scale = page.metrics(start)
            self.threshold = max(X_TOLERANCE, 0.2 * self.height)  # a gap wider than this is a word gap
            self.x0 = min(page.x_of(start), page.rect.right)
        elif self.gap >= 0:
            if self._spaced(self.gap, start, chars[0]):
                self.parts.append(" ")
            self.gap = -1
        self.parts.append(chars)
        self.last = start + len(chars) - 1

    def blank(self, inserted: bool) -> None:
        """A blank after the run's last character: a real one is a space, an inserted one is weighed."""
        if self.first >= 0 and self.gap < 0:
            if inserted:
                self.gap = self.last
            else:
                self.parts.append(" ")

    def _spaced(self, before: int, after: int, ch: str) -> bool:
        """Whether the gap between two characters (an inserted space between them) holds a space in words."""
        text, page = self.text, self.page
        if cjk(ch) and cjk(text[before]):
            return False  # the layout puts none there anyway
        start = page.x_of(after)
        if start - page.loose(before).right > self.threshold:
            return True
        return start - page.end(before, text[before], self.scale)[1] > self.threshold  # the advance may end it sooner

    def close(self) -> None:
        if self.first < 0:
            return
        page, space, low = self.page, self.space, self.low
        _, end = page.end(self.last, self.text[self.last], self.scale)
        low = min(low, page.rect.bottom)
        self.out.append((self.x0 - space.x0, space.y1 - low - self.height, end - space.x0, space.y1 - low,
                         _spaced("".join(self.parts))))
        self.first = self.last = self.gap = -1
        self.parts = []


_BREAK = re.compile("[\\s\x02\ufffe]")  # blanks, line breaks and pdfium's marks for a hyphen that ends a line


def prose_runs(textpage: pypdfium2.PdfTextPage, space: PageSpace, text: str) -> tuple[list[Box], int] | None:
    """The page's runs as word boxes (x0, top, x1, bottom, text) in content order, for layout.group_lines, and
    the number of characters pdf_text.page_chars would give (real blanks counted, inserted ones and line breaks not).
    None for a page turned by /Rotate or with turned text: only its characters tell how its lines lie."""
    if space.rotation:
        return None
    runs = _Runs(_Page(textpage, len(text)), text, space)
    try:
        count = _read(runs, textpage.raw, text)
    except _Turned:
        return None
    return runs.out, count


def _read(runs: _Runs, raw, text: str) -> int:
    """Feed the page's text to runs; the number of characters pdf_text would keep."""
    generated = pdfium_c.FPDFText_IsGenerated
    pos = count = 0
    for m in _BREAK.finditer(text):
        i = m.start()
        if i > pos:
            runs.add(pos, text[pos:i])
            count += i - pos
        pos = i + 1
        ch = text[i]
        if ch in HYPHEN_MARKS:  # a hyphen ending the line: pdfium joined the next line's first word onto it
            runs.add(i, "-")
            count += 1
            runs.close()
        elif ch in "\r\n":
            if generated(raw, i):  # pdfium's line break; a control character in the text layer is none
                runs.close()
        else:
            inserted = bool(generated(raw, i))
            count += not inserted
            runs.blank(inserted)
    if pos < len(text):
        runs.add(pos, text[pos:])
        count += len(text) - pos
    runs.close()
    return count
