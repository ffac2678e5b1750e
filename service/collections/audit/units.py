"""The units list: a CSV with 单位名称, optional 别名 (aliases separated by ;) and 上级单位, that pins agency keys."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from service.base.errors import BadRequest
from service.collections.audit.keys import AgencyName, parse_name, places_agree

NAME, ALIASES, PARENT = "单位名称", "别名", "上级单位"
_ALIAS_SPLIT = re.compile(r"[;；]")


@dataclass(frozen=True)
class Unit:
    """One unit the office expects a report from."""

    name: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def parsed(self) -> list[AgencyName]:
        """Each name parsed; a name without a named place (科技局, 市科技局) takes the parent unit's place chain."""
        parent = parse_name(self.parent) if self.parent else None
        out = []
        for name in self.names:
            p = parse_name(name)
            if not p.anchored and parent and parent.anchored and places_agree(p.places, parent.places):
                p = AgencyName(p.raw, parent.places, p.body)
            out.append(p)
        return out

    def matchers(self) -> list[AgencyName]:
        """The names a report is compared with: those naming their place, or all when none does."""
        parsed = self.parsed()
        return [p for p in parsed if p.anchored] or parsed


def decode_csv(data: bytes) -> str:
    """UTF-8 with or without BOM, else GB18030 (which covers GBK)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BadRequest("单位名单无法解码：请使用 UTF-8 或 GBK 编码的 CSV 文件。")


def read_units(data: bytes | str) -> list[Unit]:
    """Units from CSV bytes or text; BadRequest when the 单位名称 column is missing or no unit is listed."""
    text = decode_csv(data) if isinstance(data, bytes) else data.lstrip("\ufeff")
    try:
        sample = text[:4096]
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;") if sample.count("\t") > sample.count(",") else csv.excel
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    fields = [f.strip() for f in (reader.fieldnames or []) if f]
    if NAME not in fields:
        raise BadRequest(f"单位名单缺少“{NAME}”列：第一行应为表头，例如 “{NAME},{ALIASES},{PARENT}”。")
    units: list[Unit] = []
    seen: set[str] = set()
    for row in reader:
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items() if isinstance(v, str)}
        name = row.get(NAME, "")
        if not name or name in seen:
            continue
        seen.add(name)
        aliases = tuple(a.strip() for a in _ALIAS_SPLIT.split(row.get(ALIASES, "")) if a.strip() and a.strip() != name)
        units.append(Unit(name, aliases, row.get(PARENT) or None))
    if not units:
        raise BadRequest("单位名单中没有任何单位。")
    return units
