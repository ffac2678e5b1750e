"""The report's own facts: reporting agency (the agency package), year covered, table format."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from service.base.schema import ReportFacts, Section
from service.base.vocab import load_vocab
from service.core.extractors.agency import AgencyRanker, find_agency

_CJK = r"[\u4e00-\u9fff]"


_NAME_MAX = 41  # the most characters a title's agency name takes (one, then up to 40)


@lru_cache(maxsize=1)
def _title_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """Name-first and year-first title patterns, and the year with the tail alone, compiled once (the title tail
    comes from the vocabulary)."""
    tail = load_vocab("agency")["title_tail"]
    name = rf"{_CJK}[\u4e00-\u9fff（）()·]{{1,{_NAME_MAX - 1}}}?"
    year = r"(?P<year>(?:19|20)\d{2})\s*年(?:度)?"
    return (re.compile(rf"(?P<agency>{name})?\s*{year}\s*{tail}"), re.compile(rf"{year}\s*(?P<agency>{name})\s*{tail}"),
            re.compile(rf"{year}\s*{tail}"))


def _title_match(text: str) -> re.Match | None:
    """The title: 〈agency〉〈year〉年政府信息公开工作年度报告, or 〈year〉年度〈agency〉政府信息公开工作年度报告.

    The name-first search starts shortly before the first year-and-tail: its leftmost match holds that one (a match
    holding a later one would have the first's digits in its name or spaces, which hold none), so it starts no
    earlier than a name and the spaces before that year; with no year-and-tail there is no name-first title."""
    name_first, year_first, year_tail = _title_patterns()
    head = text[:1500]
    core = year_tail.search(head)
    if core:
        start = core.start()
        while start > 0 and head[start - 1].isspace():
            start -= 1
        m = name_first.search(head, max(0, start - _NAME_MAX))
        if m:
            return m
    return year_first.search(head)


@lru_cache(maxsize=1)
def _meta_date() -> re.Pattern:
    labels = "|".join(sorted(load_vocab("agency")["meta_date_labels"], key=len, reverse=True))
    return re.compile(rf"^\s*(?:{labels})\s*[:：]\s*\|?\s*(?P<year>(?:19|20)\d{{2}})\s*[-/.年]", re.M)


def find_year(text: str) -> tuple[int | None, tuple[int, int] | None]:
    """The year the report covers: the title's year, else the commonest year in the opening, else the year before
    the page's metadata date (发布日期: 2024-02-01 → 2023), with the date's year as evidence."""
    m = _title_match(text)
    if m:
        return int(m.group("year")), m.span("year")
    opening = _meta_date().sub(lambda d: " " * len(d.group()), text[:3000])  # the page's date is not the report's year
    years = Counter(int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", opening))
    if not years:
        meta = _meta_date().search(text[:800])
        return (int(meta.group("year")) - 1, meta.span("year")) if meta else (None, None)
    year = years.most_common(1)[0][0]
    pos = text.find(str(year))
    return year, (pos, pos + 4)


def find_template(text: str, table_template: str | None, year: int | None) -> str:
    """'2021' or '2019': the format the report cites, else its table 2 header, else its year."""
    compact = text.replace(" ", "")
    for template, cites in load_vocab("agency")["template_cites"].items():
        if any(c in compact for c in cites):
            return template
    if table_template:
        return table_template
    if year:
        return "2021" if year >= 2021 else "2019"
    return "unknown"


def report_facts(text: str, sections: list[Section], table_template: str | None, agencies=None,
                 ranker: AgencyRanker | None = None) -> ReportFacts:
    """Agency (from the entity step's AGENCY mentions when given), year and template of the report."""
    year, year_span = find_year(text)
    return ReportFacts(agency=find_agency(text, agencies, ranker), year=year, year_span=year_span,
                       template=find_template(text, table_template, year))
