"""The long table for researchers: UTF-8 CSV (with a BOM, so Excel opens it) and Parquet, both streamed."""
from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from service.collections.export.rows import LONG_COLUMNS, long_rows, text_safe

_BATCH = 50_000  # parquet rows per record batch


def write_csv(rows: Iterable[dict], out: Path) -> int:
    """The long table as UTF-8 CSV with a BOM (Excel opens it); returns the number of data rows."""
    n = 0
    with Path(out).open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(LONG_COLUMNS)
        for file, agency, year, *middle, text, pair in long_rows(rows):
            writer.writerow([text_safe(file), text_safe(agency), year, *middle, text_safe(text), pair])
            n += 1
    return n


def write_parquet(rows: Iterable[dict], out: Path) -> int:
    """The long table as Parquet with typed columns, written in record batches; returns the number of rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("file", pa.string()), ("agency", pa.string()), ("year", pa.int32()),
                        ("table", pa.string()), ("row", pa.string()), ("column", pa.string()),
                        ("value", pa.float64()), ("how", pa.string()), ("readings", pa.string()),
                        ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()), ("pair", pa.int32())])
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
