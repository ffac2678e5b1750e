"""Narrative counts: a number with a measure word outside the tables, with its subject, platform and 其中 parts."""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import lru_cache

from service.base.schema import Count, Platform, Section
from service.base.vocab import load_vocab
from service.core.extractors.numbers import Quantity, alternation, find_quantities
from service.core.sections import section_at
from service.core.text import layer_of, paragraph_wrap

# each alternative opens with one literal character, so the scan jumps to where a region can begin
_OPAQUE = re.compile(r"《[^《》\n]{0,80}》|“[^“”\n]{0,40}”|（[^（()）\n]{0,40}[)）]|\([^（()）\n]{0,40}[)）]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_EXAMPLES = re.compile(r"^.*[》”]等(?=.{2})")  # 《A》、《B》等科技项目信息: the titles are examples
_TAIL_MAX, _RIGHT_MAX, _LEFT_MAX = 12, 20, 30
_SEG_MAX, _SENTENCE_MAX = 200, 400  # a clause or sentence longer than this is cut: every lookup stays bounded
_PAREN = re.compile(r"[（()）]")
_PUBLISHED = re.compile(r"发布|公开|推送|刊登|刊发|转载|公布")
_JOINER = re.compile(r"[和、及与]")


@lru_cache(maxsize=1)
def _patterns() -> dict:
    """Regexes built once from service/base/vocab/counts.yaml."""
    v = load_vocab("counts")
    delims = re.escape(v["hard_delimiters"])
    return {
        "delim": re.compile(f"[{delims}]"),
        "right": re.compile(rf"[^{delims}）)\d]{{0,{_RIGHT_MAX}}}"),
        "tail": re.compile(rf"[^{delims}）)、\d]{{0,{_TAIL_MAX}}}"),
        "lead": tuple(re.compile(p) for p in v["subject_lead_strip_re"] + v["subject_lead_time_re"]),
        "lead_keep_time": tuple(re.compile(p) for p in v["subject_lead_strip_re"]),
        "trail": tuple(re.compile(f"(?:{p})$") for p in v["subject_tail_strip_re"]),
        "drop": re.compile("|".join(v["subject_drop_re"])),
        "cue": re.compile(alternation(v["breakdown_cues"])),
        "new_topic": re.compile(rf"[，,；;]\s*(?:{alternation(v['new_topic_cues'])})"),
        "platform": re.compile(v["platform_re"]),
        "platform_trim": re.compile(v["platform_trim_re"]),
        "each_split": re.compile(f"[{v['each_separators']}]"),
        "verbs": tuple(v["object_verbs"]),
        "vocab": v,
    }


def _wrapped(text: str, i: int) -> bool:
    """Is the delimiter at i a line end that wraps a number: a digit right after it, a clause word right before (or
    one of the two line ends around a blank line a number was carried across, text.paragraph_wrap)?"""
    return (text[i] == "\n" and i + 1 < len(text) and "0" <= text[i + 1] <= "9" and i > 0
            and "\u4e00" <= text[i - 1] <= "\u9fff") or paragraph_wrap(text, i)


# the only line ends _wrapped can hold true for: a digit right after, or a blank line and then a digit
_WRAP_CANDIDATE = re.compile(r"\n(?=\n?[0-9])")


class _Context:
    """Per-document lookups: clause delimiters and the opaque (quoted, bracketed) regions that hide them."""

    def __init__(self, text: str, hits: list[Quantity]) -> None:
        pats = _patterns()
        self.text = text
        self.starts = [h.start for h in hits]
        # a line end inside a clause, before a number a PDF or form carried onto the next line (同意公开\n2件), is
        # no delimiter: the count keeps its subject from the line before
        delims = [m.start() for m in pats["delim"].finditer(text)]
        wrapped = {i for i in (m.start() for m in _WRAP_CANDIDATE.finditer(text)) if _wrapped(text, i)}
        self.delims = [i for i in delims if i not in wrapped] if wrapped else delims
        # a delimiter inside 《…》 / “…” / (…), and the opening parenthesis itself, is hidden once the region is
        # closed: 通过各级媒体刊登(播出)新闻144条 is one clause, 网站(http://…)发布922条 too. The regions
        # [first, end) are disjoint and in order (one scan); 《 and “ are no delimiters, so they are left out
        firsts, ends = [], []
        for m in _OPAQUE.finditer(text):
            firsts.append(m.start() if text[m.start()] in "（(" else m.start() + 1)
            ends.append(m.end())
        self.hidden_firsts, self.hidden_ends = firsts, ends
        visible, prev = [], 0
        for first, end in zip(firsts, ends):
            a = bisect.bisect_left(self.delims, first, prev)
            visible += self.delims[prev:a]
            prev = bisect.bisect_left(self.delims, end, a)
        self.visible = visible + self.delims[prev:]
        self.layer = layer_of(text)
        self.parens = [(m.start(), m.group(0) in "（(") for m in _PAREN.finditer(text)]
        self.platform_spans: list[tuple[int, int, str]] | None = None

    def hidden_until(self, pos: int) -> int:
        """End of the opaque region that hides pos, or 0."""
        k = bisect.bisect_right(self.hidden_firsts, pos) - 1
        return self.hidden_ends[k] if k >= 0 and pos < self.hidden_ends[k] else 0

    def clause_start(self, pos: int) -> int:
        """Offset after the last visible delimiter before pos: one outside any quoted or bracketed region, or one
        inside the region that is still open at pos (regions do not overlap, so no walk back is needed)."""
        i = bisect.bisect_left(self.visible, pos) - 1
        best = self.visible[i] if i >= 0 else -1
        j = bisect.bisect_left(self.delims, pos) - 1
        if j >= 0 and self.hidden_until(self.delims[j]) > pos:
            best = max(best, self.delims[j])
        return best + 1

    def sentence_bounds(self, pos: int) -> tuple[int, int]:
        """(start, end) of the sentence around pos, each side cut at _SENTENCE_MAX characters."""
        floor = max(0, pos - _SENTENCE_MAX)
        left = self.layer.last_stop_before(pos, floor)
        left = floor - 1 if left is None else left
        right = self.layer.next_stop(pos, len(self.text))
        right = len(self.text) if right is None else right
        return left + 1, min(right, pos + _SENTENCE_MAX)

    def balanced_from(self, origin: int, ends: list[int]) -> set[int]:
        """The ends (ascending, > origin) for which text[origin:end] opens as many parentheses as it closes, never
        closing first, in one forward scan."""
        out, depth, k = set(), 0, bisect.bisect_left(self.parens, (origin, False))
        for end in ends:
            while k < len(self.parens) and self.parens[k][0] < end:
                depth += 1 if self.parens[k][1] else -1
                k += 1
                if depth < 0:
                    return out  # closed before opening: no longer stretch can be balanced
            if depth == 0:
                out.add(end)
        return out

    def balanced_to(self, stop: int, starts: list[int]) -> set[int]:
        """The starts (descending, < stop) for which text[start:stop] is balanced, in one backward scan."""
        out, depth, k = set(), 0, bisect.bisect_left(self.parens, (stop, False)) - 1
        for start in starts:
            while k >= 0 and self.parens[k][0] >= start:
                depth += -1 if self.parens[k][1] else 1  # read backwards, a closer opens
                k -= 1
                if depth < 0:
                    return out
            if depth == 0:
                out.add(start)
        return out

    def aside(self, pos: int, before: int) -> bool:
        """True when pos lies in a bracketed or quoted region that closes before offset `before`."""
        return 0 < self.hidden_until(pos) <= before


@lru_cache(maxsize=8)
def _any_of(patterns: tuple[re.Pattern, ...]) -> re.Pattern:
    """One alternation of the patterns: it matches (searches) at a position where any of them does, so where it finds
    nothing a pass over them all would change nothing."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))


def _strip(s: str, lead: tuple[re.Pattern, ...], trail: tuple[re.Pattern, ...]) -> tuple[int, str]:
    """(offset of the kept part, kept part) after repeatedly stripping lead and trail patterns; where none of them
    matches (their alternation finds nothing), the pass over them is skipped."""
    off, changed = 0, True
    lead_any, trail_any = _any_of(lead), _any_of(trail)
    while changed:
        changed = False
        if not lead_any.match(s, off):
            break
        for p in lead:
            m = p.match(s, off)
            if m and m.end() > off:
                off, changed = m.end(), True
    core, changed = s[off:], True
    while changed and core:
        changed = False
        m = trail_any.search(core)
        if not m or m.start() >= len(core):
            break
        for p in trail:
            m = p.search(core)
            if m and m.start() < len(core):
                core, changed = core[: m.start()], True
    return off, core


def _subject(ctx: _Context, seg_start: int, hit: Quantity) -> tuple[str, int, int]:
    """(subject, span start, span end) of a count from its left clause, or its right one when that is empty."""
    pats, text = _patterns(), ctx.text
    seg_start = max(seg_start, hit.start - _SEG_MAX)
    seg_start += _after_closer(ctx, seg_start, hit.start)
    seg = text[seg_start:hit.start]
    off, core = _strip(seg, pats["lead"], pats["trail"])
    if len(_CJK.findall(core)) <= 2:  # 本年新收33件: without its time word the subject says too little
        kept_off, kept = _strip(seg, pats["lead_keep_time"], pats["trail"])
        if len(_CJK.findall(kept)) > len(_CJK.findall(core)):
            off, core = kept_off, kept
    core = core.rstrip("各 ")
    right = pats["right"].match(text, hit.end).group(0).strip()
    tail_end = pats["tail"].match(text, hit.end).end()
    while tail_end > hit.end and text[tail_end - 1] == " ":
        tail_end -= 1
    start = max(seg_start + off, hit.start - _LEFT_MAX)
    raw = seg[off:].rstrip(" 共计达各了")
    weak = len(_CJK.findall(core)) < 2 or core.endswith("等") or raw.endswith(pats["verbs"])
    if weak and right:
        return right, start, tail_end
    return pats["drop"].sub("", _EXAMPLES.sub("", core)).strip(), start, tail_end


def _after_closer(ctx: _Context, start: int, end: int) -> int:
    """Offset (from start) after the last parenthesis in text[start:end] that closes one opened before it (the end of
    an earlier aside); the parentheses are the context's, found once."""
    depth, cut, parens = 0, 0, ctx.parens
    for k in range(bisect.bisect_left(parens, (start, False)), bisect.bisect_left(parens, (end, False))):
        depth += 1 if parens[k][1] else -1
        if depth < 0:
            depth, cut = 0, parens[k][0] + 1 - start
    return cut


def _platform(ctx: _Context, start: int, end: int, platforms: list[Platform]) -> str | None:
    """The publishing channel named in the count's sentence (通过/在/依托 X 发布), not in an earlier aside."""
    pats, text = _patterns(), ctx.text
    found = ctx.layer.last_stop_before(start, max(0, start - 200))
    sent_start = found + 1 if found is not None else max(0, start - 200)
    region = text[sent_start:end]
    if platforms:
        if ctx.platform_spans is None:
            ctx.platform_spans = sorted((s, e, p.name) for p in platforms for s, e in p.spans)
        spans = ctx.platform_spans
        best = None
        for k in range(bisect.bisect_left(spans, (sent_start,)), bisect.bisect_left(spans, (end,))):
            s, e, name = spans[k]
            if e <= end and not ctx.aside(s, start):
                best = (s, name)
        if best and _PUBLISHED.search(region):
            return best[1]
        return None
    matches = [m for m in pats["platform"].finditer(region) if not ctx.aside(sent_start + m.start(), start)]
    if not matches:
        return None
    name = pats["platform_trim"].sub("", matches[-1].group(1).strip())
    name = _JOINER.split(name)[0].strip()
    return name or None


def _paren_parts(ctx: _Context, hits: list[Quantity], i: int) -> list[int]:
    """Counts inside the parenthesis right after hit i: that count's own breakdown."""
    text, pos = ctx.text, hits[i].end
    while pos < len(text) and text[pos] == " ":
        pos += 1
    if pos >= len(text) or text[pos] not in "（(":
        return []
    close = pos + 1
    depth = 1
    limit = min(len(text), pos + _SENTENCE_MAX)
    while close < limit and depth and text[close] != "\n":
        depth += {"（": 1, "(": 1, "）": -1, ")": -1}.get(text[close], 0)
        close += 1
    inside = range(i + 1, bisect.bisect_left(ctx.starts, close))
    balanced = ctx.balanced_from(pos + 1, [hits[j].start for j in inside])
    return [j for j in inside if hits[j].unit == hits[i].unit and hits[j].start in balanced]


def _hits_before(ctx: _Context, hits: list[Quantity], start: int, stop: int, upto: int) -> list[int]:
    """Hits starting in [start, stop) whose text from their end up to `upto` is balanced."""
    found = range(bisect.bisect_left(ctx.starts, start), bisect.bisect_left(ctx.starts, stop))
    balanced = ctx.balanced_to(upto, sorted((hits[i].end for i in found), reverse=True))
    return [i for i in found if hits[i].end in balanced or hits[i].end >= upto]


def _cue_parts(ctx: _Context, hits: list[Quantity], cue: int) -> tuple[int, list[int]] | None:
    """(total, parts) of the 其中/包括 list starting at offset cue; the total is in the same or previous sentence."""
    text = ctx.text
    s_start, s_end = ctx.sentence_bounds(cue)
    before = _hits_before(ctx, hits, s_start, cue, cue)
    if not before and not text[s_start:cue].strip(" \t:：,，"):
        k = s_start - 1  # 其中 opens its sentence: the total ends the previous one (blank lines skipped)
        while k > 0 and text[k] in " \t\n":
            k -= 1
        p_start = ctx.sentence_bounds(k)[0]
        before = _hits_before(ctx, hits, p_start, k, k + 1)
    topic = _patterns()["new_topic"].search(text, cue, s_end)
    stop = topic.start() if topic else s_end
    found = range(bisect.bisect_right(ctx.starts, cue), bisect.bisect_left(ctx.starts, stop))
    balanced = ctx.balanced_from(cue, [hits[j].start for j in found])
    after = [j for j in found if hits[j].start in balanced]
    if not before or not after:
        return None
    same = [i for i in before if hits[i].unit == hits[after[0]].unit]
    if not same:
        return None
    total = same[-1]
    listed = [j for j in after if hits[j].unit == hits[total].unit]
    parts = _complete_prefix(hits, listed, hits[total].value, ctx, cue)
    if parts and abs(sum(hits[j].value for j in parts) - hits[total].value) > 1e-6:
        joint = _joint_parts(ctx, hits, same, listed, cue)
        parts = joint or parts
    return (total, parts) if parts else None


def _joint_parts(ctx: _Context, hits: list[Quantity], same: list[int], listed: list[int], cue: int) -> list[int] | None:
    """The parts when they add up exactly to the last two or three totals of the sentence together (收到申请12件，
    上年结转1件，其中当面4件、邮寄1件、网络8件 lists 12 + 1), else None; the sums check judges that reading."""
    whole = hits[same[-1]].value
    for k in range(len(same) - 2, max(-1, len(same) - 4), -1):
        if "。" in ctx.text[hits[same[k]].end:hits[same[k + 1]].start]:
            break
        whole += hits[same[k]].value
        parts = _complete_prefix(hits, listed, whole, ctx, cue)
        if abs(sum(hits[j].value for j in parts) - whole) < 1e-6:
            return parts
    return None


def _complete_prefix(hits: list[Quantity], parts: list[int], whole: float, ctx: _Context | None = None,
                     cue: int | None = None) -> list[int]:
    """Parts up to where the list has plainly ended: once they add up to the total, or before a count as large as
    the total itself (收到申请10件，其中自然人6件…，办结10件 — the 办结 is a new topic, not a part) — unless the count
    names an unseen sibling of one of the form's lists the parts so far belong to (予以公开, 部分公开, 不予公开 …):
    then it is a part still, and parts that overrun the total are the report's inconsistency."""
    out, running = [], 0.0
    lists: set[str] | None = None  # the breakdown lists every part so far names a member of
    seen: set[str] = set()
    for j in parts:
        value = hits[j].value
        member = _member(ctx, hits[out[-1]].end if out else cue, hits[j].start) if ctx is not None else None
        sibling = member is not None and member[0] not in seen and bool(lists and lists & member[1])
        if out and value and not sibling and (abs(running - whole) < 1e-6 or value >= whole):
            break
        lists = (member[1] if not out else lists & member[1]) if member else set()
        seen |= {member[0]} if member else set()
        out.append(j)
        running += value
    return out


def _member(ctx: _Context, start: int | None, end: int) -> tuple[str, set[str]] | None:
    """(word, lists) of the member of the form's breakdown lists that the text between a list's previous part (or
    its cue) and this count names, when exactly one does and no other breakdown begins there."""
    if start is None or end <= start:
        return None
    between = ctx.text[start:end]
    opening = _patterns()["cue"].match(between)  # the first part's text starts with the list's own cue
    between = between[opening.end():] if opening else between
    if _patterns()["cue"].search(between):
        return None
    found = _breakdown_words().search(between)
    return (found.group(0), _breakdown_lists()[found.group(0)]) if found else None


@lru_cache(maxsize=1)
def _breakdown_lists() -> dict[str, set[str]]:
    """Word → the names of the breakdown lists it is a member of."""
    out: dict[str, set[str]] = {}
    for name, words in _patterns()["vocab"]["breakdown_lists"].items():
        for w in words:
            out.setdefault(w, set()).add(name)
    return out


@lru_cache(maxsize=1)
def _breakdown_words() -> re.Pattern:
    return re.compile(alternation(_breakdown_lists()))


def _link_parts(ctx: _Context, hits: list[Quantity]) -> tuple[dict[int, list[int]], dict[int, int]]:
    """Breakdown lists (a parenthesis right after a count, or 其中/包括/分别 after a total) and, for lists that
    say they are complete (分别是), the offset of that cue."""
    links: dict[int, list[int]] = {}
    for i in range(len(hits)):
        parts = _paren_parts(ctx, hits, i)
        if parts:
            links[i] = parts
    used, complete = {j for parts in links.values() for j in parts}, {}
    complete_cues = tuple(_patterns()["vocab"]["complete_cues"])
    for m in _patterns()["cue"].finditer(ctx.text):
        found = _cue_parts(ctx, hits, m.start())
        parts = [j for j in found[1] if j not in used] if found and found[0] not in links else []
        if parts:
            links[found[0]] = parts
            used.update(parts)
            if m.group(0).startswith(complete_cues):
                complete[found[0]] = m.start()
    return links, complete


def extract_counts(text: str, sections: list[Section], skip: Iterable[tuple[int, int]] = (),
                   platforms: Iterable[Platform] = ()) -> list[Count]:
    """Counts in the narrative, in document order, with subject, platform, section and 其中 parts."""
    hits = find_quantities(text, skip)
    ctx, platforms, out, prev_end = _Context(text, hits), list(platforms), [], 0
    for hit in hits:
        seg_start = max(ctx.clause_start(hit.start), prev_end)
        if out and prev_end and not text[prev_end:hit.start].strip():  # 发布信息294期1014条: one subject, two units
            subject, start = out[-1].subject, out[-1].span[0]
            end = _subject(ctx, seg_start, hit)[2]
        else:
            subject, start, end = _subject(ctx, seg_start, hit)
        out.append(Count(value=hit.value, unit=hit.unit, subject=subject, approx=hit.approx, each=hit.each,
                         platform=_platform(ctx, start, end, platforms), section=section_at(sections, hit.start),
                         text=text[start:end].strip(), span=(start, end)))
        prev_end = hit.end
    links, complete = _link_parts(ctx, hits)
    for total, parts in links.items():
        out[total].parts = parts
        if total in complete:  # the first part's evidence keeps the cue, so the sums check can see it
            first = out[parts[0]]
            first.span = (min(first.span[0], complete[total]), first.span[1])
            first.text = text[first.span[0]:first.span[1]]
    return out
