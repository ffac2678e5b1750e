"""其中 arithmetic: a narrative total against the sum of the parts the text lists as its breakdown."""
from __future__ import annotations

import re

from service.base.schema import Check, Count
from service.base.vocab import load_vocab


def _times(count: Count) -> int:
    """How many times a part counts: 权力清单和责任清单各1条 is one per listed subject."""
    if not count.each:
        return 1
    seps = re.escape(load_vocab("counts")["each_separators"])
    return max(1, len([p for p in re.split(f"[{seps}]", count.subject) if p.strip()]))


def _complete(total: Count, first: Count, text: str | None) -> bool:
    """True when the text says the list is complete (分别是/分别为…), between the total and its first part."""
    cues = load_vocab("counts")["complete_cues"]
    between = text[total.span[0]:first.span[1]] if text else first.text
    return any(cue in between for cue in cues)


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


_SENTENCE_ENDS = "。！？!?；;\n"


def _joint_totals(n: int, counts: list[Count], text: str | None, owned: set[int]) -> list[list[Count]]:
    """Runs of counts of the same unit stated just before total n in the same sentence, ending with it, that the
    list may break down together (收到申请12件，上年结转1件，其中当面4件、邮寄1件、网络8件: parts of 12 + 1)."""
    out, run, k = [], [counts[n]], n - 1
    while text and k >= 0 and len(out) < 2:
        prev = counts[k]
        between = text[prev.span[1]:run[0].span[0]]
        if (prev.unit != counts[n].unit or prev.parts or k in owned or len(between) > 40
                or any(ch in between for ch in _SENTENCE_ENDS)):
            break
        run = [prev, *run]
        out.append(run)
        k -= 1
    return out


def _stated(left: float, right: float, approx: bool, complete: bool, head: str) -> tuple[str, str]:
    """(status, message) for parts adding to `right` against the stated total `left`."""
    if abs(right - left) < 1e-6:
        return "pass", f"{head}等于总数({_fmt(left)})"
    if approx:
        return "uncertain", f"{head}与约数总数({_fmt(left)})不一致，文中为约数，无法判定"
    if right > left:
        return "fail", f"{head}大于总数({_fmt(left)})，分项合计超出总数"
    if complete:
        return "fail", f"{head}小于总数({_fmt(left)})，而文中称已分别列出全部分项"
    return "uncertain", f"{head}小于总数({_fmt(left)})，可能有未列出的分项"


def _check(n: int, counts: list[Count], parts: list[Count], text: str | None, owned: set[int]) -> Check:
    """One narrative_arithmetic check for count n and its parts, judged over every total the list can belong to:
    the count itself, or it together with the counts stated just before it in the same sentence. A pass when one
    reading adds up; a fail only when every reading fails."""
    total = counts[n]
    right = sum(p.value * _times(p) for p in parts)
    right = int(right) if float(right).is_integer() else round(right, 6)
    left, name = total.value, total.subject or total.text
    approx = total.approx or any(p.approx for p in parts)
    head = f"“{name}”其中所列各项之和({_fmt(right)})"
    status, msg = _stated(left, right, approx, _complete(total, parts[0], text), head)
    spans = [total.span, *(p.span for p in parts)]
    if status != "pass":
        for together in _joint_totals(n, counts, text, owned):
            joint = sum(c.value for c in together)
            names = "与".join(f"“{c.subject or c.text}”({_fmt(c.value)})" for c in together)
            if abs(joint - right) < 1e-6:
                return Check(id=f"narrative.sum.{n}", kind="narrative_arithmetic", status="pass", left=joint,
                             right=right, cells=[], spans=[*(c.span for c in together[:-1]), *spans],
                             message=f"{head}等于{names}之和({_fmt(joint)})，所列为这几项合计的分项")
            if status == "fail" and right < joint:
                status, msg = "uncertain", (f"{head}大于总数({_fmt(left)})，但小于{names}之和({_fmt(joint)})，"
                                            "所列可能是这几项合计的分项，无法判定")
    return Check(id=f"narrative.sum.{n}", kind="narrative_arithmetic", status=status, message=msg, left=left,
                 right=right, cells=[], spans=spans)


def check_sums(counts: list[Count], text: str | None = None) -> list[Check]:
    """narrative_arithmetic checks for every count with parts; `text` (optional) sharpens the completeness test."""
    out, owned = [], {j for c in counts for j in c.parts}
    for n, total in enumerate(counts):
        parts = [counts[j] for j in total.parts if 0 <= j < len(counts) and j != n]
        if parts:
            out.append(_check(n, counts, parts, text, owned))
    return out
