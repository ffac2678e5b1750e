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


def _check(n: int, total: Count, parts: list[Count], text: str | None) -> Check:
    """One narrative_arithmetic check for count n and its parts."""
    right = sum(p.value * _times(p) for p in parts)
    right = int(right) if float(right).is_integer() else round(right, 6)
    left, name = total.value, total.subject or total.text
    approx = total.approx or any(p.approx for p in parts)
    head = f"“{name}”其中所列各项之和({_fmt(right)})"
    if abs(right - left) < 1e-6:
        status, msg = "pass", f"{head}等于总数({_fmt(left)})"
    elif approx:
        status, msg = "uncertain", f"{head}与约数总数({_fmt(left)})不一致，文中为约数，无法判定"
    elif right > left:
        status, msg = "fail", f"{head}大于总数({_fmt(left)})，分项合计超出总数"
    elif _complete(total, parts[0], text):
        status, msg = "fail", f"{head}小于总数({_fmt(left)})，而文中称已分别列出全部分项"
    else:
        status, msg = "uncertain", f"{head}小于总数({_fmt(left)})，可能有未列出的分项"
    return Check(id=f"narrative.sum.{n}", kind="narrative_arithmetic", status=status, message=msg, left=left,
                 right=right, cells=[], spans=[total.span, *(p.span for p in parts)])


def check_sums(counts: list[Count], text: str | None = None) -> list[Check]:
    """narrative_arithmetic checks for every count with parts; `text` (optional) sharpens the completeness test."""
    out = []
    for n, total in enumerate(counts):
        parts = [counts[j] for j in total.parts if 0 <= j < len(counts) and j != n]
        if parts:
            out.append(_check(n, total, parts, text))
    return out
