"""A table-3 row with fewer than 7 values: place them as well as the row and column arithmetic allows."""
from __future__ import annotations

from itertools import combinations

from service.core.tables.layout import Field
from service.core.tables.ocr import reading
from service.core.tables.result import ALIGNED, DEDUCED, Issue, TableResult
from service.core.tables.templates import APPLICANT_COLUMNS, OUTCOME_ROWS_2021, ROW_NAMES

WIDTH = len(APPLICANT_COLUMNS)
_OUTCOMES = set(OUTCOME_ROWS_2021) | {"other_handling"}


def _fill_row(vals: list) -> list | None:
    """Complete a 7-cell row from the row sum when possible; None when the row cannot be consistent."""
    missing = [i for i, v in enumerate(vals) if v is None]
    parts_known = [v for v in vals[:-1] if v is not None]
    total = vals[-1]
    if len(missing) == 1:
        m = missing[0]
        vals = list(vals)
        vals[m] = sum(parts_known) if m == WIDTH - 1 else total - sum(parts_known)
        if vals[m] < 0:
            return None
    if None not in vals and sum(vals[:-1]) != vals[-1]:
        return None
    return vals


def column_ok(result: TableResult, key: str, col: str, value, rows: list[str]) -> bool:
    """Does `value` in row `key` keep column `col` consistent with the outcome total (when all else is known)?"""
    def cell(row: str):
        return value if row == key else result.cells.get(f"{row}.{col}")

    if key in _OUTCOMES or key == "total_processed":
        outcomes = [cell(r) for r in rows if r in _OUTCOMES]
        total = cell("total_processed")
        if None not in outcomes and total is not None:
            return sum(outcomes) == total
    if key in ("new_received", "carried_over", "carried_forward", "total_processed"):
        ids = [cell(r) for r in ("new_received", "carried_over", "total_processed", "carried_forward")]
        if None not in ids:
            return ids[0] + ids[1] == ids[2] + ids[3]
    return True


def _candidates(result: TableResult, key: str, numbers: list, rows: list[str]) -> list[list]:
    """Every placement of the row's numbers in the 7 columns that keeps the row and column arithmetic."""
    out = []
    verdicts: dict[tuple[str, int], bool] = {}  # placements repeat the same (column, value) pairs many times
    for positions in combinations(range(WIDTH), len(numbers)):
        vals: list = [None] * WIDTH
        for p, v in zip(positions, numbers):
            vals[p] = v
        filled = _fill_row(vals)
        if filled is None:
            continue
        for col, v in zip(APPLICANT_COLUMNS, filled):
            if v is None:
                continue
            ok = verdicts.get((col, v))
            if ok is None:
                ok = verdicts[col, v] = column_ok(result, key, col, v, rows)
            if not ok:
                break
        else:
            out.append((positions, filled))
    return out


def _agreed(survivors: list) -> list:
    """Cells on which every surviving placement agrees; the others unknown."""
    first = survivors[0][1]
    return [first[i] if all(s[1][i] == first[i] for s in survivors) else None for i in range(WIDTH)]


def resolve_short_row(result: TableResult, key: str, found: list[Field], rows: list[str], label: Field) -> None:
    """Set the cells of a short row and record the issue (with the 总计 row it feeds)."""
    numbers = [reading(f) for f in found]
    survivors = _candidates(result, key, numbers, rows)
    # where the arithmetic leaves the placement open, the last value is taken to be the total (按总计在末列对齐)
    last_is_total = [s for s in survivors if s[0][-1] == WIDTH - 1]
    if survivors and None in _agreed(survivors) and last_is_total:
        survivors = last_is_total
    if survivors:
        agreed = _agreed(survivors)
        how = "缺失的单元格已按行合计与列合计推算" if None not in agreed else "按总计在末列对齐，无法确定的单元格留空"
    else:
        agreed = numbers[:-1] + [None] * (WIDTH - len(numbers)) + numbers[-1:]
        how = "按总计在末列对齐，其余留空"
    for col, v in zip(APPLICANT_COLUMNS, agreed):
        result.put(f"{key}.{col}", v, None, DEDUCED)  # computed from the arithmetic unless a found value sits here
    for f, col in zip(found, _positions_for(agreed, numbers)):
        if col is not None:
            result.put(f"{key}.{col}", result.cells[f"{key}.{col}"], f.span, ALIGNED)
    result.issues = [i for i in result.issues if not (i.kind == "short_row" and i.rows[0] == key)]
    msg = f"表三“{ROW_NAMES[key]}”行只有{len(numbers)}个数值（应为7个），{how}"
    result.issues.append(Issue("short_row", [key, "total_processed"], msg, [label.span] + [f.span for f in found]))


def _positions_for(agreed: list, numbers: list) -> list[str | None]:
    """Columns the found numbers most plausibly came from (for their evidence spans)."""
    cols, j = [], 0
    for i, v in enumerate(agreed):
        if j < len(numbers) and v == numbers[j] and (len(numbers) - j) <= (WIDTH - i):
            cols.append(APPLICANT_COLUMNS[i])
            j += 1
    return cols + [None] * (len(numbers) - len(cols))
