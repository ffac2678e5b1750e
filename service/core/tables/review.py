"""Table 4 (行政复议、行政诉讼): 15 cells read in order after the header."""
from __future__ import annotations

from service.core.tables import digit_runs, ocr
from service.core.tables.layout import Field, Row
from service.core.tables.result import DEDUCED, OCR, Issue, TableResult
from service.core.tables.templates import GROUP_NAMES, REVIEW_COLUMNS, REVIEW_GROUPS, REVIEW_KEYS

REVIEW_HEADER_END = "总计"  # the header's last column: table 4's run of 15 cells follows it


def _value_runs(rows: list[Row]) -> list[Field]:
    """Value and blank cells that follow the last text cell of each row, rows with no number skipped."""
    out: list[Field] = []
    for row in rows:
        last_text = max((i for i, f in enumerate(row) if f.is_text), default=-1)
        tail = row[last_text + 1:]
        if any(f.run for f in tail) and (last_text < 0 or not row[last_text].text.rstrip().endswith(REVIEW_HEADER_END)):
            continue  # digits glued to prose, not to the header's last column
        if not any(ocr.reading(f) is not None or f.run for f in tail):
            continue
        while tail and tail[-1].is_blank:
            tail = tail[:-1]
        out.extend(tail)
    return out


def parse_review(rows: list[Row]) -> TableResult | None:
    """Cells of table 4, or None when the region holds no number."""
    fields = _value_runs(rows)
    if not fields:
        return None
    result = TableResult(name="review_litigation")
    run = digit_runs.the_run(fields)
    if run is not None:
        return _from_run(result, run)
    numbers = [f for f in fields if not f.is_blank]
    if len(numbers) == len(REVIEW_KEYS):
        fields = numbers
    if len(fields) > len(REVIEW_KEYS):
        result.issues.append(Issue("long_row", ["review_litigation"],
                                   f"表四有{len(numbers)}个数值（应为15个），只取前15个", [f.span for f in fields[15:]]))
        fields = fields[: len(REVIEW_KEYS)]
    cells = {key: None if f is None or f.is_blank else f
             for key, f in zip(REVIEW_KEYS, fields + [None] * (len(REVIEW_KEYS) - len(fields)))}
    sums = [([f"{g}.{c}" for c in REVIEW_COLUMNS[:-1]], f"{g}.total") for g in REVIEW_GROUPS]
    confirmed, doubtful = ocr.confirm(cells, sums)
    for key, f in cells.items():
        if key in confirmed:
            result.put(key, f.ocr_number, f.span, OCR)
        else:
            result.set(key, None if key in doubtful else f)
        if key in confirmed or key in doubtful:
            result.note_readings(key, ocr.readings(f))
    result.warnings += [ocr.warning("表四", GROUP_NAMES[k.split(".")[0]], cells[k]) for k in sorted(doubtful)]
    result.unreadable |= doubtful
    if len(fields) < len(REVIEW_KEYS):
        missing = REVIEW_KEYS[len(fields):]
        result.issues.append(Issue("short_row", ["review_litigation", *missing],
                                   f"表四只有{len(fields)}个数值（应为15个），按表头顺序填入，末尾缺少的单元格留空",
                                   [f.span for f in fields[-1:]]))
    return result


def _from_run(result: TableResult, run: Field) -> TableResult:
    """The 15 cells printed as one digit run: split where each group's four results must sum to its 总计."""
    width = len(REVIEW_COLUMNS)
    identities = [(tuple(range(g * width, g * width + width - 1)), g * width + width - 1) for g in range(len(REVIEW_GROUPS))]
    split = digit_runs.split_run(run, len(REVIEW_KEYS), identities)
    if split.fields is None:
        for n, key in enumerate(REVIEW_KEYS):
            result.cells[key] = None
            result.unreadable.add(key)
            if split.readings and len(split.readings[n]) > 1:
                result.readings[key] = split.readings[n]
        result.warnings.append(digit_runs.warning("表四", "行政复议、行政诉讼", split))
        return result
    for key, value, f in zip(REVIEW_KEYS, split.splits[0], split.fields):
        result.put(key, value, f.span, DEDUCED)
    result.warnings.append(digit_runs.note("表四", "行政复议、行政诉讼", split))
    return result
