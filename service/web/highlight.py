"""Evidence highlighting: overlapping spans of checks and values cut into non-overlapping marked segments of the text."""
from __future__ import annotations

from dataclasses import dataclass, field

STATUS_RANK = {"fail": 3, "uncertain": 2, "pass": 1}


@dataclass
class Segment:
    """A run of text covered by the same set of checks and values (none: plain text)."""

    text: str
    start: int
    checks: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    status: str | None = None  # the worst status of the covering checks

    @property
    def marked(self) -> bool:
        return bool(self.checks or self.values)


@dataclass
class Marker:
    """One span to highlight: a check's evidence (kind "check") or an extracted value's (kind "value")."""

    start: int
    end: int
    kind: str
    ident: str
    status: str | None = None


def markers_of(result: dict) -> list[Marker]:
    """Every evidence span of a contract result: checks, table cells, narrative counts, agency and year."""
    out: list[Marker] = []
    for check in result.get("checks", []):
        out += [Marker(s, e, "check", check["id"], check["status"]) for s, e in check.get("spans", [])]
    for name, table in (result.get("tables") or {}).items():
        for key, (s, e) in ((table or {}).get("spans") or {}).items():
            out.append(Marker(s, e, "value", f"{name}.{key}"))
    for n, count in enumerate(result.get("counts", [])):
        s, e = count["span"]
        out.append(Marker(s, e, "value", f"count.{n}"))
    facts = result.get("report") or {}
    if (facts.get("agency") or {}).get("span"):
        out.append(Marker(*facts["agency"]["span"], "value", "report.agency"))
    if facts.get("year_span"):
        out.append(Marker(*facts["year_span"], "value", "report.year"))
    return out


def segments(text: str, markers: list[Marker]) -> list[Segment]:
    """The text cut at every marker boundary; each piece lists the checks and values that cover it."""
    n = len(text)
    valid = [m for m in markers if 0 <= m.start < m.end <= n]
    cuts = sorted({0, n, *(m.start for m in valid), *(m.end for m in valid)})
    starts: dict[int, list[Marker]] = {}
    for m in valid:
        starts.setdefault(m.start, []).append(m)
    active: list[Marker] = []
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:]):
        active = [m for m in active if m.end > a] + starts.get(a, [])
        seg = Segment(text[a:b], a)
        for m in active:
            bucket = seg.checks if m.kind == "check" else seg.values
            if m.ident not in bucket:
                bucket.append(m.ident)
            if m.status and STATUS_RANK[m.status] > STATUS_RANK.get(seg.status or "", 0):
                seg.status = m.status
        out.append(seg)
    return out
