"""Exports of batch rows (a results.jsonl, or the rows of a job): xlsx for reviewers, csv and parquet for researchers.

Every writer streams: rows are read one at a time and written out, so 100,000 reports are never all in memory.
`rows` is the long table and the hooks, `flat` the CSV and Parquet writers, `xlsx` the reviewers' workbook.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from service.base.jsonl import iter_rows
from service.collections.export.flat import write_csv, write_parquet
from service.collections.export.rows import LONG_COLUMNS, Column, ExportHooks, Sheet, cell_rows, facts, long_rows, text_safe

FORMATS = ("xlsx", "csv", "parquet")
MEDIA = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "csv": "text/csv; charset=utf-8", "parquet": "application/vnd.apache.parquet"}
__all__ = ["FORMATS", "LONG_COLUMNS", "MEDIA", "Column", "ExportError", "ExportHooks", "Sheet", "cell_rows", "export", "facts",
           "long_rows", "text_safe", "write_csv", "write_parquet"]


class ExportError(ValueError):
    """An output the exporter cannot write (unknown suffix)."""


def export(source: Path | Iterable[dict], out: Path, hooks: ExportHooks | None = None) -> int:
    """Write `source` (a JSON-lines path or rows) to `out`, the format told by its suffix; returns rows written."""
    out = Path(out)
    kind = out.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise ExportError(f"不支持的导出格式：{out.suffix or '（无后缀）'}；请使用 .xlsx、.csv 或 .parquet。")
    rows = iter_rows(source) if isinstance(source, (str, Path)) else source
    out.parent.mkdir(parents=True, exist_ok=True)
    if kind == "csv":
        return write_csv(rows, out)
    if kind == "parquet":
        return write_parquet(rows, out)
    from service.collections.export.xlsx import write_xlsx  # openpyxl loads only for a workbook

    return write_xlsx(rows, out, hooks or ExportHooks())
