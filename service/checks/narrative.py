"""Narrative against tables: a count the text reports (收到申请4件) checked against the cell(s) it names."""
from __future__ import annotations

import re

from ..schema import Check, Count, Section
from ..tables import TableResult
from ..vocab import load_vocab
from . import compare

_SENTENCE_END = re.compile(r"[。！？\n]")


_WINDOW = 400  # a sentence longer than this is cut: keeps the search linear on hostile input


def sentence_of(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Bounds of the sentence around a span (within a window of characters either side)."""
    lo = max(0, span[0] - _WINDOW)
    start = max((m.end() for m in _SENTENCE_END.finditer(text, lo, span[0])), default=lo)
    m = _SENTENCE_END.search(text, span[1], span[1] + _WINDOW)
    return start, (m.start() if m else min(len(text), span[1] + _WINDOW))


def rule_target(count: Count, text: str, template: str | None) -> str | None:
    """The cell group a count reports, by the link vocabulary; None when it reports no table cell."""
    s0, s1 = sentence_of(text, count.span)
    sentence = text[s0:s1]
    subject = (count.subject or "").strip()
    for rule in load_vocab("links")["links"]:
        if count.unit not in rule["units"] or ("template" in rule and rule["template"] != template):
            continue
        if "sentence" in rule and not re.search(rule["sentence"], sentence):
            continue
        if re.search(rule["pattern"], subject):
            return rule["target"]
    return None


def cells_for(target: str, tables: dict[str, TableResult | None], subject: str) -> list[str]:
    """Full cell keys (table.row.column) that a target stands for, narrowed to an applicant column if named."""
    vocab = load_vocab("links")
    table_name = target.split(".", 1)[0]
    table = tables.get(table_name)
    if table is None:
        return []
    if target in vocab["groups"]:
        rows = [r for r in vocab["groups"][target] if f"{r}.total" in table.cells]
        return [f"{table_name}.{r}.total" for r in rows]
    key = target.split(".", 1)[1]
    if table_name == "applications" and key.endswith(".total"):
        for word, col in vocab["columns"].items():
            if word in subject:
                key = key.rsplit(".", 1)[0] + "." + col
    return [f"{table_name}.{key}"] if key in table.cells else []


def _link_check(n: int, target: str, value: float, evidence: tuple[int, int], what: str,
                tables: dict[str, TableResult | None], subject: str) -> Check | None:
    cells = cells_for(target, tables, subject)
    if not cells:
        return None
    table = tables[target.split(".", 1)[0]]
    right = {c: table.cells.get(c.split(".", 1)[1]) for c in cells}
    spans = [evidence] + [table.spans[c.split(".", 1)[1]] for c in cells if c.split(".", 1)[1] in table.spans]
    message = f"正文“{what}”({{l}}) {{op}} 表格对应单元格({{r}})"
    return compare(f"narrative.link.{n}", "narrative_vs_table", {"narrative": value}, right, message, spans, cells)


def narrative_checks(text: str, counts: list[Count], tables: dict[str, TableResult | None],
                     template: str | None, targets: list[str | None] | None = None,
                     sections: list[Section] = ()) -> list[Check]:
    """A check for every count that reports a table cell, and for every sentence that states a zero."""
    out: list[Check] = []
    targets = targets or [rule_target(c, text, template) for c in counts]
    for n, (count, target) in enumerate(zip(counts, targets)):
        if target and not count.approx and count.value is not None:
            check = _link_check(n, target, count.value, count.span, count.text or count.subject, tables,
                                count.subject)
            if check:
                out.append(check)
    return out + zero_checks(text, tables, sections)


def zero_checks(text: str, tables: dict[str, TableResult | None], sections: list[Section]) -> list[Check]:
    """Sentences of the overview that state a zero (未收到…申请) checked against the cell as 0."""
    out: list[Check] = []
    zones = [s.span for s in sections if s.key == "overview"]
    for n, rule in enumerate(load_vocab("links")["zeros"]):
        for start, end in zones:
            m = re.search(rule["pattern"], text[start:end])
            if m:
                span = (start + m.start(), start + m.end())
                check = _link_check(1000 + n, rule["target"], 0, span, m.group(0), tables, "")
                out += [check] if check else []
                break
    return out
