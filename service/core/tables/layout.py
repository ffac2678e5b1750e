"""Text lines of a table region → logical rows of fields, whatever the layout.

Layouts met in practice: TAB-separated rows (also with shifted tabs), one cell per line with blank lines
between rows, space-separated rows whose labels wrap (PDF text extraction), and markdown pipe tables.
"""
from __future__ import annotations

import re
from functools import lru_cache

from service.core.extractors.numbers import MAX_DIGITS  # a longer run is no count: the cell is read as text
from service.core.text import layer_of

_NUMBER = re.compile(r"^(?P<sign>[+\-－]?)(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?\s*(?P<unit>万元|元|件|条|个|项|次)?$")
_BLANK_MARKS = {"", "—", "——", "-", "－", "/", "／", "\\", "–"}
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}")
_NARRATIVE = re.compile(r"[。！？]|[，,].*[，,]")
_VALUE_TOKEN = re.compile(r"[+\-－]?\d+(?:\.\d+)?|[0-9lI|Oo〇D]{1,6}")  # a number, or one OCR read as letters
# Letters OCR reads in place of digits (l I | for 1, O o 〇 D for 0), alone or mixed with digits (l4, 1O).
_OCR_DIGITS = str.maketrans({"l": "1", "I": "1", "|": "1", "O": "0", "o": "0", "〇": "0", "D": "0"})
_OCR_TOKEN = re.compile(r"^(?=.*[lI|Oo〇D])[0-9lI|Oo〇D]{1,6}$")


def _parse_number(text: str) -> tuple[float | int, str | None] | None:
    if text.isascii() and text.isdigit():  # most cells: a plain count
        return (int(text), None) if len(text) <= MAX_DIGITS else None
    m = _NUMBER.match(text)
    if not m:
        return None
    digits = m.group("num").replace(",", "")
    if len(digits) > MAX_DIGITS:
        return None
    value: float | int = float(f"{digits}.{m.group('frac')}") if m.group("frac") else int(digits)
    if m.group("sign") in ("-", "－"):
        value = -value
    return value, m.group("unit")


@lru_cache(maxsize=4096)
def _cell_facts(text: str) -> tuple[bool, tuple[float | int, str | None] | None, int | None, bool]:
    """(is_blank, number, ocr_number, is_text) of a cell's text; tables repeat the same few cell texts."""
    blank = text in _BLANK_MARKS
    number = None if blank else _parse_number(text)
    ocr = int(text.translate(_OCR_DIGITS)) if number is None and _OCR_TOKEN.match(text) else None
    return blank, number, ocr, not blank and number is None and ocr is None


class Field:
    """One cell of a row, with its span in the text; what the cell holds is worked out once, at creation.

    `number` is (value, unit written beside it) when the cell holds a number; `ocr_number` the integer an
    OCR-confused token stands for (l→1, O→0, l4→14); `is_text` a label or other words. `cell`: a delimited cell
    (TAB, pipe, one cell per line), whose position in the row is meaningful. Fields are values: never mutated.
    """

    __slots__ = ("cell", "end", "is_blank", "is_text", "number", "ocr_number", "run", "start", "text")

    def __init__(self, text: str, start: int, end: int, cell: bool = False, run: bool = False) -> None:
        self.text, self.start, self.end, self.cell, self.run = text, start, end, cell, run
        if run:  # digits glued to a label: a row's cells run together, split by the parser (tables/digit_runs.py)
            self.is_blank, self.number, self.ocr_number, self.is_text = False, None, None, False
        else:
            self.is_blank, self.number, self.ocr_number, self.is_text = _cell_facts(text)

    def _key(self) -> tuple[str, int, int, bool, bool]:
        return (self.text, self.start, self.end, self.cell, self.run)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Field) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Field(text={self.text!r}, start={self.start}, end={self.end}, cell={self.cell}, run={self.run})"

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


Row = list[Field]


def _lines(text: str, start: int, end: int) -> list[tuple[int, str]]:
    return [(s, text[s:e]) for s, e in _lines_from(text, start, end)]


def _lines_from(text: str, start: int, end: int):
    """Lines of text[start:end] from the text layer; a region that starts inside a line starts a line there."""
    layer = layer_of(text)
    if start > 0 and text[start - 1] != "\n":
        first_end = text.find("\n", start, end)
        first_end = end if first_end < 0 else first_end
        yield start, first_end
        if first_end >= end:
            return
        start = first_end + 1
    yield from layer.lines(start, end)
    if end > start and text[end - 1] == "\n" and end <= len(text):
        yield end, end


def _split(pos: int, line: str, sep: str) -> Row:
    fields, at, step = [], pos, len(sep)
    for part in line.split(sep):
        rest = part.lstrip()
        stripped = rest.rstrip()
        s = at + len(part) - len(rest)
        fields.append(Field(stripped, s, s + len(stripped), True))
        at += len(part) + step
    return fields


# A digit run glued to the label before it (…予以公开800008, …总计6200008四、…): not a figure of prose (a measure word,
# a date or a number's punctuation beside it). A run followed by 1. / 2、 ends with the next sub-row's ordinal.
_GLUED_RUN = re.compile(r"(?<=[\u4e00-\u9fff）)”])\d+(?:\.\d+)?(?![\d.．]\d)")
_PROSE_AFTER = set("件条个次项人篇期家场册份栏万%％年月日号余多时分秒〕]）)-－:：/~～")
_AMOUNT_UNITS = ("万元", "元")  # end a table-2 amount: part of the run
_ORDINAL_AFTER = set(".．、")


def glued_fields(pos: int, line: str) -> Row:
    """Text and digit-run fields of a line (or token) whose labels and digits run together; [] when it holds no run."""
    fields: Row = []
    at = 0
    for m in _GLUED_RUN.finditer(line):
        digits, start, end = m.group(0), m.start(), m.end()
        unit = next((u for u in _AMOUNT_UNITS if line.startswith(u, end)), "")
        after = line[end:end + 1]
        if unit:
            digits, end = digits + unit, end + len(unit)
        elif after in _PROSE_AFTER and after:
            continue
        if not unit and after in _ORDINAL_AFTER and after and "." not in digits:
            digits, end = digits[:-1], end - 1  # the last digit numbers the next sub-row
            if not digits:
                continue
        if start > at:
            fields.append(Field(line[at:start], pos + at, pos + start))
        fields.append(Field(digits, pos + start, pos + end, run=True))
        at = end
    if not fields:
        return []
    if at < len(line):
        fields.append(Field(line[at:], pos + at, pos + len(line)))
    return fields


_BRACKETED = re.compile(r"[（(][^（）()]*[）)]")


def _label_like(text: str) -> bool:
    """Without a sentence's punctuation outside brackets, so a row label or a table's header (not prose ending in a
    figure: 本年度部分公开2件，不予公开4 件)."""
    return not re.search(r"[。；;！？!?，,]", _BRACKETED.sub("", text))


def _glued_line(line: str) -> bool:
    """A table region printed as one line with no separators: three or more label-and-run junctions."""
    if "\t" in line or "|" in line or len(line.split()) > 3:
        return False
    return sum(1 for f in glued_fields(0, line) if f.run) >= 3


def _split_spaces(pos: int, line: str) -> Row:
    """A space-separated row: label words stay together, each number is its own cell."""
    fields: Row = []
    tokens = list(re.finditer(r"\S+", line))
    for n, m in enumerate(tokens):
        tok = Field(m.group(0), pos + m.start(), pos + m.end())
        glued = glued_fields(tok.start, tok.text) if tok.is_text else []
        after = tokens[n + 1].group(0) if n + 1 < len(tokens) else ""
        spaced = _cell_facts(after)[1] is not None if after else False  # values follow
        prose = after[:1] in _PROSE_AFTER  # 不予公开4 件: a figure and its measure word
        if len(glued) == 2 and glued[1].run and not prose and (spaced or _label_like(glued[0].text)):
            label, tok = glued
            if fields and fields[-1].is_text:
                prev = fields[-1]
                label = Field(line[prev.start - pos: label.end - pos], prev.start, label.end)
                fields.pop()
            fields.append(label)
        if (fields and tok.is_text and fields[-1].is_text) or (fields and tok.text in ("万元", "元") and fields[-1].number is not None):
            prev = fields[-1]
            fields[-1] = Field(line[prev.start - pos: tok.end - pos], prev.start, tok.end)
        else:
            fields.append(tok)
    return [_unglued(f) if f.run and i + 1 < len(fields) and fields[i + 1].number is not None else f
            for i, f in enumerate(fields)]


def _unglued(f: Field) -> Field:
    """A run followed by spaced values is the row's first cell touching its label (总计0 0 4 …), not a whole row."""
    return Field(f.text, f.start, f.end)


def _ends_in_values(line: str) -> bool:
    """A long label followed by three or more space-separated values (split, not a backtracking regex)."""
    tail = line.rsplit(None, 3)
    return len(tail) == 4 and all(_VALUE_TOKEN.fullmatch(t) for t in tail[1:])


def _row_of_line(pos: int, line: str) -> Row:
    if not line:
        return []
    if "\t" in line:
        return _split(pos, line, "\t")
    if line.lstrip().startswith("|"):
        if _PIPE_SEPARATOR.match(line):
            return []
        lead = line.index("|") + 1
        fields = _split(pos + lead, line[lead:].rstrip().rstrip("|"), "|")
        return fields
    if _glued_line(line):
        return glued_fields(pos, line)
    if _NARRATIVE.search(line) and len(line) > 40 and not _ends_in_values(line):
        return [Field(line.strip(), pos, pos + len(line))] if line.strip() else []
    return _split_spaces(pos, line)


def _is_cell_per_line(lines: list[tuple[int, str]], parsed: list[Row]) -> bool:
    """One cell per line: most lines hold at most one non-blank cell and blank lines separate rows."""
    if not any(not line for _, line in lines):
        return False
    filled = [row for (_, line), row in zip(lines, parsed) if line.strip()]
    if len(filled) < 8:
        return False
    multi, most = 0, len(filled) * 0.25  # multi / len(filled) < 0.25, counted until it cannot hold
    for row in filled:
        if _two_filled(row):
            multi += 1
            if multi >= most:
                return False
    return True


def _two_filled(row: Row) -> bool:
    """Does the row hold two or more non-blank fields?"""
    seen = False
    for f in row:
        if not f.is_blank:
            if seen:
                return True
            seen = True
    return False


def _next_filled(parsed: list[Row]) -> list[int | None]:
    """For each line, the index of the next line holding a non-blank cell (None at the end)."""
    out: list[int | None] = [None] * len(parsed)
    ahead = None
    for i in range(len(parsed) - 1, -1, -1):
        out[i] = ahead
        if any(not f.is_blank for f in parsed[i]):
            ahead = i
    return out


def _is_blank_cell(current: Row, parsed: list[Row], ahead: int | None) -> bool:
    """An empty line among a row's values (a blank cell pasted as an empty line), not the end of the row: the row
    has values already and the next filled line is another value, not a label."""
    if ahead is None or not any(f.number is not None or f.ocr_number is not None for f in current):
        return False
    return all(not f.is_text for f in parsed[ahead])


def table_rows(text: str, start: int, end: int) -> list[Row]:
    """Logical rows of the table text between start and end."""
    lines = _lines(text, start, end)
    parsed = [_row_of_line(p, line) for p, line in lines]  # each line is split once, for the test and the rows
    if not _is_cell_per_line(lines, parsed):
        return [row for row in parsed if row]
    rows, current = [], []
    nxt = _next_filled(parsed)
    for i, ((pos, line), row) in enumerate(zip(lines, parsed)):
        if not line and _is_blank_cell(current, parsed, nxt[i]):
            current.append(Field("", pos, pos, cell=True))
            continue
        if not line:
            if current:
                rows.append(current)
            current = []
            continue
        fields = [f for f in row if not f.is_blank]
        if len(fields) == 1:  # alone on its line: a cell (a field that is one already is that value: kept)
            f = fields[0]
            current.append(f if f.cell and not f.run else Field(f.text, f.start, f.end, cell=True))
        elif fields:
            current += [f if not f.cell and not f.run else Field(f.text, f.start, f.end) for f in fields]
        else:  # a blank cell on its own line
            lead = len(line) - len(line.lstrip())
            current.append(Field("", pos + lead, pos + lead, cell=True))
    if current:
        rows.append(current)
    return rows
