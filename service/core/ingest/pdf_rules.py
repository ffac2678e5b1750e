"""Ruled tables of a PDF page from its path objects: pdfminer's reading of paths as lines, rectangles and curves,
their edges, and pdfplumber's cell finder on those edges ("lines" strategy, default tolerances).

pdfium hands over each path object's segments (a `re` is a closed four-sided subpath, a Bézier three points);
they are read the way pdfminer reads the content stream, so the edges, and therefore the cells, are pdfplumber's.
"""
from __future__ import annotations

import ctypes
from collections.abc import Iterator

import pypdfium2
import pypdfium2.raw as pdfium_c
from pdfplumber.table import cells_to_tables, edges_to_intersections, merge_edges

from service.core.ingest.pdf_text import PageSpace

Point = tuple[float, float]
Rect = tuple[float, float, float, float]
_TOLERANCE = 3  # pdfplumber's snap, join and intersection tolerance
_MIN_LENGTH = 3  # an edge shorter than this after merging is no ruling line
_MAX_DEPTH = 8  # form XObjects nested deeper than this are not searched for lines


def _matrix(obj) -> tuple[float, ...]:
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, m)
    return m.a, m.b, m.c, m.d, m.e, m.f


def _times(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """m then n (PDF row-vector order)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _paths(page: pypdfium2.PdfPage) -> Iterator[tuple[object, tuple[float, ...]]]:
    """Painted path objects of the page, with the matrix taking their points to page space (forms descended)."""
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    get, count = pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFPage_CountObjects(page.raw)
    stack = [[get(page.raw, i) for i in range(count)]]
    outers = [identity]
    kind_of, path, form = pdfium_c.FPDFPageObj_GetType, pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    while stack:
        objects, outer = stack.pop(), outers.pop()
        for obj in objects:
            kind = kind_of(obj)
            if kind == path:
                pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
                if fill.value != pdfium_c.FPDF_FILLMODE_NONE or stroke.value:
                    yield obj, (_times(_matrix(obj), outer) if outer is not identity else _matrix(obj))
            elif kind == form and len(stack) < _MAX_DEPTH:
                stack.append([pdfium_c.FPDFFormObj_GetObject(obj, j) for j in range(pdfium_c.FPDFFormObj_CountObjects(obj))])
                outers.append(_times(_matrix(obj), outer))


def _subpaths(obj) -> Iterator[tuple[str, list[Point]]]:
    """pdfminer's (shape, points) of each subpath: 'm', 'l', 'c' per operator and 'h' for a closing line to start."""
    x, y = ctypes.c_float(), ctypes.c_float()
    shape, pts, bezier = "", [], 0
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        pt = (x.value, y.value)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if shape:
                yield shape, pts
            shape, pts, bezier = "m", [pt], 0
            continue
        if not shape:
            continue
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier % 3:
                continue  # a control point
            op = "c"
        else:
            op = "l"
        closes = pdfium_c.FPDFPathSegment_GetClose(seg)
        if closes and op == "l" and pt == pts[0]:
            shape += "h"  # pdfium writes `h` as a line back to the start
        else:
            shape += op
        pts.append(pt)
        if closes and op == "c":
            shape += "h"
            pts.append(pts[0])
    if shape:
        yield shape, pts


def _line(x0: float, top: float, x1: float, bottom: float, orientation: str | None) -> dict:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
            "orientation": orientation}


def _edges(shape: str, pts: list[Point]) -> tuple[str, list[dict]]:
    """pdfminer's object kind for one subpath (points in page coordinates) and pdfplumber's edges of it."""
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape, pts = shape[:-2] + "h", pts[:-1]
    if shape in ("ml", "mlh"):
        (ax, ay), (bx, by) = pts[0], pts[1]
        x0, x1, top, bottom = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
        return "line", [_line(x0, top, x1, bottom, "h" if top == bottom else "v")]
    if shape in ("mlllh", "mllll"):
        (ax, ay), (bx, by), (cx, cy), (dx, dy), end = pts
        square = (ax == bx and by == cy and cx == dx and dy == ay) or (ay == by and bx == cx and cy == dy and dx == ax)
        if end == pts[0] and square:
            x0, x1, top, bottom = min(ax, cx), max(ax, cx), min(ay, cy), max(ay, cy)
            return "rect", [_line(x0, top, x1, top, "h"), _line(x0, bottom, x1, bottom, "h"),
                            _line(x0, top, x0, bottom, "v"), _line(x1, top, x1, bottom, "v")]
    return "curve", [_line(min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]),
                           "v" if p[0] == q[0] else ("h" if p[1] == q[1] else None)) for p, q in zip(pts, pts[1:])]


def page_edges(page: pypdfium2.PdfPage, space: PageSpace) -> tuple[list[dict], bool]:
    """pdfplumber's `page.edges` (lines, rectangles, curves) and whether any line or rectangle was drawn."""
    edges, ruled = [], False
    for obj, (a, b, c, d, e, f) in _paths(page):
        for shape, raw in _subpaths(obj):
            pts = [space.point(a * x + c * y + e, b * x + d * y + f) for x, y in raw]
            kind, found = _edges(shape, pts)
            ruled = ruled or kind != "curve"
            edges += found
    return edges, ruled


def _cells(intersections: dict) -> list[Rect]:
    """pdfplumber's intersections_to_cells, with each point's edges turned into sets once rather than per test:
    from every intersection, the smallest rectangle whose four sides are drawn edges."""
    v = {pt: {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in es["v"]} for pt, es in intersections.items()}
    h = {pt: {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in es["h"]} for pt, es in intersections.items()}

    def connects(p: Point, q: Point) -> bool:
        return (p[0] == q[0] and not v[p].isdisjoint(v[q])) or (p[1] == q[1] and not h[p].isdisjoint(h[q]))

    points = sorted(intersections)
    by_x: dict[float, list[Point]] = {}
    by_y: dict[float, list[Point]] = {}
    for pt in points:
        by_x.setdefault(pt[0], []).append(pt)
        by_y.setdefault(pt[1], []).append(pt)
    cells = []
    for pt in points:
        below = [q for q in by_x[pt[0]] if q > pt]
        right = [q for q in by_y[pt[1]] if q > pt]
        cells += _smallest(pt, below, right, intersections, connects)
    return cells


def _smallest(pt: Point, below: list[Point], right: list[Point], intersections: dict, connects) -> list[Rect]:
    for down in below:
        if not connects(pt, down):
            continue
        for across in right:
            if not connects(pt, across):
                continue
            corner = (across[0], down[1])
            if corner in intersections and connects(corner, across) and connects(corner, down):
                return [(pt[0], pt[1], corner[0], corner[1])]
    return []


def ruled_cells(page: pypdfium2.PdfPage, space: PageSpace) -> list[list[Rect]]:
    """The ruled tables of a page (as pdfplumber's find_tables with the "lines" strategy finds them), each a list
    of cell rectangles (x0, top, x1, bottom); a table of one cell is none. Pages without lines or rectangles have
    no tables."""
    edges, ruled = page_edges(page, space)
    if not ruled:
        return []
    v = [e for e in edges if e["orientation"] == "v" and e["height"] >= 1]
    h = [e for e in edges if e["orientation"] == "h" and e["width"] >= 1]
    merged = merge_edges(v + h, _TOLERANCE, _TOLERANCE, _TOLERANCE, _TOLERANCE)
    merged = [e for e in merged if e["height" if e["orientation"] == "v" else "width"] >= _MIN_LENGTH]
    cells = _cells(edges_to_intersections(merged, _TOLERANCE, _TOLERANCE))
    return [t for t in cells_to_tables(cells) if len(t) > 1]
