"""The report's own facts: reporting agency (full name where the text gives it), year covered, table format."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from service.base.schema import Agency, ReportFacts, Section
from service.base.vocab import load_vocab
from service.core.extractors.agency.candidates import HEAD, find_mentions
from service.core.extractors.agency.grouping import Candidate, features, full_name, group, is_subsequence
from service.core.extractors.agency.ranker import AgencyRanker

_CJK = r"[\u4e00-\u9fff]"
FULL_NAME_REACH = HEAD + 4000  # how far into the text a short title name is looked up in full


@lru_cache(maxsize=1)
def _title_patterns() -> tuple[re.Pattern, re.Pattern]:
    """Name-first and year-first title patterns, compiled once (the title tail comes from the vocabulary)."""
    tail = load_vocab("agency")["title_tail"]
    name = rf"{_CJK}[\u4e00-\u9fff（）()·]{{1,40}}?"
    year = r"(?P<year>(?:19|20)\d{2})\s*年(?:度)?"
    return (re.compile(rf"(?P<agency>{name})?\s*{year}\s*{tail}"), re.compile(rf"{year}\s*(?P<agency>{name})\s*{tail}"))


def _title_match(text: str) -> re.Match | None:
    """The title: 〈agency〉〈year〉年政府信息公开工作年度报告, or 〈year〉年度〈agency〉政府信息公开工作年度报告."""
    name_first, year_first = _title_patterns()
    head = text[:1500]
    return name_first.search(head) or year_first.search(head)


def candidates(text: str, agencies=None) -> tuple[list[Candidate], list[dict[str, float]]]:
    """Grouped reporting-agency candidates of text and their ranker features."""
    mentions = find_mentions(text, agencies)
    extra = {}
    near = text[:FULL_NAME_REACH]  # a title's short name may stand for a longer one in the text
    for name in {m.name for m in mentions if m.name[0] in "省市县区镇乡" or "title" in m.flags or "meta" in m.flags}:
        full = full_name(near, name)
        if full:
            extra[name] = full
    cands = group(text, mentions, extra)
    return cands, features(text, cands)


@lru_cache(maxsize=1)
def default_ranker() -> AgencyRanker:
    """The ranker in the configured models directory (the fixed stand-in when it is absent)."""
    from service.base.settings import get_settings

    return AgencyRanker.load(get_settings().models_dir)


def _evidence(text: str, c: Candidate) -> tuple[int, int]:
    """Where the text gives the chosen name: its title mention, else its first exact mention, else a short form."""
    exact = [m for m in c.mentions if m.name == c.name]
    titled = [m for m in exact if "title" in m.flags]
    if titled or exact:
        m = (titled or exact)[0]
        return m.start, m.end
    pos = text.find(c.name)
    if pos >= 0:
        return pos, pos + len(c.name)
    return c.mentions[0].start, c.mentions[0].end


@lru_cache(maxsize=256)
def _alias_rx(last: str) -> re.Pattern:
    """市/县/… then up to six characters ending like the full name, compiled once per last character."""
    return re.compile(r"[市县区镇乡州省]" + rf"{_CJK}{{1,6}}?" + last)


def _aliases(text: str, full: str) -> list[str]:
    """Short forms used in the text, such as 市科技局 for 中卫市科学技术局."""
    found: Counter = Counter()
    inside = {i for m in re.finditer(re.escape(full), text) for i in range(m.start(), m.end())}
    for m in _alias_rx(full[-1]).finditer(text):
        alias = m.group(0)
        if m.start() in inside:
            continue
        if alias != full and is_subsequence(alias[1:], full) and len(alias) >= 3:
            found[alias] += 1
    return [a for a, n in found.most_common(4)]


def find_agency(text: str, agencies=None, ranker: AgencyRanker | None = None) -> Agency:
    """The reporting agency: the ranker's choice among the candidates, expanded to the full name; else null."""
    cands, feats = candidates(text, agencies)
    best, _prob = (ranker or default_ranker()).choose(cands, feats)
    if best is None:
        return Agency()
    aliases = sorted((n for n in best.members if n != best.name), key=lambda n: (-len(n), n))
    aliases += [a for a in _aliases(text, best.name) if a not in aliases]
    return Agency(name=best.name, aliases=aliases, span=_evidence(text, best))


def find_year(text: str) -> tuple[int | None, tuple[int, int] | None]:
    """The year the report covers: the title's year, else the commonest year in the opening."""
    m = _title_match(text)
    if m:
        return int(m.group("year")), m.span("year")
    years = Counter(int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", text[:3000]))
    if not years:
        return None, None
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
