"""The PDF cell finder gives pdfplumber's cells: same edges from pdfium's path objects, same rectangles."""
from __future__ import annotations

import pypdfium2
from pdfplumber.table import edges_to_intersections, intersections_to_cells, merge_edges

from service.core.ingest.pdf_rules import _cells, page_edges, ruled_cells
from service.core.ingest.pdf_text import PageSpace
from training.formats import render
from training.formats.report import report


def test_cells_match_pdfplumbers_finder_on_a_rendered_report():
    pdf = pypdfium2.PdfDocument(render.to_pdf(report()))
    found = 0
    for page in pdf:
        edges, _ = page_edges(page, PageSpace(page))
        merged = merge_edges([e for e in edges if e["orientation"] in ("v", "h")], 3, 3, 3, 3)
        intersections = edges_to_intersections(merged, 3, 3)
        assert _cells(intersections) == intersections_to_cells(intersections)
        found += len(_cells(intersections))
    assert found > 100  # the report's three tables


def test_ruled_tables_of_a_rendered_report():
    pdf = pypdfium2.PdfDocument(render.to_pdf(report()))
    tables = [t for page in pdf for t in ruled_cells(page, PageSpace(page))]
    assert len(tables) >= 3 and all(len(t) > 1 for t in tables)
