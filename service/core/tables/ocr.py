"""OCR confusions in cells (l I | → 1, O o 〇 → 0, l4 → 14): corrected only where the row's arithmetic confirms them."""
from __future__ import annotations

from itertools import product

from service.base.vocab import load_vocab
from service.core.tables.layout import Field

Sum = tuple[list[str], str]  # (part columns, total column) of one identity the row must satisfy


def reading(f: Field | None) -> float | int | None:
    """The number a cell holds, taking an OCR-confused token at its digit reading."""
    if f is None:
        return None
    parsed = f.number
    return parsed[0] if parsed is not None else f.ocr_number


def readings(f: Field | None) -> list[int]:
    """Every value an OCR-confused token may stand for (l4 → [14, 74]), sorted; [] for a clean cell or a token
    whose readings are too many to list."""
    if not is_confused(f):
        return []
    vocab = load_vocab("ocr")
    table = vocab["lookalikes"]
    options = [[int(ch)] if ch.isdigit() else table.get(ch, list(range(10))) for ch in f.text]
    count = 1
    for digits in options:
        count *= len(digits)
    if count > vocab["max_readings"]:
        return []
    return sorted({int("".join(map(str, combo))) for combo in product(*options)})


def is_confused(f: Field | None) -> bool:
    """A cell whose token is not a number but reads as one once OCR confusions are undone."""
    return f is not None and f.number is None and f.ocr_number is not None


def confirm(cells: dict[str, Field | None], sums: list[Sum]) -> tuple[set[str], set[str]]:
    """(confirmed, unconfirmed) columns among the OCR-confused cells of one row.

    A reading is confirmed when every identity that involves the cell has all its values and holds with it,
    and at least one such identity exists; otherwise the cell is left alone (null, with a warning).
    """
    confused = {col for col, f in cells.items() if is_confused(f)}
    if not confused:
        return set(), set()
    values = {col: reading(f) for col, f in cells.items()}
    confirmed = set()
    for col in confused:
        used = [(parts, total) for parts, total in sums if col in parts or col == total]
        if used and all(_holds(values, parts, total) for parts, total in used):
            confirmed.add(col)
    return confirmed, confused - confirmed


def _holds(values: dict, parts: list[str], total: str) -> bool:
    known = [values.get(c) for c in [*parts, total]]
    return None not in known and abs(sum(known[:-1]) - known[-1]) < 1e-6


def warning(table: str, row: str, f: Field) -> str:
    """The reader's note for a confused cell that the arithmetic does not confirm."""
    return (f"{table}“{row}”行的单元格“{f.text}”疑似文字识别错误（可能为{f.ocr_number}），"
            "表内合计无法印证，未予更正（按空白处理）")
