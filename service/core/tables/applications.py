"""Table 3 (收到和处理政府信息公开申请情况): rows by label vocabulary, 7 applicant columns (+ an optional 小计)."""
from __future__ import annotations

from dataclasses import dataclass, field

from service.core.tables import digit_runs, ocr
from service.core.tables.align import align
from service.core.tables.blocks import pair_blocks
from service.core.tables.deduce import column_ok, resolve_short_row
from service.core.tables.labels import SURE, clean_label, cue_labels, is_sentence, join_wrapped_labels, similar_label
from service.core.tables.layout import Field, Row
from service.core.tables.result import ALIGNED, DEDUCED, OCR, Issue, TableResult
from service.core.tables.templates import APPLICANT_COLUMNS, COLUMN_NAMES, GROUP_CUES, OTHER_SUBROWS, OUTCOME_ROWS_2021, ROW_NAMES, SUBTOTAL_CUES

SUBTOTAL = "subtotal"
_ORG = APPLICANT_COLUMNS[1:6]


@dataclass
class Collected:
    """Value fields per row key, the label field of each row, and the similarity of labels not read by cue."""

    values: dict[str, list[Field]] = field(default_factory=dict)
    labels: dict[str, Field] = field(default_factory=dict)
    similar: dict[str, float] = field(default_factory=dict)
    rows: dict[str, Row] = field(default_factory=dict)  # the row each label sits in


def _has_value(fields: list[Field]) -> bool:
    return any(not f.is_blank for f in fields)


def _similar(row: Row, i: int, last: str | None, got: Collected) -> list[str]:
    """A label no cue names, after a row that has its values (or first) and before values of its own: by similarity."""
    if last is not None and not _has_value(got.values[last]):
        return []  # the row above has no values yet: this is the rest of its wrapped label
    if not any(not f.is_text and not f.is_blank for f in row[i + 1:]):
        return []
    hit = similar_label(row[i].text, last, got.values)
    if hit is None:
        return []
    got.similar[hit[0]] = hit[1]
    return [hit[0]]


def collect(rows: list[Row]) -> Collected:
    """Walk the rows; value cells go to the row label that precedes them."""
    got = Collected()
    current = last = None
    for row in join_wrapped_labels(pair_blocks(rows)):
        first_text = next((i for i, f in enumerate(row) if f.is_text), 0)
        for i, f in enumerate(row):
            if not f.is_text:
                if f.run and (current is None or i == 0 or row[i - 1] is not got.labels[current]):
                    continue  # digits glued to some other text (附表3), not to this row's label
                if current is not None and not (i < first_text and f.is_blank):  # label columns before the label
                    got.values[current].append(f)
                continue
            if is_sentence(f.text):
                current = None
                continue
            # a label seen again takes over only while its first sighting holds no value (a header, a note)
            keys = [k for k in cue_labels(f.text, got.values) if not _has_value(got.values.get(k, []))]
            if not keys:
                keys = _similar(row, i, last, got)
            for k in keys:
                got.values[k], got.labels[k], got.rows[k] = [], f, row
            if keys:
                current = last = keys[-1]  # values follow the label nearest to them (（六）其他处理 1.申请人…)
            elif any(c in f.text for c in GROUP_CUES):
                current = None
    return got


def columns(rows: list[Row]) -> list[str]:
    """The value columns in print order: the 7 applicant columns, with 小计 where the header prints one.

    The 小计 sits after 其他 unless the header row that names the organisation columns prints it before them.
    """
    found = False
    for row in rows:
        if any(f.number is not None for f in row):
            break  # the header is over
        joined = "".join(clean_label(f.text) for f in row if f.is_text)
        at = joined.find(SUBTOTAL_CUES[0])
        if at < 0:
            continue
        found = True
        org = joined.find(COLUMN_NAMES["commercial"])
        if 0 <= at < org:
            return ["natural_person", SUBTOTAL, *_ORG, "total"]
    return ["natural_person", *_ORG, SUBTOTAL, "total"] if found else list(APPLICANT_COLUMNS)


def value_columns(rows: list[Row], width: int) -> list[int] | None:
    """Field indexes of the value columns in a rectangular grid of TAB/pipe cells (HTML, DOCX, PDF geometry).

    The columns where numbers appear, when they are `width` contiguous ones; otherwise the `width` columns that end
    at the header's 总计, when every number falls inside them. None for ragged rows (text pasted by hand) or when
    neither holds: then each row is read by its own fields.
    """
    grid = [r for r in rows if len(r) > 1 and all(f.cell for f in r)]
    if not grid or len({len(r) for r in grid}) != 1:
        return None
    numeric = sorted({i for r in grid for i, f in enumerate(r) if not f.is_text and not f.is_blank})
    if len(numeric) == width and numeric[-1] - numeric[0] == width - 1:
        return numeric
    total = next((i for r in grid if not any(f.number is not None for f in r) for i, f in enumerate(r)
                  if f.is_text and clean_label(f.text) == COLUMN_NAMES["total"]), None)
    if total is None or not numeric or not (total - width < numeric[0] and numeric[-1] <= total):
        return None
    return list(range(total - width + 1, total + 1))


def _grid_values(got: Collected, key: str, columns: list[int] | None) -> list[Field] | None:
    """The row's value fields at the grid's value columns, when the row is a full grid row after its label."""
    row = got.rows.get(key)
    if columns is None or row is None or len(row) <= columns[-1] or not all(f.cell for f in row):
        return None
    label_at = next((i for i, f in enumerate(row) if f is got.labels[key]), None)
    if label_at is None or columns[0] <= label_at or any(row[i].is_text for i in columns):
        return None
    return [row[i] for i in columns]


def _row_keys(values: dict) -> list[str]:
    rows = ["new_received", "carried_over", *OUTCOME_ROWS_2021, "total_processed", "carried_forward"]
    if not any(k in values for k in OTHER_SUBROWS):
        rows = [k for k in rows if k not in OTHER_SUBROWS]
        rows.insert(rows.index("total_processed"), "other_handling")
    return rows


def _sums(cols: list[str]) -> list[ocr.Sum]:
    sums: list[ocr.Sum] = [(APPLICANT_COLUMNS[:-1], "total")]
    return sums + [(_ORG, SUBTOTAL), (["natural_person", SUBTOTAL], "total")] if SUBTOTAL in cols else sums


def _store(result: TableResult, key: str, cells: dict[str, Field | None], how: str) -> None:
    """Cells of one placed row: OCR readings kept where the row's sums confirm them, the 小计 set aside."""
    if not any(f is not None and f.number is None and f.ocr_number is not None for f in cells.values()):
        # most rows: every cell a number or a blank (no OCR-confused cell for the sums to confirm)
        subtotal = cells.pop(SUBTOTAL, None)
        result.set_read(key, cells, how)
        if subtotal is not None and subtotal.number is not None:
            result.subtotals[key] = (subtotal.number[0], subtotal.span)
        return
    confirmed, doubtful = ocr.confirm(cells, _sums(list(cells)))
    for col, f in cells.items():
        if col == SUBTOTAL:
            value = None if col in doubtful else ocr.reading(f)
            if value is not None:
                result.subtotals[key] = (value, f.span)
        elif col in confirmed:
            result.put(f"{key}.{col}", f.ocr_number, f.span, OCR)
        else:
            result.set(f"{key}.{col}", None if col in doubtful else f, how=how)
        if col != SUBTOTAL and (col in confirmed or col in doubtful):
            result.note_readings(f"{key}.{col}", ocr.readings(f))
    result.warnings += [ocr.warning("表三", ROW_NAMES[key], cells[c]) for c in sorted(doubtful)]
    result.unreadable |= {f"{key}.{c}" for c in doubtful if c != SUBTOTAL}


def _identities(cols: list[str]) -> list[digit_runs.Identity]:
    """The row's sums as cell indexes of a run's split."""
    return [(tuple(cols.index(c) for c in parts), cols.index(total)) for parts, total in _sums(cols)]


def _put_split(result: TableResult, key: str, cols: list[str], values: list[int], fields: list[Field]) -> None:
    for col, value, f in zip(cols, values, fields):
        if col == SUBTOTAL:
            result.subtotals[key] = (value, f.span)
        else:
            result.put(f"{key}.{col}", value, f.span, DEDUCED)


def _store_runs(result: TableResult, runs: dict[str, digit_runs.RunSplit], cols: list[str], keys: list[str]) -> None:
    """Rows printed as one digit run: the split the row's sums fix, else the one the column sums keep (the rows
    settled so far), else the row unread, with the values its possible splits give each cell as readings."""
    settled = 0
    open_runs = {}
    for key, split in runs.items():
        if split.fields is not None:
            _put_split(result, key, cols, split.splits[0], split.fields)
            settled += 1
        else:
            open_runs[key] = split
    for _ in range(2):  # column sums over the rows settled so far pick among a row's possible splits
        for key, split in list(open_runs.items()):
            if not split.complete or len(split.splits) < 2:
                continue
            kept = [v for v in split.splits if all(column_ok(result, key, c, x, keys)
                                                    for c, x in zip(cols, v) if c != SUBTOTAL)]
            if len(kept) == 1:
                _put_split(result, key, cols, kept[0], digit_runs.cell_fields(split.run, kept[0]))
                settled += 1
                del open_runs[key]
    for key, split in open_runs.items():
        for n, col in enumerate(cols):
            if col == SUBTOTAL:
                continue
            result.cells[f"{key}.{col}"] = None
            result.unreadable.add(f"{key}.{col}")
            if split.readings and len(split.readings[n]) > 1:
                result.readings[f"{key}.{col}"] = split.readings[n]
        result.warnings.append(digit_runs.warning("表三", ROW_NAMES[key], split))
    if settled:
        result.warnings.append(f"表三有{settled}行的数字连在一起，已按表内合计唯一拆分（单元格标为推算）")


def parse_applications(rows: list[Row]) -> TableResult | None:
    """Cells of table 3, or None when no row of it is present."""
    got = collect(rows)
    has_value = any(not f.is_blank for v in got.values.values() for f in v)
    if not has_value and len(got.values) < 3:
        return None
    result = TableResult(name="applications")
    keys, cols = _row_keys(got.values), columns(rows)
    grid = value_columns(rows, len(cols))
    short: list[tuple[str, list[Field]]] = []
    runs: dict[str, digit_runs.RunSplit] = {}
    for key in keys:
        if key not in got.values:
            for col in APPLICANT_COLUMNS:
                result.cells[f"{key}.{col}"] = None
            result.issues.append(Issue("missing_row", [key], f"表三缺少“{ROW_NAMES[key]}”行", []))
            continue
        values = got.values[key]
        run = digit_runs.the_run(values)
        if run is not None:
            runs[key] = digit_runs.split_run(run, len(cols), _identities(cols))
            continue
        if sum(1 for f in values if not f.is_blank) != len(cols):  # as many values as columns: no doubt
            values = _grid_values(got, key, grid) or values
        aligned = align(values, len(cols))
        if aligned.status == "short":
            short.append((key, [f for f in got.values[key] if not f.is_blank]))
            continue
        how = ALIGNED if got.similar.get(key, 100) < SURE else aligned.how
        _store(result, key, dict(zip(cols, aligned.fields)), how)
        if aligned.status == "long":
            result.issues.append(Issue("long_row", [key], f"表三“{ROW_NAMES[key]}”行有{aligned.found}个数值（应为{len(cols)}个），"
                                       f"按总计在末列对齐取末尾{len(cols)}个", [got.labels[key].span]))
    _store_runs(result, runs, cols, keys)
    for _ in range(2):  # a second pass uses the cells the first one settled in other short rows
        for key, found in short:
            resolve_short_row(result, key, found, keys, got.labels[key])
    _note_similar(result, got)
    return result


def _note_similar(result: TableResult, got: Collected) -> None:
    for key, score in got.similar.items():
        label = got.labels[key].text
        result.warnings.append(f"表三行标签“{label}”与模板不完全一致，按相似度（{score:.0f}%）和行序识别为“{ROW_NAMES[key]}”行")

