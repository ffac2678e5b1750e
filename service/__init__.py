"""nianbao: offline extraction and audit of 政府信息公开工作年度报告.

    >>> from service import extract
    >>> report = extract(open("report.pdf", "rb").read(), filename="report.pdf")
    >>> report.tables.applications.cells["new_received.total"]
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from service.base.schema import Report
    from service.core.pipeline import Pipeline

_PIPELINE: Pipeline | None = None


def get_pipeline() -> Pipeline:
    """The process-wide pipeline, loaded on first use (models load once)."""
    global _PIPELINE
    if _PIPELINE is None:
        from service.core.pipeline import Pipeline

        _PIPELINE = Pipeline.load()
    return _PIPELINE


def extract(data: bytes | str, filename: str | None = None) -> Report:
    """Extract and check one report (text, PDF, HTML, DOCX or image, detected by content)."""
    return get_pipeline().run(data, filename)
