"""Problems and improvements of part 五 as separate items, whatever the enumeration style."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from service.base.schema import ListItem, Section
from service.base.vocab import load_vocab
from service.core.extractors.numbers import parse_chinese
from service.core.text import layer_of

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_ORDER_WORDS = {"首先": 1, "其次": 2, "再次": 3, "最后": 99, "一方面": 1, "另一方面": 2}
_PUNCT = " \t，,。；;：:、！？!?"
_PRECEDE = {"line": "\n", "sentence": "\n。；;：:！？!?", "clause": "\n。；;：:！？!?，,、"}
PROBLEMS, IMPROVEMENTS = "problems", "improvements"


@dataclass
class _Enum:
    """An enumerator occurrence: where it starts, where its item text starts, its number and its style."""

    start: int
    body: int
    ordinal: int
    style: int
    problem: bool = False  # the marker itself says problem (问题一：)


@lru_cache(maxsize=1)
def _vocab() -> dict:
    """Compiled list vocabulary from service/base/vocab/counts.yaml."""
    v = load_vocab("counts")
    return {
        "enums": [(re.compile(e["re"]), _PRECEDE[e["where"]]) for e in v["enumerators"]],
        "problem_heading": re.compile(v["problem_heading_re"]),
        "improvement_heading": re.compile(v["improvement_heading_re"]),
        "heading_head": re.compile(r"[ \t]*([^，。；：:,;\n]{2,20}?)[ \t]*(?:[：:。．.]|\n|$)"),
        "problem_lead": re.compile(v["problem_lead_re"]),
        "problem_tail": re.compile(v["problem_tail_re"]),
        "starts": tuple(v["improvement_starts"]),
        "cues": v["improvement_cues"],
        "intro_words": v["problem_intro_words"],
        "problem_cues": v["problem_cues"],
        "verbs": tuple(v["improvement_verbs"]),
        "cause_lead": tuple(v["cause_lead"]),
        "cause_end": v["cause_end"],
        "max": v["item_max_chars"],
        "pair_cue": re.compile(v["pair_cue_re"]),
    }


def _ordinal(token: str) -> int:
    """Number of an enumerator (（三）→3, 2、→2, ③→3, 其次→2)."""
    for word, n in _ORDER_WORDS.items():
        if token.startswith(word):
            return n
    digits = re.search(r"\d+", token)
    if digits:
        return int(digits.group(0))
    circled = [c for c in token if c in _CIRCLED]
    if circled:
        return _CIRCLED.index(circled[0]) + 1
    return parse_chinese(re.sub(r"[^一二三四五六七八九十]", "", token)) or 0


def _enumerators(text: str, start: int, end: int) -> list[_Enum]:
    """Enumerators in [start, end) that stand where their style allows, earliest first, no overlaps."""
    found = []
    part = text[start:end]  # searched alone: a pattern's look-behind sees nothing before start, as a search from it
    for style, (pattern, precede) in enumerate(_vocab()["enums"]):
        for m in pattern.finditer(part):
            k = s = start + m.start()  # the last character before the enumerator that is no space or TAB, in [start, k)
            while k > start and text[k - 1] in " \t":
                k -= 1
            if k > start and text[k - 1] not in precede:
                continue
            found.append(_Enum(s, start + m.end(), _ordinal(m.group(0)), style, "问题" in m.group(0)))
    found.sort(key=lambda e: (e.start, -e.body))
    out: list[_Enum] = []
    for e in found:
        if not out or e.start >= out[-1].body:
            out.append(e)
    return out


def _heading(text: str, start: int, end: int) -> tuple[str | None, int]:
    """(problems | improvements | None, offset after the heading) for a sub-part heading such as 改进情况：."""
    v = _vocab()
    m = v["heading_head"].match(text, start, end)
    if not m:
        return None, start
    head = m.group(1).strip()
    for kind, key in ((PROBLEMS, "problem_heading"), (IMPROVEMENTS, "improvement_heading")):
        if v[key].match(head):
            return kind, m.end()
    return None, start


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The item's headline: clauses from start while they fit item_max_chars, without edge punctuation."""
    limit = _vocab()["max"]
    while start < end and text[start] in _PUNCT + "\n":
        start += 1
    while end > start and text[end - 1] in _PUNCT + "\n":
        end -= 1
    if end - start <= limit:
        return start, end
    cut = start
    for m in layer_of(text).clauses(start, end):
        if m.end() - start > limit:
            break
        cut = m.end()
    return start, cut if cut > start else start + limit




class _Walker:
    """Walks part 五 once, switching between problems and improvements on headings, cues and restarts."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.mode = PROBLEMS
        self.items: dict[str, list[tuple[int, int]]] = {PROBLEMS: [], IMPROVEMENTS: []}
        self.plain: dict[str, list[tuple[int, int]]] = {PROBLEMS: [], IMPROVEMENTS: []}
        self.last: _Enum | None = None
        self.open_problem: int | None = None  # the problem item just taken, until a measure or an item follows
        self.pairs: list[tuple[int, tuple[int, int]]] = []  # (problem index, span of the measure right after it)

    def plain_text(self, start: int, end: int, next_item: _Enum | None) -> None:
        """Sentences outside items: headings and cues switch the mode; the rest may hold unnumbered items."""
        text = self.text
        sentences = [(s, e) for s, e in layer_of(text).pieces(start, end) if text[s:e].strip()]
        for n, (s, e) in enumerate(sentences):
            kind, after = _heading(text, s, e)
            sentence = text[s:e].strip()
            is_intro = next_item is not None and n == len(sentences) - 1
            self._pair(s, e, kind, after, sentence)
            if kind:
                self.mode, s = kind, after
            elif self._turns(sentence, is_intro, next_item):
                self.mode = IMPROVEMENTS
            if s < e and text[s:e].strip(_PUNCT):
                self.plain[self.mode].append((s, e))

    def _pair(self, start: int, end: int, kind: str | None, after: int, sentence: str) -> None:
        """A measure stated right after the problem item it answers (针对这一问题，… / 整改措施：…) is a pair candidate."""
        problem, self.open_problem = self.open_problem, None
        if problem is None or sentence.endswith(("：", ":")) or "以下" in sentence or "如下" in sentence:
            return
        if kind == IMPROVEMENTS and self.text[after:end].strip(_PUNCT):
            start = after
        elif kind is not None:
            return
        else:
            lead = len(self.text[start:end]) - len(self.text[start:end].lstrip())
            cue = _vocab()["pair_cue"].match(self.text, start + lead, end)  # the pattern is anchored by match()
            if not cue:
                return
            start = cue.end()
        span = _measure(self.text, start, end)
        if span[1] > span[0]:
            self.pairs.append((problem, span))

    def _turns(self, sentence: str, is_intro: bool, next_item: _Enum | None) -> bool:
        """True when a sentence turns part 五 to improvements: it opens with 下一步/今后…, or it introduces the
        next list with an improvement cue and no word of problems, unless that list goes on numbering problems."""
        v = _vocab()
        if sentence.startswith(v["starts"]):
            return not (is_intro and self._continues(next_item))
        has_cue = any(c in sentence for c in v["cues"])
        intro = is_intro and has_cue and not any(w in sentence for w in v["intro_words"])
        return intro and not self._continues(next_item)

    def _continues(self, item: _Enum | None) -> bool:
        """True when item carries on the current problems list (二 after 一, same style)."""
        last = self.last
        return bool(item and last and self.mode == PROBLEMS and self.items[PROBLEMS]
                    and item.style == last.style and item.ordinal == last.ordinal + 1)

    def item(self, enum: _Enum, end: int) -> int:
        """Take an enumerated item (or a sub-part heading); returns where its first sentence ends."""
        text = self.text
        kind, body = _heading(text, enum.body, end)
        self.open_problem = None
        if kind:
            self.mode = kind
            if not _labelled(text, body, end):
                return body
        else:
            body = enum.body
            restart = enum.ordinal == 1 and self.items[PROBLEMS] and self.mode == PROBLEMS
            if restart and self.last and (enum.style == self.last.style or text[enum.start - 1:enum.start] == "\n"):
                self.mode = IMPROVEMENTS
            if enum.problem:
                self.mode = PROBLEMS
        stop = layer_of(text).first_sentence_end(body, end)
        self.items[self.mode].append(_trim(text, body, stop))
        if self.mode == PROBLEMS:
            self.open_problem = len(self.items[PROBLEMS]) - 1
        self.last = enum
        return stop


def _labelled(text: str, body: int, end: int) -> bool:
    """True when a sub-part label opens an item on its own line (（一）问题：栏目更新滞后。), not a heading line
    or the lead-in of a list (（一）存在的主要问题\n…, 存在问题：一是…)."""
    line_end = text.find("\n", body, end)
    rest = text[body:line_end if line_end >= 0 else end].strip(_PUNCT)
    return bool(rest) and not rest.endswith(("以下", "如下")) and text[body - 1:body] in "：:"


def _measure(text: str, start: int, end: int) -> tuple[int, int]:
    """A measure's headline: past a short lead-in (我局将, 同时) when it does not open with an action verb."""
    v = _vocab()
    while start < end and text[start] in _PUNCT + "\n":
        start += 1
    body = text[start:end]
    if not body.startswith(v["verbs"]):
        lead = _LEAD_IN.match(body)
        if lead and 0 < lead.end() <= 8:
            start += lead.end()
    return _trim(text, start, end)


def _cause_ranges(clauses: list[str]) -> set[int]:
    """Indexes of clauses that state a cause (由于人手有限，工作任务重，…的原因): not problems themselves."""
    v, out = _vocab(), set()
    for i, clause in enumerate(clauses):
        if clause.startswith(v["cause_lead"]):
            ends = [j for j in range(i, min(i + 4, len(clauses))) if any(w in clauses[j] for w in v["cause_end"])]
            out.update(range(i, ends[0] + 1) if ends else [i])
    return out


def _problem_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Unnumbered problems in one sentence: clauses after 但/存在, grouped until one says something is lacking."""
    v = _vocab()
    lead = v["problem_lead"].match(text, start, end)
    if lead and lead.end() > start:
        start = lead.end()
    found = [m for m in layer_of(text).clauses(start, end, enumeration=True) if m.group(0).strip(_PUNCT)]
    causes = _cause_ranges([m.group(0).strip(_PUNCT) for m in found])
    out, buf = [], None
    for i, m in enumerate(found):
        if i in causes:
            continue
        buf = buf if buf is not None else m.start()
        if any(c in m.group(0) for c in v["problem_cues"]):
            s, e = _trim(text, buf, m.end())
            tail = v["problem_tail"].search(text, s, e)
            out.append((s, tail.start() if tail and tail.start() > s else e))
            buf = None
    return out


_LEAD_IN = re.compile(r"^(?:.*?(?:将|要|会|拟|计划)(?:继续|持续)?|(?:同时|此外|另外|并且?|还要?|再次)[，,]?)")


def _improvement_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Unnumbered improvements: each sentence that, past its lead-in (下一步，我局将 / 同时), opens with an action
    verb (加强…, 着力…, 建立健全…) is one measure, from that verb to the end of the sentence (its headline)."""
    v = _vocab()
    out = []
    for s, e in layer_of(text).pieces(start, end):
        sentence = text[s:e]
        lead = len(sentence) - len(sentence.lstrip(_PUNCT + "\n"))
        body = sentence[lead:]
        core = body if body.startswith(v["verbs"]) else _LEAD_IN.sub("", body, count=1).lstrip(_PUNCT)
        if core.startswith(v["verbs"]):
            out.append(_trim(text, e - len(sentence[lead:]) + (len(body) - len(core)), e))
    return out


def _body(text: str, section: Section) -> tuple[int, int]:
    """Part 五 without its heading, also when the heading runs onto a second line (…问题和\n改进情况)."""
    start, end = section.span
    title_at = text.find(section.title, start, end) if section.title else -1
    body = title_at + len(section.title) if title_at >= 0 else start
    if title_at < 0 and section.title:  # the heading broken over lines (五、存在的主要问\n题及改进措施)
        broken = re.compile(r"\s*".join(map(re.escape, section.title))).search(text, start, min(end, start + 80))
        body = broken.end() if broken else start
    if section.title.rstrip().endswith(("和", "及", "与", "、")):
        line = re.match(r"\s*[^\n]{0,12}\n", text[body:end])
        body += line.end() if line else 0
    return body, end


def extract_lists(text: str, sections: list[Section]) -> tuple[list[ListItem], list[ListItem]]:
    """(problems, improvements) of part 五, each item the headline of its entry with its span."""
    section = next((s for s in sections if s.key == "problems"), None)
    if section is None:
        return [], []
    start, end = _body(text, section)
    enums = _enumerators(text, start, end)
    walker = _Walker(text)
    pos = start
    for n, enum in enumerate(enums):
        walker.plain_text(pos, enum.start, enum)
        pos = walker.item(enum, enums[n + 1].start if n + 1 < len(enums) else end)
    walker.plain_text(pos, end, None)
    spans = {}
    for kind, split in ((PROBLEMS, _problem_clauses), (IMPROVEMENTS, _improvement_clauses)):
        spans[kind] = [(s, e) for s, e in walker.items[kind] or [
            s for a, b in walker.plain[kind] for s in split(text, a, b)] if e > s]
    problems = [ListItem(text=text[s:e], span=(s, e)) for s, e in spans[PROBLEMS]]
    improvements = _paired(text, problems, spans[IMPROVEMENTS], walker.pairs)
    return problems, improvements


def _paired(text: str, problems: list[ListItem], measures: list[tuple[int, int]],
            pairs: list[tuple[int, tuple[int, int]]]) -> list[ListItem]:
    """Improvements in text order; where the text pairs each measure with its problem (two problems or more carry
    one each, at least one of them before the last problem), the pair indexes are set on both sides."""
    by_problem = dict(pairs)
    if not (len(by_problem) >= 2 and min(by_problem) < len(problems) - 1 and max(by_problem) < len(problems)):
        return [ListItem(text=text[s:e], span=(s, e)) for s, e in measures]
    taken = list(by_problem.values())
    rest = [m for m in measures if all(m[1] <= a or m[0] >= b for a, b in taken)]
    out = sorted([*((sp, p) for p, sp in by_problem.items()), *((m, None) for m in rest)])
    items = [ListItem(text=text[s:e], span=(s, e), pair=p) for (s, e), p in out]
    for i, item in enumerate(items):
        if item.pair is not None:
            problems[item.pair].pair = i
    return items
