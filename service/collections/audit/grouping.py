"""Reports grouped by agency across years and files: pinned by a units list, else clustered by agency key.

Ambiguous groupings are never guessed: a report whose name fits several units (or several clusters) is listed as
ambiguous with the candidates and kept apart.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath

from rapidfuzz import fuzz, process

from service.collections.audit.entries import Entry
from service.collections.audit.keys import AgencyName, parse_name, same_agency
from service.collections.audit.units import Unit

_MIN_SCORE = 50  # closest-candidate similarity (0–100) below which a unit is not offered


@dataclass
class Group:
    """The reports of one agency."""

    key: str
    unit: Unit | None = None
    entries: list[Entry] = field(default_factory=list)
    parsed: list[AgencyName] = field(default_factory=list)

    @property
    def display(self) -> str:
        """The unit's name, else the name its reports use most (the longer on a tie)."""
        if self.unit:
            return self.unit.name
        names = Counter(e.name for e in self.entries if e.name)
        return max(names, key=lambda n: (names[n], len(n))) if names else self.key

    def fits(self, name: AgencyName) -> bool:
        return all(same_agency(name, p) for p in self.parsed)

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)
        if entry.parsed and entry.parsed not in self.parsed:
            self.parsed.append(entry.parsed)


@dataclass
class Grouping:
    groups: list[Group] = field(default_factory=list)
    unknown: list[dict] = field(default_factory=list)  # {agency, file, candidates}: matches no unit
    ambiguous: list[dict] = field(default_factory=list)  # {agency, file, candidates, message}
    unplaced: list[Entry] = field(default_factory=list)  # reports assigned to no unit


def _normal(name: str) -> str:
    return parse_name(name).raw


def _bucket(name: AgencyName) -> tuple[str, str]:
    """Names that may agree share the first and last character of their body (see keys.bodies_agree)."""
    return (name.body[:1], name.body[-1:])


class _Index:
    """Items by the body bucket and lowest named place of their names: a name is compared only with the items it
    may agree with (names that both name their lowest place agree only when it is the same place)."""

    def __init__(self) -> None:
        self.bucket: dict[tuple, list] = {}
        self.place: dict[tuple, list] = {}
        self.weak: dict[tuple, list] = {}

    def add(self, item, name: AgencyName) -> None:
        b = _bucket(name)
        self.bucket.setdefault(b, []).append(item)
        if name.anchored:
            self.place.setdefault((name.places[-1].stem, b), []).append(item)
        else:
            self.weak.setdefault(b, []).append(item)

    def candidates(self, name: AgencyName) -> list:
        b = _bucket(name)
        found = (self.place.get((name.places[-1].stem, b), []) + self.weak.get(b, []) if name.anchored
                 else self.bucket.get(b, []))
        return list({id(x): x for x in found}.values())


def _fitting_units(entry: Entry, units: _Index, parsed: dict[str, list[AgencyName]]) -> list[Unit]:
    fits = [u for u in units.candidates(entry.parsed) if any(same_agency(entry.parsed, p) for p in parsed[u.name])]
    if len(fits) > 1:  # the report's own short forms may tell them apart
        aliases = [parse_name(a) for a in entry.aliases]
        narrowed = [u for u in fits if any(a.anchored and same_agency(a, p) for a in aliases for p in parsed[u.name])]
        fits = narrowed if len(narrowed) == 1 else fits
    return fits


def closest_units(query: str, owner: dict[str, str], limit: int = 3) -> list[str]:
    """Names of the units most similar to a name (rapidfuzz ratio), best first; `owner` maps every name to its unit."""
    out: list[str] = []
    for choice, score, _ in process.extract(query, list(owner), scorer=fuzz.ratio, limit=limit * 3):
        unit = owner[choice]
        if score >= _MIN_SCORE and unit not in out:
            out.append(unit)
    return out[:limit]


def group_by_units(entries: list[Entry], units: list[Unit]) -> Grouping:
    """Each report assigned to the unit its name pins (exact name or alias), else the one unit it fits."""
    exact: dict[str, Unit | None] = {}
    for u in units:
        for n in u.names:
            exact[_normal(n)] = None if exact.get(_normal(n), u) is not u else u  # a name two units share pins none
    parsed = {u.name: u.matchers() for u in units}
    owner = {n: u.name for u in units for n in u.names}
    groups = {u.name: Group(u.parsed()[0].key, u, parsed=list(parsed[u.name])) for u in units}
    buckets = _Index()
    for u in units:
        for p in parsed[u.name]:
            buckets.add(u, p)
    out = Grouping(groups=list(groups.values()))
    for e in entries:
        unit = exact.get(_normal(e.name)) if e.name else None
        if unit and e.parsed and e.parsed.anchored and not any(same_agency(e.parsed, p) for p in parsed[unit.name]):
            unit = None  # 市科技局 listed as an alias, but this report is signed by another place's 科技局
        fits = [unit] if unit else (_fitting_units(e, buckets, parsed) if e.parsed else [])
        if len(fits) == 1:
            groups[fits[0].name].entries.append(e)
        elif fits:
            out.unplaced.append(e)
            out.ambiguous.append({"agency": e.name, "file": e.file, "candidates": [u.name for u in fits],
                                  "message": f"“{e.name}”可能对应多个单位，未自动归并，请在单位名单的别名中指明"})
        else:
            out.unplaced.append(e)
            query = e.name or PurePath(e.file).stem
            out.unknown.append({"agency": e.name, "file": e.file, "candidates": closest_units(query, owner)})
    return out


def cluster(entries: list[Entry]) -> Grouping:
    """Reports clustered by agency key without a units list: exact keys first, then the most specific names."""
    by_key: dict[str, list[Entry]] = {}
    for e in entries:
        by_key.setdefault(e.parsed.key if e.parsed else f"?{e.file}", []).append(e)
    def specificity(key: str) -> tuple:
        p = by_key[key][0].parsed
        return (p is not None and p.anchored, len(p.places) if p else -1, len(p.body) if p else 0, key)
    out = Grouping()
    index = _Index()
    for key in sorted(by_key, key=specificity, reverse=True):
        members, name = by_key[key], by_key[key][0].parsed
        fits = [g for g in index.candidates(name) if g.fits(name)] if name else []
        if len(fits) == 1:
            target = fits[0]
        else:
            target = Group(key)
            out.groups.append(target)
            if name:
                index.add(target, name)
            if fits:
                out.ambiguous.append({"agency": members[0].name, "file": members[0].file,
                                      "candidates": [g.display for g in fits],
                                      "message": f"“{members[0].name}”可能属于多个机构，未自动归并"})
        for e in members:
            target.add(e)
    return out


def group_entries(entries: list[Entry], units: list[Unit] | None = None) -> Grouping:
    """Group the collection: by the units list when given (unmatched reports clustered apart), else by key."""
    if not units:
        return cluster(entries)
    out = group_by_units(entries, units)
    rest = cluster(out.unplaced)
    out.groups.extend(rest.groups)
    return out
