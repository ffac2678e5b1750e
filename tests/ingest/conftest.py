"""Shared fixtures for ingest tests: the synthetic report, its renderings, and the OCR'd scan (OCR is slow: once)."""
from __future__ import annotations

import pytest

from training.formats import render
from training.formats.report import report

needs_font = pytest.mark.skipif(not render.CJK_FONT.exists(),
                                reason="fonts-wqy-zenhei is not installed (make install adds it)")


@pytest.fixture(scope="session")
def rep():
    return report()


@pytest.fixture(scope="session")
def rendered(rep) -> dict[str, bytes]:
    """The report in every format with a text layer or markup."""
    return {"text": render.to_text(rep).encode("utf-8"), "pdf": render.to_pdf(rep),
            "html": render.to_html(rep), "docx": render.to_docx(rep)}


@pytest.fixture(scope="session")
def scans(rep) -> list:
    """The report printed and scanned at 200 dpi, one greyscale image per page."""
    if not render.CJK_FONT.exists():
        pytest.skip("fonts-wqy-zenhei is not installed")
    return render.to_scans(rep, dpi=200)
