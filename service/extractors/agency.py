"""The report's own facts: reporting agency (full name where the text gives it), year covered, table format."""
from __future__ import annotations

import re
from collections import Counter

from ..schema import Agency, ReportFacts, Section
from ..vocab import load_vocab

_CJK = r"[\u4e00-\u9fff]"


def _title_match(text: str) -> re.Match | None:
    """The title: 〈agency〉〈year〉年政府信息公开工作年度报告, or 〈year〉年度〈agency〉政府信息公开工作年度报告."""
    tail = load_vocab("agency")["title_tail"]
    name = rf"{_CJK}[\u4e00-\u9fff（）()·]{{1,40}}?"
    year = r"(?P<year>(?:19|20)\d{2})\s*年(?:度)?"
    head = text[:1500]
    return (re.search(rf"(?P<agency>{name})?\s*{year}\s*{tail}", head)
            or re.search(rf"{year}\s*(?P<agency>{name})\s*{tail}", head))


def _title_agency(text: str, m: re.Match | None) -> tuple[str, int] | None:
    """Agency name from the title line, or from the line above it when the title line starts with the year."""
    if m and m.group("agency") and _suffix_ok(m.group("agency").strip()):
        return m.group("agency").strip(), m.start("agency")
    head = text[: m.start() if m else 300]
    for line in reversed([ln for ln in head.split("\n") if ln.strip()][-3:]):
        name = line.strip()
        if re.fullmatch(rf"{_CJK}[\u4e00-\u9fff（）()]{{2,40}}", name) and _suffix_ok(name):
            return name, text.find(name)
    return None


def _suffix_ok(name: str) -> bool:
    return any(name.endswith(s) for s in load_vocab("agency")["suffixes"])


_LONG_SUFFIX = {"委": ("委员会",), "办": ("办公室", "办事处")}


def _same_kind(short: str, full: str) -> bool:
    """Both name the same kind of body: 局/局, 委/委员会, 办/办公室…"""
    return full[-1] == short[-1] or full.endswith(_LONG_SUFFIX.get(short[-1], ()))


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _full_name(text: str, name: str) -> tuple[str, int] | None:
    """A longer official name in the text that the title's name abbreviates (科技工信局 → 科学技术和工业信息化局)."""
    place = re.match(rf"{_CJK}+?(?:自治区|省|市|州|县|区|旗|镇|乡)", name)
    place_text = place.group(0) if place else name[:2]
    # 茂康镇政府 → 某市某县茂康镇人民政府: higher places start after a non-CJK character or a preposition
    preposition = "与在由向经对和及于为至以从"
    higher = (rf"(?:(?:^|(?<=[^\u4e00-\u9fff])|(?<=[{preposition}]))"
              rf"(?:[^\W\d_{preposition}请的]{{2,3}}(?:省|市|州|盟|县|区|旗))+)?")
    best = None
    body = rf"(?P<body>{_CJK}{{1,20}}?)(?:委员会|办公室|办事处|局|厅|委|办|政府)"
    for m in re.finditer(higher + re.escape(place_text) + body, text):
        cand = m.group(0)
        if re.search("局|委|办|政府|厅", m.group("body")) or place_text in m.group("body"):
            continue  # ran past one name into the next
        longer = best is None or len(cand) > len(best[0])
        if longer and len(cand) > len(name) and _is_subsequence(name, cand) and _same_kind(name, cand):
            best = (cand, m.start())
    return best


def _aliases(text: str, full: str) -> list[str]:
    """Short forms used in the text, such as 市科技局 for 中卫市科学技术局."""
    found: Counter = Counter()
    inside = {i for m in re.finditer(re.escape(full), text) for i in range(m.start(), m.end())}
    for m in re.finditer(r"[市县区镇乡州省]" + rf"{_CJK}{{1,6}}?" + full[-1], text):
        alias = m.group(0)
        if m.start() in inside:
            continue
        if alias != full and _is_subsequence(alias[1:], full) and len(alias) >= 3:
            found[alias] += 1
    return [a for a, n in found.most_common(4)]


def find_agency(text: str) -> Agency:
    """The reporting agency named by the title, expanded to the full name the text gives."""
    m = _title_match(text)
    hit = _title_agency(text, m)
    if hit is None:
        return Agency()
    name, start = hit
    full = _full_name(text, name)
    aliases = [name] if full else []
    if full:
        name, start = full
    aliases += [a for a in _aliases(text, name) if a not in aliases]
    return Agency(name=name, aliases=aliases, span=(start, start + len(name)))


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


def report_facts(text: str, sections: list[Section], table_template: str | None) -> ReportFacts:
    """Agency, year and template of the report."""
    year, year_span = find_year(text)
    return ReportFacts(agency=find_agency(text), year=year, year_span=year_span,
                       template=find_template(text, table_template, year))
