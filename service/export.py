"""Exports of batch rows (a results.jsonl, or the rows of a job): xlsx for reviewers, csv and parquet for researchers.

Every writer streams: rows are read one at a time and written out, so 100,000 reports are never all in memory.
The long table has one row per cell: ``file, agency, year, table, row, column, value`` (``table`` is the contract's
table name, ``row.column`` its cell key).
"""
from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .jsonl import iter_rows

LONG_COLUMNS = ["file", "agency", "year", "table", "row", "column", "value"]
FORMATS = ("xlsx", "csv", "parquet")
TABLES = ("active_disclosure", "applications", "review_litigation")
_BATCH = 50_000  # parquet rows per record batch


class ExportError(ValueError):
    """An output the exporter cannot write (unknown suffix)."""


@dataclass
class Column:
    """An extra column: header, width, and the value for one (report id, item) — e.g. a reviewer's decision."""

    header: str
    width: int
    value: Callable[[str | None, dict], Any]


@dataclass
class Sheet:
    """An extra worksheet written after the standard ones: title, (header, width) pairs and its rows."""

    title: str
    columns: list[tuple[str, int]]
    rows: Iterable[list] | Callable[[], Iterable[list]]


@dataclass
class ExportHooks:
    """What other layers add to the workbook: columns on 核对问题 (web: 审核结论, 备注) and sheets (audit)."""

    check_columns: list[Column] = field(default_factory=list)
    sheets: list[Sheet] = field(default_factory=list)


def facts(row: dict) -> tuple[str, str | None, int | None]:
    """(file, agency name, year) of a batch row."""
    report = ((row.get("result") or {}).get("report")) or {}
    return row.get("file", ""), (report.get("agency") or {}).get("name"), report.get("year")


def cell_rows(row: dict) -> Iterator[tuple]:
    """The long-table rows of one batch row: every cell of every table (a blank cell has value None)."""
    result = row.get("result")
    if not result:
        return
    file, agency, year = facts(row)
    for name in TABLES:
        table = (result.get("tables") or {}).get(name)
        for key, value in ((table or {}).get("cells") or {}).items():
            part, _, column = key.rpartition(".")
            yield file, agency, year, name, part or key, column if part else "", value


def long_rows(rows: Iterable[dict]) -> Iterator[tuple]:
    """The long table of many batch rows."""
    for row in rows:
        yield from cell_rows(row)


def text_safe(value: Any) -> Any:
    """A text a spreadsheet will not run as a formula (OWASP: a leading = + - @ is quoted)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def write_csv(rows: Iterable[dict], out: Path) -> int:
    """The long table as UTF-8 CSV with a BOM (Excel opens it); returns the number of data rows."""
    n = 0
    with Path(out).open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(LONG_COLUMNS)
        for file, agency, year, table, part, column, value in long_rows(rows):
            writer.writerow([text_safe(file), text_safe(agency), year, table, part, column, value])
            n += 1
    return n


def write_parquet(rows: Iterable[dict], out: Path) -> int:
    """The long table as Parquet with typed columns, written in record batches; returns the number of rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("file", pa.string()), ("agency", pa.string()), ("year", pa.int32()),
                        ("table", pa.string()), ("row", pa.string()), ("column", pa.string()),
                        ("value", pa.float64())])
    n, buffer = 0, []
    with pq.ParquetWriter(str(out), schema, compression="zstd") as writer:
        for item in long_rows(rows):
            buffer.append(item)
            if len(buffer) >= _BATCH:
                n += _flush(writer, schema, buffer)
        n += _flush(writer, schema, buffer)
    return n


def _flush(writer, schema, buffer: list[tuple]) -> int:
    import pyarrow as pa

    if not buffer:
        return 0
    columns = list(zip(*buffer))
    columns[6] = [None if v is None else float(v) for v in columns[6]]
    writer.write_batch(pa.record_batch([pa.array(c, type=f.type) for c, f in zip(columns, schema)], schema=schema))
    size = len(buffer)
    buffer.clear()
    return size


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
    from .export_xlsx import write_xlsx

    return write_xlsx(rows, out, hooks or ExportHooks())
