"""The same report as text, PDF, HTML, DOCX and scans gives the same tables and checks."""
from __future__ import annotations

import pytest

from training.formats import render
from training.formats.report import report

TABLES = ("active_disclosure", "applications", "review_litigation")


@pytest.fixture(scope="module")
def rep():
    return report()


@pytest.fixture(scope="module")
def baseline(pipeline, rep):
    return pipeline.run(render.to_text(rep).encode("utf-8"))


def cells(result) -> dict:
    return {f"{t}.{k}": v for t in TABLES for k, v in (getattr(result.tables, t).cells.items())}


def checks(result) -> set:
    return {(c.id, c.status) for c in result.checks}


def test_baseline_reads_every_table(baseline):
    assert len(cells(baseline)) == 10 + 175 + 15
    assert cells(baseline)["applications.new_received.total"] == 8
    assert not [c for c in baseline.checks if c.status == "fail"]


@pytest.mark.parametrize("fmt, source", [("pdf", "pdf"), ("html", "html"), ("docx", "docx")])
def test_same_answer_whatever_the_format(pipeline, rep, baseline, fmt, source):
    data = {"pdf": render.to_pdf, "html": render.to_html, "docx": render.to_docx}[fmt](rep)
    result = pipeline.run(data, filename=None)  # told by content, not by name
    assert result.document.source == source
    assert cells(result) == cells(baseline)
    assert checks(result) == checks(baseline)
    assert (result.report.agency.name, result.report.year) == (baseline.report.agency.name, baseline.report.year)
    text = result.document.text
    for t in TABLES:
        table = getattr(result.tables, t)
        for key, (s, e) in table.spans.items():
            assert float(text[s:e]) == table.cells[key]


def test_pdf_drops_running_headers_and_page_numbers(pipeline, rep):
    result = pipeline.run(render.to_pdf(rep))
    text = result.document.text
    assert result.document.pages >= 2
    assert "— 1 —" not in text and "—1—" not in text
    assert text.count("青禾县自然资源局政府信息公开工作年度报告") <= 1


def test_html_declared_gbk_and_page_chrome_removed(pipeline, rep):
    result = pipeline.run(render.to_html(rep))
    assert result.document.encoding == "gb18030"
    assert "备案号" not in result.document.text and "var menu" not in result.document.text


@pytest.mark.skipif(not render.CJK_FONT.exists(), reason="fonts-wqy-zenhei is not installed (make install adds it)")
def test_scanned_pdf_through_ocr(pipeline, rep, baseline):
    scans = render.to_scans(rep, dpi=200)
    result = pipeline.run(render.to_image_bytes(scans, "PDF"))
    assert result.document.ocr and result.document.source == "pdf" and result.document.pages == len(scans)
    want, got = cells(baseline), cells(result)
    same = sum(1 for k, v in want.items() if got.get(k) == v)
    assert same / len(want) >= 0.95
    text = result.document.text
    table = result.tables.applications
    for key, (s, e) in table.spans.items():
        assert float(text[s:e]) == table.cells[key]
