"""A generated collection of reports: many agencies over consecutive years, each figure carried from year to year,
with planted carry-over and continuity breaks, wrong year-on-year statements, missing and duplicate reports,
agencies off the units list and title names that vary between years. The truth of every plant is returned.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from training import parts
from training.report_text import COLUMNS, ReportSpec, application_columns, render

YEARS = (2020, 2021, 2022)


@dataclass
class Planted:
    """What a correct audit must find (units by their listed name)."""

    carry_over: set[tuple[str, int, str]] = field(default_factory=set)  # (unit, year, column or total)
    continuity: dict[tuple[str, int, str], str] = field(default_factory=dict)  # (unit, year, row) → status
    narrative: dict[tuple[str, int], str] = field(default_factory=dict)  # (unit, year) → status
    template_change: set[tuple[str, int]] = field(default_factory=set)
    missing: set[tuple[str, int]] = field(default_factory=set)
    duplicates: set[tuple[str, int]] = field(default_factory=set)
    unknown: set[str] = field(default_factory=set)  # files of agencies off the list
    groups: dict[str, list[str]] = field(default_factory=dict)  # agency full name → its files


@dataclass
class Collection:
    reports: list[tuple[str, str]]  # (file name, text)
    units_csv: str
    planted: Planted


class _Stems:
    """Distinct two-character place stems, so that no two agencies of a collection share a place by chance."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.used = rng, set()

    def __call__(self) -> str:
        while True:
            stem = self.rng.choice(parts.PLACE_A) + self.rng.choice(parts.PLACE_B)
            if stem not in self.used and stem[-1] not in "州":
                self.used.add(stem)
                return stem


def agency_names(rng: random.Random, stem: _Stems) -> tuple[str, list[str], str | None]:
    """(full name, title variants, parent unit) of a freshly composed agency."""
    heads = [h for h in parts.BUREAUS if "政府" not in h[0]]
    head_full, head_short = rng.choice(heads)
    kind = rng.choice(["city", "city", "county", "gov", "town", "street"])
    city, county, town = stem(), stem(), stem()
    if kind == "city":  # 市科技局: a bare level, placed by the signature under the report
        full, variants, parent = f"{city}市{head_full}", [f"{city}市{head_short}", f"市{head_short}"], f"{city}市人民政府"
    elif kind == "county":
        full, parent = f"{city}市{county}县{head_full}", f"{county}县人民政府"
        variants = [f"{county}县{head_full}", f"{county}县{head_short}", f"县{head_short}"]
    elif kind == "gov":
        full, variants, parent = f"{city}市人民政府", [f"{city}市人民政府办公室", f"{city}市政府办"], None
    elif kind == "town":
        full, parent = f"{county}县{town}镇人民政府", f"{county}县人民政府"
        variants = [f"{town}镇人民政府", f"{town}镇政府"]
    else:
        full, parent = f"{city}市{county}区{town}街道办事处", f"{county}区人民政府"
        variants = [f"{county}区{town}街道办事处", f"{town}街道办事处"]
    return full, list(dict.fromkeys([full, *variants])), parent


def _small(rng: random.Random) -> int:
    return rng.choice([0, 0, 0, 0, 1, 1, 2, 3])


def _template(rng: random.Random, year: int) -> str:
    return "2019" if year < 2021 or (year == 2021 and rng.random() < 0.2) else "2021"


def _active(rng: random.Random, template: str, state: dict, plant: str | None) -> dict[str, int]:
    """Table-2 cells carried on from `state` (documents in force / published in total), with a planted break."""
    cells: dict[str, int] = {}
    for row in ("regulations", "normative_documents"):
        issued, repealed = _small(rng), min(_small(rng), state[row])
        if template == "2021":
            state[row] += issued - repealed
            cells |= {f"{row}.issued": issued, f"{row}.repealed": repealed, f"{row}.in_force": state[row]}
        else:
            state[row] += issued
            cells |= {f"{row}.new_made": issued, f"{row}.new_published": issued, f"{row}.total_published": state[row]}
    if plant:  # the break is in the normative-documents row
        key = "normative_documents." + ("in_force" if template == "2021" else "total_published")
        cells[key] += rng.randint(35, 60) if plant == "fail" else rng.randint(1, 3)
    return cells


def _statement(rng: random.Random, new: int, before: int | None, wrong: bool) -> str | None:
    """A year-on-year sentence about applications received (wrong when planted)."""
    if not before or not new or new == before:
        return None
    if rng.random() < 0.6:
        pct = round((new - before) / before * 100, 1) + (rng.choice([-1, 1]) * rng.randint(20, 40) if wrong else 0)
        word = "增长" if pct > 0 else "下降"
        return f"本年度共收到政府信息公开申请{new}件，较去年{word}{abs(pct):g}%。"
    diff = new - before + (rng.randint(3, 6) if wrong else 0)
    return f"本年度共收到政府信息公开申请{new}件，比上年{'多' if diff > 0 else '少'}{abs(diff)}件。" if diff else None


@dataclass
class _Agency:
    full: str
    variants: list[str]
    parent: str | None
    listed: bool
    years: list[int]  # years it publishes a report
    files: list[str] = field(default_factory=list)


def _plan(rng: random.Random, n: int, n_unknown: int, n_missing: int, n_silent: int) -> list[_Agency]:
    stem = _Stems(rng)
    agencies = [_Agency(*agency_names(rng, stem), listed=i < n, years=list(YEARS)) for i in range(n + n_unknown)]
    for a in agencies[:n_silent]:  # listed units that never report
        a.years = []
    for _ in range(n_missing):
        a = rng.choice(agencies[n_silent:n])
        if len(a.years) > 1:
            a.years.remove(rng.choice(a.years))
    return agencies


def _year_report(rng: random.Random, a: _Agency, year: int, state: dict, planted: Planted, rates: dict,
                 layouts: tuple[str, ...]) -> str:
    """Text of one agency's report for a year; plants breaks only where last year's report exists."""
    checked = year in a.years and year - 1 in a.years
    unit = a.full
    template = _template(rng, year)
    over = list(state["forward"])
    if checked and rng.random() < rates["carry_over"]:
        col = rng.randrange(6)
        over[col] += rng.randint(1, 3)
        planted.carry_over |= {(unit, year, COLUMNS[col]), (unit, year, "total")}
    forward = [_small(rng) for _ in COLUMNS]
    same = checked and state["template"] == template
    roll = rng.random()
    plant = ("fail" if roll < rates["continuity_fail"] else "uncertain" if roll < rates["continuity_fail"] + rates[
        "continuity_uncertain"] else None) if same else None
    if plant:
        planted.continuity[(unit, year, "normative_documents")] = plant
    if checked and state["template"] != template:
        planted.template_change.add((unit, year))
    active = _active(rng, template, state, plant)
    rows = application_columns(rng, over, forward)
    new = sum(rows["new_received"])
    wrong = checked and rng.random() < rates["narrative"]
    sentence = _statement(rng, new, state.get("new"), wrong)
    if sentence and checked:
        planted.narrative[(unit, year)] = "fail" if wrong else "pass"
    state.update(forward=forward, template=template, new=new)
    if plant:  # a break is a jump: next year carries on from the figure printed this year
        state["normative_documents"] = active["normative_documents." + (
            "in_force" if template == "2021" else "total_published")]
    title = rng.choice(a.variants)
    bare = title[0] in "市县"  # a title without its place is signed with the full name
    spec = ReportSpec(title, year, template, over, forward, active, [sentence] if sentence else [],
                      signature=a.full if bare or (title == a.full and rng.random() < 0.5) else None, rows=rows,
                      layout=rng.choice(layouts), title_style=rng.choice(["inline", "inline", "year_first", "two_lines"]))
    return render(spec, rng)[0]


def _units_csv(rng: random.Random, agencies: list[_Agency]) -> str:
    lines = ["单位名称,别名,上级单位"]
    for a in agencies:
        if a.listed:
            alias = ";".join(v for v in a.variants[1:] if rng.random() < 0.3)
            lines.append(f"{a.full},{alias},{a.parent or ''}")
    return "\ufeff" + "\n".join(lines) + "\n"


def generate_collection(n: int = 50, seed: int = 0, n_unknown: int = 3, n_missing: int = 8, n_silent: int = 2,
                        n_duplicates: int = 5, rates: dict | None = None, layouts: tuple[str, ...] = ("tab",)) -> Collection:
    """n listed agencies (plus n_unknown off the list) over YEARS, with the truth of every plant."""
    rng = random.Random(seed)
    rates = rates or {"carry_over": 0.15, "continuity_fail": 0.1, "continuity_uncertain": 0.08, "narrative": 0.3}
    agencies = _plan(rng, n, n_unknown, n_missing, n_silent)
    planted = Planted()
    reports: list[tuple[str, str]] = []
    for i, a in enumerate(agencies):
        state = {"forward": [_small(rng) for _ in COLUMNS], "template": None, "regulations": rng.randint(0, 5),
                 "normative_documents": rng.randint(5, 40)}
        for year in YEARS:
            text = _year_report(rng, a, year, state, planted, rates, layouts)
            if year in a.years:
                a.files.append(f"r{i:03d}_{year}.txt")
                reports.append((a.files[-1], text))
            elif a.listed:
                planted.missing.add((a.full, year))
        planted.groups[a.full] = a.files
        if not a.listed:
            planted.unknown |= set(a.files)
    for file, text in rng.sample([r for r in reports if not r[0].startswith(_unlisted(agencies))], n_duplicates):
        copy = text if rng.random() < 0.5 else text.replace("\n\n", "\n（本报告已更正并重新发布）\n", 1)
        dup = file.replace(".txt", "_v2.txt")
        reports.append((dup, copy))
        owner = next(a for a in agencies if file in a.files)
        owner.files.append(dup)
        planted.duplicates.add((owner.full, int(file[-8:-4])))
    return Collection(reports, _units_csv(rng, agencies), planted)


def _unlisted(agencies: list[_Agency]) -> tuple[str, ...]:
    return tuple(f.rsplit("_", 1)[0] for a in agencies if not a.listed for f in a.files) or ("\0",)
