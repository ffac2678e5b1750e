"""A text builder that records exact character spans of entities, counts, list items and labelled lines."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.core.normalise import normalise

_TAG = re.compile(r"\{([a-z_]+)(?::([^}]*))?\}")


@dataclass
class Piece:
    """A run of text that carries a label (AGENCY, PLATFORM, COUNT, PROBLEM, IMPROVEMENT)."""

    text: str
    label: str
    meta: dict = field(default_factory=dict)


class Builder:
    """Appends lines of text and keeps [start, end) offsets of every labelled piece and line."""

    def __init__(self) -> None:
        self.buf: list[str] = []
        self.n = 0
        self.spans: list[dict] = []
        self.lines: list[list] = []
        self.headings: dict[str, str] = {}  # part key → its heading as written (before any dress)
        self.tables: dict[str, list[list[str]]] = {}  # table rows as printed (after any table dress)
        self.glued: tuple[str, str] | None = None  # (heading text, key) to write at the start of the next line

    def _put(self, part: str | Piece) -> None:
        text = part if isinstance(part, str) else part.text
        if isinstance(part, Piece):
            self.spans.append({"start": self.n, "end": self.n + len(text), "label": part.label, **part.meta})
        self.buf.append(text)
        self.n += len(text)

    def line(self, parts: list[str | Piece] | str, section: str | None, role: str) -> None:
        """One physical line with its (section, role) label; a glued heading goes in front of a narrative line."""
        parts = [parts] if isinstance(parts, str) else list(parts)
        if self.glued:
            (head, key), self.glued = self.glued, None
            if role == "narrative":
                parts, role, section = [head, *parts], "heading", key
            else:
                self.line(head, key, "heading")
        start = self.n
        for part in parts:
            self._put(part)
        self.lines.append([start, self.n, section, role])
        self._put("\n")

    def blank(self) -> None:
        self._put("\n")

    def text(self) -> str:
        return "".join(self.buf)


def render(template: str, fill) -> list[str | Piece]:
    """Split a template into text and the pieces that `fill(tag, arg)` returns for each {tag:arg}."""
    out: list[str | Piece] = []
    pos = 0
    for m in _TAG.finditer(template):
        out.append(template[pos:m.start()])
        out.append(fill(m.group(1), m.group(2)))
        pos = m.end()
    out.append(template[pos:])
    return [p for p in out if p != ""]


def _new_offsets(kept: list[int], size: int) -> list[int]:
    """For each raw offset, the normalised offset of the first kept character at or after it."""
    where = [0] * (size + 1)
    j = len(kept)
    for i in range(size, -1, -1):
        while j > 0 and kept[j - 1] >= i:
            j -= 1
        where[i] = j
    return where


def finish(b: Builder) -> tuple[str, list[dict], list[list]]:
    """Normalise the built text as the service would and move every span onto the normalised text."""
    raw = b.text()
    norm = normalise(raw)
    where = _new_offsets(norm.origin, len(raw))
    spans = []
    for s in b.spans:
        start, end = where[s["start"]], where[s["end"]]
        if end > start:
            spans.append({**s, "start": start, "end": end})
    lines, seen = [], set()
    for start, end, section, role in b.lines:
        a, z = where[start], where[end]
        if z > a:
            lines.append([a, z, section, role])
    text = norm.text
    # a joined line (broken sentence) keeps the label of its first half; recover the real line bounds
    out = []
    for a, _z, section, role in lines:
        ls = text.rfind("\n", 0, a) + 1
        le = text.find("\n", a)
        le = len(text) if le < 0 else le
        if ls not in seen and text[ls:le].strip():
            seen.add(ls)
            out.append([ls, le, section, role])
    return text, spans, out
