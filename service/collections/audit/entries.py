"""Batch result rows (JSONL) read into entries: one extracted report each, or a reason it was skipped."""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from service.collections.audit.keys import AgencyName, parse_name, same_agency


@dataclass
class Entry:
    """One report of the collection: where it came from and its contract JSON."""

    file: str
    sha256: str | None
    id: str | None
    result: dict
    parsed: AgencyName | None = field(default=None)

    @cached_property
    def name(self) -> str | None:
        return ((self.result.get("report") or {}).get("agency") or {}).get("name")

    @cached_property
    def aliases(self) -> list[str]:
        return ((self.result.get("report") or {}).get("agency") or {}).get("aliases") or []

    @cached_property
    def year(self) -> int | None:
        year = (self.result.get("report") or {}).get("year")
        return year if isinstance(year, int) else None

    @cached_property
    def text(self) -> str:
        return (self.result.get("document") or {}).get("text") or ""

    @property
    def content(self) -> str:
        """What makes two entries the same report: the file hash, else the text."""
        return self.sha256 or self.text

    def table(self, name: str) -> dict:
        """A table of the result ({} when the report lacks it)."""
        return (self.result.get("tables") or {}).get(name) or {}

    def template(self) -> str:
        """The active-disclosure table's template, else the report's."""
        return self.table("active_disclosure").get("template") or (self.result.get("report") or {}).get(
            "template") or "unknown"


def parse_lines(lines: Iterable[str | bytes]) -> Iterator[dict]:
    """JSONL lines to row dicts; a line that is not a JSON object becomes an error row naming its line number."""
    for n, line in enumerate(lines, 1):
        if isinstance(line, bytes):
            line = line.decode("utf-8", errors="replace")
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            row = None
        if not isinstance(row, dict):
            yield {"file": f"第{n}行", "error": {"code": "BAD_ROW", "message": f"第{n}行不是有效的 JSON 对象"}}
            continue
        yield row


def read_rows(rows: Iterable[dict]) -> tuple[list[Entry], list[dict]]:
    """Entries of rows that carry a result, and a {file, reason} for each row that cannot be audited."""
    entries: list[Entry] = []
    skipped: list[dict] = []
    for row in rows:
        file = str(row.get("file") or row.get("id") or "?")
        result = row.get("result")
        if not isinstance(result, dict):
            err = row.get("error") if isinstance(row.get("error"), dict) else {}
            reason = f"抽取失败（{err.get('code', '无结果')}）：{err.get('message', '该行没有抽取结果')}"
            skipped.append({"file": file, "reason": reason})
            continue
        entry = Entry(file, row.get("sha256"), row.get("id"), result)
        if entry.year is None:
            skipped.append({"file": file, "reason": "未识别出报告年度，无法参与跨年核对和报送统计"})
            continue
        entry.parsed = anchor(entry) if entry.name else None
        entries.append(entry)
    return entries, skipped


_NAME_LINE = re.compile(r"[\u4e00-\u9fff]{4,40}")


def _name_lines(text: str) -> list[str]:
    """Lines near the top or the end that are nothing but a name (the title's name line, the signature)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return [ln for ln in lines[:3] + lines[-4:] if _NAME_LINE.fullmatch(ln)]


def anchor(entry: Entry) -> AgencyName:
    """The reporting name; one without a named place (市科技局) takes the place of the one name in the same report
    that agrees with it and names its place (the signature 安平市科学技术局), when there is exactly one such key."""
    name = parse_name(entry.name)
    if name.anchored:
        return name
    others = [a.get("name") or "" for a in entry.result.get("agencies") or []]
    # a name standing on its own somewhere, not the tail of a longer name (通乡市 → 乡市), or a signature line
    alone = [n for n in others if n and re.search(rf"(?<![\u4e00-\u9fff]){re.escape(n)}", entry.text)]
    alone += _name_lines(entry.text)
    fits = {p.key: p for p in map(parse_name, alone) if p.anchored and same_agency(name, p)}
    return next(iter(fits.values())) if len(fits) == 1 else name
