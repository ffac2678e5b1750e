"""A PDF page's characters from pdfium's text layer, and words and cell text built from them.

Coordinates are pdfplumber's (and pdfminer's): the page as displayed (its /Rotate applied), origin at the top left,
y growing downwards, in points. A character's box is pdfminer's: from the font's descent up by the font size (as
the text matrix scales it), from its origin across its advance; glyph outlines (pdfium's loose box unites them in)
do not widen it. Words follow
pdfplumber's rules (`extract_words` with x/y tolerances, blank characters splitting words), so lines, cells and
the text between them read as they did when pdfplumber produced them.
"""
from __future__ import annotations

import ctypes
import itertools
import math

import pypdfium2
import pypdfium2.raw as pdfium_c
from pdfplumber.utils.text import LIGATURES

from service.core.ingest.layout import Box

BLANK = " "  # the text of a real space character: it ends a word and is never part of one
_HYPHEN = {"\x02": "-", "\ufffe": "-"}  # pdfium's marks for a hyphen that ends a line: the PDF has a hyphen there


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


def page_chars(textpage: pypdfium2.PdfTextPage, space: PageSpace) -> list[Box]:
    """The characters of a page in content order; real spaces kept (as BLANK), the ones pdfium inserts dropped.

    A character spans from its origin to where the next one starts (pdfium places an inserted space or line
    break at the previous character's advance) when that is on its baseline, else to its loose box's right
    edge: a substituted font's glyph may be wider than the advance the PDF gives it, and pdfminer used the advance.
    """
    raw = textpage.raw
    text = textpage.get_text_range()
    rect, x, y, m = pdfium_c.FS_RECTF(), ctypes.c_double(), ctypes.c_double(), pdfium_c.FS_MATRIX()
    ref, xr, yr, mref = ctypes.byref(rect), ctypes.byref(x), ctypes.byref(y), ctypes.byref(m)
    size, matrix = pdfium_c.FPDFText_GetFontSize, pdfium_c.FPDFText_GetMatrix
    loose, origin, generated = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetCharOrigin, pdfium_c.FPDFText_IsGenerated
    kept: list[tuple[str, float, float, float, float, float]] = []  # text, origin x, origin y, right, bottom, top
    ends: dict[int, tuple[float, float]] = {}  # index of a kept char → where the next char starts
    last = -2
    for i, ch in enumerate(text):
        if ch.isspace() and (ch in "\r\n" or generated(raw, i)):
            if last == i - 1:
                origin(raw, i, xr, yr)
                ends[len(kept) - 1] = (x.value, y.value)
            continue
        loose(raw, i, ref)
        origin(raw, i, xr, yr)
        matrix(raw, i, mref)
        if last == i - 1 and kept:
            ends[len(kept) - 1] = (x.value, y.value)
        height = size(raw, i) * math.hypot(m.c, m.d)
        ch = BLANK if ch.isspace() else _HYPHEN.get(ch, ch)
        kept.append((ch, x.value, y.value, rect.right, rect.bottom, rect.bottom + (height or rect.top - rect.bottom)))
        last = i
    out: list[Box] = []
    for n, (ch, ox, oy, right, bottom, top) in enumerate(kept):
        nx, ny = ends.get(n, (right, oy))
        if ox < nx < right and abs(ny - oy) < 0.01:
            right = nx
        out.append((*space.box(min(ox, right), bottom, right, top), ch))
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
    cluster = _clusters([b[1] for b in items], tolerance)
    ordered = sorted(items, key=lambda b: cluster[b[1]])
    return [list(g) for _, g in itertools.groupby(ordered, key=lambda b: cluster[b[1]])]


def _word(chars: list[Box]) -> Box:
    return (min(c[0] for c in chars), min(c[1] for c in chars), max(c[2] for c in chars),
            max(c[3] for c in chars), "".join(LIGATURES.get(c[4], c[4]) for c in chars))


def words(chars: list[Box], x_tolerance: float = 1.5, y_tolerance: float = 2) -> list[Box]:
    """pdfplumber's extract_words for upright left-to-right text: per line, a gap wider than x_tolerance, a step
    back, a top more than y_tolerance away or a blank character starts a new word."""
    out: list[Box] = []
    for line in _lines_of(chars, y_tolerance):
        current: list[Box] = []
        for c in sorted(line, key=lambda b: b[0]):
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
