"""A PDF page's characters from pdfium's text layer, and words and cell text built from them.

Coordinates are pdfplumber's (and pdfminer's): the page as displayed (its /Rotate applied), origin at the top left,
y growing downwards, in points. A character's box is pdfminer's: from the font's descent up by the font size (as
the text matrix scales it), from its origin across its advance; glyph outlines (pdfium's loose box unites them in)
do not widen it. Words follow pdfplumber's rules (`extract_words` with x/y tolerances, blank characters splitting
words), so lines, cells and the text between them read as they did when pdfplumber produced them.
"""
from __future__ import annotations

import ctypes
import itertools
import math
import operator

import pypdfium2
import pypdfium2.raw as pdfium_c
from pdfplumber.utils.text import LIGATURES

from service.core.ingest.layout import Box

BLANK = " "  # the text of a real space character: it ends a word and is never part of one
LIGATURE_LETTERS = str.maketrans(LIGATURES)  # ligature characters → their letters, as pdfplumber writes words
_X0 = operator.itemgetter(0)
X_TOLERANCE = 1.5  # pdfplumber's x_tolerance: a wider gap between two characters ends a word
HYPHEN_MARKS = frozenset("\x02\ufffe")  # pdfium's marks for a hyphen that ends a line: the PDF has a hyphen there


class PageSpace:
    """PDF user space → displayed page coordinates (pdfminer's page matrix for /Rotate, then y flipped)."""

    def __init__(self, page: pypdfium2.PdfPage) -> None:
        # pdfium reads a page's own /MediaBox only; an inherited one shows in the page's bounding box
        self.x0, self.y0, self.x1, self.y1 = page.get_mediabox(fallback_ok=False) or page.get_bbox()
        self.rotation = page.get_rotation() % 360

    def point(self, x: float, y: float) -> tuple[float, float]:
        """(x, top) of a point of PDF user space."""
        if self.rotation == 90:
            return y - self.y0, x - self.x0
        if self.rotation == 180:
            return self.x1 - x, y - self.y0
        if self.rotation == 270:
            return self.y1 - y, self.x1 - x
        return x - self.x0, self.y1 - y

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of a rectangle of PDF user space."""
        ax, ay = self.point(left, bottom)
        bx, by = self.point(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _advance(raw, index: int, ch: str, scale: float) -> float | None:
    """The advance width the font gives a character (its widths array), in page units; None when unknown."""
    obj = pdfium_c.FPDFText_GetTextObject(raw, index)
    size, width = ctypes.c_float(), ctypes.c_float()
    if not obj or not pdfium_c.FPDFTextObj_GetFontSize(obj, ctypes.byref(size)):
        return None
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    if not font or not pdfium_c.FPDFFont_GetGlyphWidth(font, ord(ch), size.value, ctypes.byref(width)):
        return None
    return width.value * scale


def char_box_buffers() -> tuple[ctypes.c_double, ...]:
    """The out parameters right_edge fills (left, right, bottom, top): one set per page read, not per call."""
    return tuple(ctypes.c_double() for _ in range(4))


def right_edge(raw, i: int, ch: str, ox: float, end: float, scale: float, box: tuple[ctypes.c_double, ...]) -> float:
    """The right edge of a character whose loose box ends at `end` while the next character does not start there:
    where the glyph outline reaches at least as far (it may have widened the loose box), the font's advance."""
    left, right, bottom, top = box
    pdfium_c.FPDFText_GetCharBox(raw, i, left, right, bottom, top)
    if right.value >= end - 0.01:
        advance = _advance(raw, i, ch, scale)
        if advance is not None and ox < ox + advance < end:
            return ox + advance
    return end


def page_chars(textpage: pypdfium2.PdfTextPage, space: PageSpace) -> list[Box]:
    """The characters of a page in content order; real spaces kept (as BLANK), the ones pdfium inserts dropped.

    pdfium's loose box reaches from the origin across the advance, unless the glyph outline sticks out further
    (a substituted font's wide digits, an italic f): then the outline decides the tight box too, and the advance
    is read from the font instead. Only a character whose right edge is not where the next one starts needs
    that check. The characters of a ligature share one origin and keep the ligature's box. A character's height is
    its font size as the text matrix scales it, read again whenever the baseline or the descent changes.
    """
    raw = textpage.raw
    text = textpage.get_text_range()
    rect, m = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
    x, y = ctypes.c_double(), ctypes.c_double()
    box = char_box_buffers()
    ref, mref = ctypes.byref(rect), ctypes.byref(m)
    loose, origin, generated = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetCharOrigin, pdfium_c.FPDFText_IsGenerated
    kept: list[tuple] = []  # text, index, origin x, origin y, loose right, bottom, height, scale
    run, run_low, height, scale = None, None, 0.0, 1.0
    after: dict[int, float] = {}  # position in kept → origin x of the character after it (inserted ones too)
    last = -2  # index of the last kept character
    for i, ch in enumerate(text):
        if ch.isspace():
            if ch in "\r\n" or generated(raw, i):
                if last == i - 1:
                    origin(raw, i, x, y)
                    if y.value == kept[-1][3]:
                        after[len(kept) - 1] = x.value
                continue
            ch = BLANK
        elif ch in HYPHEN_MARKS:
            ch = "-"
        loose(raw, i, ref)
        origin(raw, i, x, y)
        ox, oy, low = x.value, y.value, rect.bottom
        if oy != run or low != run_low:
            pdfium_c.FPDFText_GetMatrix(raw, i, mref)
            run, run_low, scale = oy, low, m.a
            height = pdfium_c.FPDFText_GetFontSize(raw, i) * math.hypot(m.c, m.d) or rect.top - low
        elif last == i - 1:
            after[len(kept) - 1] = ox  # same baseline as the previous kept character
        kept.append((ch, i, ox, oy, rect.right, low, height, scale))
        last = i
    out: list[Box] = []
    plain, x0, y1 = space.rotation == 0, space.x0, space.y1
    previous = (None, None)
    for n, (ch, i, ox, oy, end, low, high, scale) in enumerate(kept):
        nxt = after.get(n)
        ligature = nxt == ox or previous == (ox, oy)
        previous = (ox, oy)
        if (nxt is None or abs(nxt - end) > 0.01) and ch != BLANK and not ligature:
            end = right_edge(raw, i, ch, ox, end, scale, box)
        if plain:
            out.append((min(ox, end) - x0, y1 - low - high, end - x0, y1 - low, ch))
        else:
            out.append((*space.box(min(ox, end), low, end, low + high), ch))
    return out


def _clusters(values: list[float], tolerance: float) -> dict[float, int]:
    """Each distinct value → the index of its cluster (sorted values chained while gaps stay within tolerance)."""
    index, last, out = -1, None, {}
    for v in sorted(set(values)):
        if last is None or v > last + tolerance:
            index += 1
        out[v] = index
        last = v
    return out


def _lines_of(items: list[Box], tolerance: float) -> list[list[Box]]:
    """Items grouped by their top (pdfplumber's cluster_objects), clusters top to bottom, items in input order."""
    tops = [b[1] for b in items]
    if tops and max(tops) - min(tops) <= tolerance:  # one cluster (a cell's usual single line)
        return [list(items)]
    cluster = _clusters(tops, tolerance)
    ordered = sorted(items, key=lambda b: cluster[b[1]])
    return [list(g) for _, g in itertools.groupby(ordered, key=lambda b: cluster[b[1]])]


def _word(chars: list[Box]) -> Box:
    x0s, tops, x1s, bottoms, texts = zip(*chars)
    return min(x0s), min(tops), max(x1s), max(bottoms), "".join(texts).translate(LIGATURE_LETTERS)


def words(chars: list[Box], x_tolerance: float = X_TOLERANCE, y_tolerance: float = 2) -> list[Box]:
    """pdfplumber's extract_words for upright left-to-right text: per line, a gap wider than x_tolerance, a step
    back, a top more than y_tolerance away or a blank character starts a new word."""
    out: list[Box] = []
    for line in _lines_of(chars, y_tolerance):
        current: list[Box] = []
        for c in sorted(line, key=_X0):
            if c[4] == BLANK:
                if current:
                    out.append(_word(current))
                current = []
                continue
            if current:
                p = current[-1]
                if c[0] < p[0] or c[0] > p[2] + x_tolerance or abs(c[1] - p[1]) > y_tolerance:
                    out.append(_word(current))
                    current = []
            current.append(c)
        if current:
            out.append(_word(current))
    return out


def cell_text(chars: list[Box]) -> str:
    """pdfplumber's extract_text(chars, x_tolerance=1.5): words joined by spaces, lines by newlines."""
    return "\n".join(" ".join(w[4] for w in line) for line in _lines_of(words(chars, 1.5, 3), 3))
