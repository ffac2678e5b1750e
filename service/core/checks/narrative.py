"""Narrative against tables: a count the text reports (收到申请4件) checked against the cell(s) it names."""
from __future__ import annotations

import re
from functools import lru_cache

from service.base.schema import Check, Count, Section
from service.base.vocab import load_vocab
from service.core.checks import compare
from service.core.tables.templates import cell_name
from service.core.tables import TableResult
from service.core.text import layer_of

_WINDOW = 400  # a sentence longer than this is cut: keeps the search linear on hostile input


def sentence_of(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Bounds of the sentence around a span (within a window of characters either side); a number wrapped onto
    the next line ends no sentence."""
    layer = layer_of(text)
    lo = max(0, span[0] - _WINDOW)
    left = layer.last_stop_before(span[0], lo, wrapped=True)
    if span[0] > lo and text[span[0] - 1] == "\n":  # the figure opens its line: that line end is the sentence's start
        left = span[0] - 1
    right = layer.next_stop(span[1], span[1] + _WINDOW, wrapped=True)
    return (lo if left is None else left + 1), (min(len(text), span[1] + _WINDOW) if right is None else right)


def rule_for(count: Count, text: str, template: str | None) -> dict | None:
    """The link rule a count matches (its target and any second reading), or None; found once per count and text
    (the Pipeline asks for it when it links the counts and again when it checks them), kept in the text layer."""
    memo = layer_of(text).memo.setdefault("link_rules", {})
    key = (count.span, count.subject, count.unit, template)
    if key not in memo:
        memo[key] = _find_rule(count, text, template)
    return memo[key]


def _find_rule(count: Count, text: str, template: str | None) -> dict | None:
    sentence = None
    for rule, context in _rules_naming((count.subject or "").strip(), count.unit, template):
        if context is not None:
            if sentence is None:  # the sentence is cut only for a rule that reads it
                s0, s1 = sentence_of(text, count.span)
                sentence = text[s0:s1]
            if not context.search(sentence):
                continue
        return rule
    return None


@lru_cache(maxsize=4096)
def _rules_naming(subject: str, unit: str, template: str | None) -> tuple[tuple[dict, re.Pattern | None], ...]:
    """(rule, sentence pattern) of the rules whose pattern the subject matches, in vocabulary order (reports repeat
    the same subjects: kept); none for a subject that names one channel or kind of a figure, not the figure."""
    if any(cue in subject for cue in load_vocab("links")["partial_cues"]):
        return ()
    return tuple((rule, context) for rule, pattern, context in _links_for(unit, template) if pattern.search(subject))


@lru_cache(maxsize=64)
def _links_for(unit: str, template: str | None) -> tuple[tuple[dict, re.Pattern, re.Pattern | None], ...]:
    """The compiled link rules that apply to a count of this unit in a table of this template, in vocabulary order."""
    return tuple((rule, pattern, context) for rule, pattern, context in _compiled_links()
                 if unit in rule["units"] and ("template" not in rule or rule["template"] == template))


@lru_cache(maxsize=1)
def _compiled_links() -> list[tuple[dict, re.Pattern, re.Pattern | None]]:
    """The link rules with their patterns compiled once (the re module's cache is shared and can evict them)."""
    return [(rule, re.compile(rule["pattern"]), re.compile(rule["sentence"]) if "sentence" in rule else None)
            for rule in load_vocab("links")["links"]]


def rule_target(count: Count, text: str, template: str | None) -> str | None:
    """The cell group a count reports, by the link vocabulary; None when it reports no table cell."""
    rule = rule_for(count, text, template)
    return rule["target"] if rule else None


def cells_for(target: str, tables: dict[str, TableResult | None], subject: str) -> list[str]:
    """Full cell keys (table.row.column) that a target stands for, narrowed to an applicant column if named."""
    vocab = load_vocab("links")
    table_name = target.split(".", 1)[0]
    table = tables.get(table_name)
    if table is None:
        return []
    if target in vocab["groups"]:
        keys = [r if "." in r else f"{r}.total" for r in vocab["groups"][target]]
        return [f"{table_name}.{k}" for k in keys if k in table.cells]
    key = target.split(".", 1)[1]
    if table_name == "applications" and key.endswith(".total"):
        for word, col in vocab["columns"].items():
            if word in subject:
                key = key.rsplit(".", 1)[0] + "." + col
    return [f"{table_name}.{key}"] if key in table.cells else []


def _link_check(n: int, target: str, value: float, evidence: tuple[int, int], what: str,
                tables: dict[str, TableResult | None], subject: str, doubts: dict[str, str] | None = None) -> Check | None:
    cells = cells_for(target, tables, subject)
    if not cells:
        return None
    table = tables[target.split(".", 1)[0]]
    right = {c: table.cells.get(c.split(".", 1)[1]) for c in cells}
    spans = [evidence] + [table.spans[c.split(".", 1)[1]] for c in cells if c.split(".", 1)[1] in table.spans]
    message = f"正文“{what}”({{l}}) {{op}} 表格对应单元格({{r}})"
    return compare(f"narrative.link.{n}", "narrative_vs_table", {"narrative": value}, right, message, spans, cells,
                   doubts, blank_zero=True)


def _either_check(check: Check | None, other: Check | None) -> Check | None:
    """Two readings of one figure: pass when either holds, fail only when both fail (the message names both)."""
    if check is None or other is None or check.status == "pass":
        return check
    if other.status == "pass":
        return other.model_copy(update={"id": check.id})
    if check.status == "fail" and other.status == "fail":
        return check.model_copy(update={"cells": list(dict.fromkeys(check.cells + other.cells)),
                                        "message": f"{check.message}；按另一种理解，{other.message}"})
    return check if check.status == "uncertain" else other.model_copy(update={"id": check.id})


def _guessed(check: Check | None) -> Check | None:
    """A link only the trained linker made is no certainty: its failure is `uncertain`."""
    if check is None or check.status != "fail":
        return check
    return check.model_copy(update={"status": "uncertain",
                                    "message": check.message + "（该数字与表格单元格的对应关系由模型推断，无法确定是否真不一致）"})


def _loose(check: Check | None) -> Check | None:
    """A phrasing whose scope may differ from the form's cell: reconciled when it equals the cell, otherwise left
    unlinked (no check: a wider count in the prose is no inconsistency, and no reason to ask a reviewer)."""
    if check is None or check.status == "pass":
        return check
    return None


def _upper(key: str, value, doubts: dict) -> float:
    """The most a cell can hold over its readings: its value when read, the greatest reading, or no bound."""
    readings = getattr(doubts, "readings", {})
    if key in readings:
        return max(readings[key])
    if value is None or key in doubts:
        return float("inf")
    return value


def _bound_check(n: int, targets: list[str], value: float, evidence: tuple[int, int], what: str,
                 tables: dict[str, TableResult | None], doubts: dict[str, str] | None) -> Check | None:
    """A figure that counts a part of what its cells hold (the `at_most` of a loose link): a fail when it exceeds
    the most the cells can hold over every reading, else None (unlinked: fewer is no inconsistency)."""
    doubts = doubts if doubts is not None else {}
    cells = [c for t in targets for c in cells_for(t, tables, "")]
    if len(cells) != len(targets):
        return None  # a bounding cell is absent from the table read
    values = {c: tables[c.split(".", 1)[0]].cells.get(c.split(".", 1)[1]) for c in cells}
    upper = sum(_upper(c, v, doubts) for c, v in values.items())
    if not value > upper:
        return None
    table = tables[cells[0].split(".", 1)[0]]
    spans = [evidence] + [table.spans[c.split(".", 1)[1]] for c in cells if c.split(".", 1)[1] in table.spans]
    names = "与".join(cell_name(c) for c in cells) + ("之和" if len(cells) > 1 else "")
    bound = int(upper) if float(upper).is_integer() else upper
    return Check(id=f"narrative.link.{n}", kind="narrative_vs_table", status="fail", left=value, right=bound,
                 cells=cells, spans=spans,
                 message=f"正文“{what}”({value:g})多于表格{names}({bound:g})：所述文件包含在其中，不可能多于该数")


def narrative_checks(text: str, counts: list[Count], tables: dict[str, TableResult | None],
                     template: str | None, targets: list[str | None] | None = None,
                     sections: list[Section] = (), doubts: dict[str, str] | None = None) -> list[Check]:
    """A check for every count that reports a table cell, and for every sentence that states a zero; a cell not
    read directly (`doubts`, see checks/doubt.py) or blank may hold any non-negative value (see checks.compare)."""
    out: list[Check] = []
    targets = targets or [rule_target(c, text, template) for c in counts]
    partial = load_vocab("links")["partial_cues"]
    for n, (count, target) in enumerate(zip(counts, targets)):
        if not target or count.approx or count.value is None or any(w in count.subject for w in partial):
            continue
        what = count.text or count.subject
        check = _link_check(n, target, count.value, count.span, what, tables, count.subject, doubts)
        rule = rule_for(count, text, template)
        if rule and rule["target"] == target and rule.get("either"):
            other = _link_check(n, rule["either"], count.value, count.span, what, tables, count.subject, doubts)
            check = _either_check(check, other)
        if not rule or rule["target"] != target:
            check = _guessed(check)
        elif rule.get("loose"):
            check = _loose(check)
            if check is None and "at_most" in rule:
                check = _bound_check(n, [target, *rule["at_most"]], count.value, count.span, what, tables, doubts)
        if check:
            out.append(check)
    return out + zero_checks(text, tables, sections, doubts)


def zero_checks(text: str, tables: dict[str, TableResult | None], sections: list[Section],
                doubts: dict[str, str] | None = None) -> list[Check]:
    """Sentences of the overview that state a zero (未收到…申请) checked against the cell as 0; a negated clause
    about something else (未发生…被纠错的情况) states no zero."""
    out: list[Check] = []
    vocab = load_vocab("links")
    zones = [s.span for s in sections if s.key == "overview"]
    for n, rule in enumerate(vocab["zeros"]):
        for start, end in zones:
            m = next((m for m in re.finditer(rule["pattern"], text[start:end])
                      if not _names_other(text, start + m.start(), vocab["zero_not_with"])), None)
            if m:
                span = (start + m.start(), start + m.end())
                check = _link_check(1000 + n, rule["target"], 0, span, m.group(0), tables, "", doubts)
                out += [check] if check else []
                break
    return out


def _names_other(text: str, pos: int, words: list[str]) -> bool:
    """Does the clause starting at pos name something other than the count (被纠错, 投诉 …)?"""
    limit = min(len(text), pos + _WINDOW)  # bounded: linear on hostile input
    end = min([i for i in (text.find(ch, pos, limit) for ch in "，。；\n") if i >= 0], default=limit)
    return any(w in text[pos:end] for w in words)
