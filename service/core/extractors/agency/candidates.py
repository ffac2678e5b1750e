"""Candidate names for the reporting agency, each mention with where it stands and what surrounds it.

Sources: title lines (also broken over lines; the line above or below a year-first title), announcement sentences
(现将《X2020年度…报告》予以公布, 现发布X2021年…报告), anchored prose (2021年，X认真…, 由X编制, 在X网站, 请与X联系),
page metadata (发布机构：X) and the entity step's AGENCY mentions. Announcement verbs, prepositions, self references
(我局, 本机关) and page chrome never become part of a name. Ranking is service/core/extractors/agency/ranker.py.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from service.base.vocab import load_vocab
from service.core.text import layer_of

HEAD = 2500  # candidates come from the opening of the report (the title, preamble and first section)
_N = r"[\u4e00-\u9fff（）()·]"
_YEAR = r"(?P<year>(?:19|20)\d{2})(?:年\s*度|年)?"
_SPACES = " \t\u3000\xa0"
_KEPT = re.compile(r"[^ \t\u3000\xa0\n]+|\n[\n \t\u3000\xa0]*")
# compiled once here, not looked up in re's cache per mention
_NAME_CHAR = re.compile(_N)
_NAME_LINE = {n: re.compile(f"{_N}{{{n},40}}") for n in (2, 3)}
_SHORT_LINE = re.compile(f"{_N}{{2,12}}")
_YEAR_START = re.compile(r"(?:19|20)\d{2}")
_NON_CJK_LEAD = re.compile(r"^[^\u4e00-\u9fff]+")
_GOV = re.compile("(?:人民)?政府")
_TOWN = re.compile(r"[\u4e00-\u9fff]{1,5}?(?:镇|乡|街道)")
_VERB_DROPPED = re.compile("公布|发布|现将|报告")
_VERB_BEFORE = re.compile("公布|发布|现将")
_OPEN_PAREN = re.compile(r"[(（]|$")


def _literal_words(words) -> str:
    """The literal words as one alternation, longest first. Each alternative begins with a literal character, so a
    search jumps between the positions where a word can start (no first-character lookahead tried at each)."""
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


@dataclass
class Mention:
    """One occurrence of a candidate name: [start, end) in the text, its source and context flags."""

    name: str
    start: int
    end: int
    source: str
    flags: set[str] = field(default_factory=set)


@lru_cache(maxsize=1)
def _vocab() -> dict:
    v = dict(load_vocab("agency"))
    tail = v["title_tail"]
    v["rx_after"] = re.compile(rf"(?<={_N})\s?{_YEAR}\s?{tail}")
    v["rx_name_before"] = re.compile(rf"{_N}{{2,40}}$")
    v["rx_before"] = re.compile(rf"{_YEAR}\s?(?P<name>{_N}{{2,40}}?)\s?{tail}")
    meta = "|".join(sorted(v["meta_labels"], key=len, reverse=True))
    v["rx_meta"] = re.compile(rf"(?:{meta})[:：]\|?[(（]?(?P<run>{_N}{{2,40}})")
    v["rx_run"] = re.compile(rf"{_N}{{3,}}")
    v["rx_inner"] = re.compile(_literal_words(["现将", "现发布", "现公布", "现向社会公布", "特向社会公布", "向社会公布",
                                              "现编制并公布", "由", "在", "通过", "请与", "结合"]))
    heads = v["name_heads"]
    v["inner_heads"] = {h: [g for g in heads if 1 < len(g) < len(h) and h.startswith(g)] for h in heads}
    v["head_ends"], v["place_ends"] = tuple(heads), tuple(v["place_heads"])  # for str.endswith
    v["keep_rx"] = re.compile("|".join(v["strip_keep"]))
    v["heads_rx"] = re.compile(_literal_words(v["name_heads"]))
    v["strip_rx"] = re.compile(_literal_words(v["strip_words"]))
    # for membership tests (the lists keep their order for the patterns above)
    v["self_ref_set"], v["head_set"] = frozenset(v["self_refs"]), frozenset(heads)
    v["strip_first"] = frozenset(w[0] for w in v["strip_words"])  # no strip word begins a name starting otherwise
    v["place_head_set"] = frozenset(v["place_heads"])
    return v


_NOT_AFTER = {"办": "法理事公结件好", "局": "长面势", "委": "员托屈", "厅": "长", "中心": "工任", "署": "名"}
_ENUM = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+是)")
_ANCHOR_KIND = {"由": "by", "在": "at", "通过": "at", "请与": "contact", "结合": "combine"}
_YEAR_TAIL = re.compile(r"^年度?")
_YEAR_COMMA = re.compile(r"(?:(?:19|20)\d{2}年度?|本年度|今年以来|一年来)[,，]$")


def _squeeze(head: str) -> tuple[str, list[int]]:
    """The head without spaces and blank lines, and the original offset of every kept character."""
    out, where = [], []
    for m in _KEPT.finditer(head):
        if m.group()[0] == "\n":
            if out and out[-1] != "\n":
                out.append("\n")
                where.append(m.start())
            continue
        out.append(m.group())
        where.extend(range(m.start(), m.end()))
    return "".join(out), where


def _strip_left(name: str, text: str = "") -> tuple[str, int, list[str]]:
    """Drop announcement verbs and prepositions from the left: (name, characters dropped, words dropped).

    A character that may also begin a place (和, 向, 将 …) goes only when the rest stands alone elsewhere in text.
    """
    v, cut, dropped = _vocab(), 0, []
    changed = True
    while changed and name:
        changed = False
        m = v["strip_rx"].match(name) if name[0] in v["strip_first"] else None
        if m and len(name) > m.end() + 1:
            name, cut, changed = name[m.end():], cut + m.end(), True
            dropped.append(m.group())
        if not changed and _drops_char(name, text):
            dropped.append(name[0])
            name, cut, changed = name[1:], cut + 1, True
    return name, cut, dropped


def _drops_char(name: str, text: str) -> bool:
    v = _vocab()
    if len(name) < 3:
        return False
    strong, weak = name[0] in v["strip_chars"], name[0] in v["weak_strip_chars"]
    if not (strong or weak) or v["keep_rx"].match(name):
        return False
    if strong:
        return True
    rest = name[1:]
    return text.count(rest) > text.count(name)


_DROPPED_FLAG = {"由": "a_by", "在": "a_at", "通过": "a_at", "登录": "a_at", "请与": "a_contact", "与": "a_contact",
                 "结合": "a_combine"}


def is_name(name: str, place_only: bool = False) -> bool:
    """A plausible proper name: not a self reference, not a bare head word (市政府, 办公室) or level word."""
    v = _vocab()
    if len(name) < 3 or name in v["self_ref_set"] or name.startswith(("我", "该")) or _JUNK.search(name):
        return False
    bare = name[1:] if name[0] in "省市县区镇乡" else name
    if bare in v["head_set"] or bare in ("人民政府", "政府办公室", "政府信息公开", "街道办"):
        return False
    if name.endswith("政府"):
        gov = _GOV.search(name)
        if name[gov.start() - 1:gov.start()] not in "省市县区镇乡州旗盟道":
            return False  # 做好政府, 中华人民共和国政府: no body's name
    if name.endswith(v["head_ends"]):
        return True
    return place_only and name.endswith(v["place_ends"]) and name not in v["place_head_set"]


_JUNK = re.compile(_literal_words(["的", "报告", "要求", "根据", "网站", "链接", "负责", "认真", "落实", "贯彻", "参加", "报送", "围绕",
                                   "按照", "统筹", "编印", "公开了", "可在", "电子版", "严格", "配合", "执行"]))
_PLACE_TOKEN = re.compile(r"(?:[\u4e00-\u9fff]{2,3}(?:自治区|省|市|州|盟|县|区|旗))")


def _chained(run: str, e1: int, e2: int) -> bool:
    """May a name run on from one head word to the next (…总局|某市某区税务局, …局|办公室)?"""
    seg = run[e1:e2]
    if seg in _vocab()["head_set"]:
        return True
    return (bool(_PLACE_TOKEN.match(seg) or _TOWN.match(seg))
            and seg[0] not in _vocab()["strip_chars"] and not _JUNK.search(seg))


def head_ends(run: str) -> list[int]:
    """Offsets in run just after each head word (局, 委员会, 人民政府办公室 …), in order."""
    ends = set()
    inner = _vocab()["inner_heads"]
    for m in _vocab()["heads_rx"].finditer(run):
        if run[m.end():m.end() + 1] and run[m.end()] in _NOT_AFTER.get(m.group(), ""):
            continue
        ends.add(m.end())
        ends.update(m.start() + len(h) for h in inner[m.group()])  # 人民政府办公室 also ends at 人民政府
    return sorted(ends)


_FOLLOWERS = (("f_year", None), ("f_site", ("网站", "门户", "官网", "官方网站", "政务网")),
              ("f_guide", ("政府信息公开指南", "政府信息公开目录", "信息公开指南")),
              ("f_compile", ("编制", "编写", "撰写", "结合")), ("f_contact", ("联系",)),
              ("f_about", ("关于", "印发", "办公室关于")), ("f_alias", ("(以下简称", "（以下简称")),
              ("f_report", ("政府信息公开工作", "政府信息公开年度", "信息公开工作年度", "信息公开年度")))
# one alternative per flag, in order: the first flag whose words begin the text is the one matched
_FOLLOWER = re.compile("|".join(f"(?P<{flag}>" + (_YEAR_START.pattern if words is None else "|".join(map(re.escape, words)))
                                + ")" for flag, words in _FOLLOWERS))


def _follow(text: str, end: int) -> str:
    """What follows a name: year, site, guide, compile, contact, about, alias, office, punct or verb."""
    after = text[end:end + 12].lstrip(_SPACES + "\n")
    m = _FOLLOWER.match(after)
    if m:
        return m.lastgroup
    return "f_punct" if not after or not _NAME_CHAR.match(after[0]) else "f_verb"


def _line_start(text: str, start: int) -> bool:
    return text[text.rfind("\n", 0, start) + 1:start].strip(_SPACES + "《“\"") == ""


def _add(out: list[Mention], text: str, name: str, start: int, source: str, flags: set[str],
         place_only: bool = False) -> None:
    """Clean a raw name found at text[start:] and record it when it is a name."""
    enum = _ENUM.match(name) or _NON_CJK_LEAD.match(name)  # an enumerator, else the non-CJK characters in front
    lead = enum.end() if enum else 0
    name, start = name[lead:], start + lead
    year = _YEAR_TAIL.match(name) if start and text[start - 1:start].isdigit() else None
    if year and len(name) > year.end() + 2:  # 2019年万云市林业局: the 年 closes the year, it begins no name
        name, start = name[year.end():], start + year.end()
    raw_len = len(name)
    name, cut, dropped = _strip_left(name, text)
    if cut:
        start = _raw_end(text, start, cut)
        while start < len(text) and text[start] in _SPACES + "\n":
            start += 1
    if not is_name(name, place_only):
        return
    end = start + len(name)
    if text[start:end] != name:  # squeezed across a space or line break: evidence is the raw stretch
        end = _raw_end(text, start, len(name))
    flags = set(flags) | {_follow(text, end), f"src_{source}"}
    flags |= {_DROPPED_FLAG[w] for w in dropped if w in _DROPPED_FLAG}
    if _VERB_DROPPED.search("".join(dropped)) or _VERB_BEFORE.search(text[max(0, start - 10):start]):
        flags.add("verb")
    if cut == 0 and raw_len == len(name) and _line_start(text, start):
        flags.add("line_start")
    if text[max(0, start - 1):start] == "《":
        flags.add("in_book")
    out.append(Mention(name, start, end, source, flags))


def _raw_end(text: str, start: int, n: int) -> int:
    """End offset after n non-space characters from start."""
    pos = start
    while n and pos < len(text):
        if text[pos] not in _SPACES + "\n":
            n -= 1
        pos += 1
    return pos


def _title_mentions(text: str, sq: str, where: list[int]) -> list[Mention]:
    """Names in 〈name〉〈year〉年…年度报告 and 〈year〉年〈name〉…年度报告, in titles and in announcement sentences."""
    v, out = _vocab(), []
    for rx, kind in ((v["rx_after"], "name_year"), (v["rx_before"], "year_name")):
        for m in rx.finditer(sq):
            if kind == "name_year":  # the name is the run of name characters just before the year
                n = v["rx_name_before"].search(sq, max(0, m.start() - 40), m.start())
                if not n:
                    continue
                name, s0, start = n.group(), where[n.start()], n.start()
            else:
                name, s0, start = m.group("name"), where[m.start("name")], m.start()  # the title starts at the year
            flags = {"title", kind}
            if "\n" in sq[start:m.end()]:
                flags.add("broken")
            line_title = _line_start(text, where[start]) and _line_end(sq, m.end())
            flags.add("title_line" if line_title else "title_prose")
            before = len(out)
            _add(out, text, name, s0, "title", flags, place_only=True)
            if kind == "year_name" or len(out) == before or line_title:
                out += _beside_title(text, where[start], where[m.end() - 1] + 1)
    return out


def _line_end(sq: str, pos: int) -> bool:
    return pos >= len(sq) or sq[pos] == "\n" or _OPEN_PAREN.match(sq[pos:pos + 1]) is not None


def _beside_title(text: str, start: int, end: int) -> list[Mention]:
    """The name-only line above a title (a broken or year-first title) and the one below a year-first title."""
    out: list[Mention] = []
    above = _lines_before(text, start)[-2:]
    for i, (s, line) in enumerate(reversed(above)):
        if not _NAME_LINE[2].fullmatch(line.strip()):
            break
        _add(out, text, line.strip(), s + line.index(line.strip()), "title", {"title", "above_title"},
             place_only=True)
        if i == 0 and len(above) == 2 and _SHORT_LINE.fullmatch(above[0][1].strip()):
            joined = above[0][1].strip() + line.strip()  # 某某省\n某某厅\n2022年…
            _add(out, text, joined, above[0][0] + above[0][1].index(above[0][1].strip()), "title",
                 {"title", "above_title", "broken"})
    nxt = text.find("\n", end)
    if nxt >= 0:
        line = text[nxt + 1:text.find("\n", nxt + 1) if text.find("\n", nxt + 1) >= 0 else len(text)]
        if _NAME_LINE[3].fullmatch(line.strip()):
            _add(out, text, line.strip(), nxt + 1 + line.index(line.strip()), "title", {"title", "below_title"})
    return out


def _lines_before(text: str, pos: int) -> list[tuple[int, str]]:
    """Non-blank (start, line) pairs before the line holding pos, at most the last three."""
    start = text.rfind("\n", 0, pos) + 1
    if text[start:pos].strip():
        return []
    out, end = [], start - 1
    while end > 0 and len(out) < 3:
        s = text.rfind("\n", 0, end) + 1
        if text[s:end].strip():
            out.append((s, text[s:end]))
        end = s - 1
    return list(reversed(out))


def _names_in_run(out: list[Mention], text: str, run: str, s0: int, flag: str) -> None:
    """Names from the start of run that end at one of its first three chained head words."""
    ends, kept = head_ends(run), []
    for i, end in enumerate(ends[:3]):
        if i and not _chained(run, ends[i - 1], end):
            break
        kept.append(end)
    for end in kept:  # a name that runs on into a longer one (某区人民政府|某街道办事处) is marked
        _add(out, text, run[:end], s0, "meta" if flag == "meta" else "prose",
             {flag, "runs_on"} if end != kept[-1] else {flag})


def _meta_mentions(text: str, sq: str, where: list[int]) -> list[Mention]:
    """The publisher named by page metadata (发布机构：X)."""
    out: list[Mention] = []
    for m in _vocab()["rx_meta"].finditer(sq):
        _names_in_run(out, text, m.group("run"), where[m.start("run")], "meta")
    return out


def _prose_mentions(text: str, sq: str, where: list[int]) -> list[Mention]:
    """Names that begin a run of name characters (after a line start, 《, a comma, 2021年，) or that follow an
    anchor inside it (由X编制, 在X网站, 请与X联系, 现发布X…). A run holds a head word when one of the head words
    found in sq starts inside it: head words are name characters only (a test holds them to that), so each lies
    inside one run, and a run holding one holds one that the scan of sq finds."""
    v, out = _vocab(), []
    heads = [h.start() for h in v["heads_rx"].finditer(sq)]
    for m in v["rx_run"].finditer(sq):
        k = bisect.bisect_left(heads, m.start())
        if k == len(heads) or heads[k] >= m.end():
            continue
        run = m.group()
        before = sq[max(0, m.start() - 9):m.start()]
        kind = ("book" if before.endswith("《") else "line" if not before or before.endswith("\n")
                else "year_comma" if _YEAR_COMMA.search(before) else "clause")
        _names_in_run(out, text, run[:40], where[m.start()], f"a_{kind}")
        for a in v["rx_inner"].finditer(run, 1):
            if m.start() + a.end() >= len(sq):
                break  # the opening is cut right after the anchor: no name follows it here
            kind = _ANCHOR_KIND.get(a.group(), "verb")
            _names_in_run(out, text, run[a.end():a.end() + 40], where[m.start() + a.end()], f"a_{kind}")
    return out


def ner_mentions(text: str, agencies) -> list[Mention]:
    """The entity step's AGENCY mentions (AgencyMention list), cleaned, as candidates."""
    out: list[Mention] = []
    for a in agencies or []:
        for s, e in a.spans:
            if s < HEAD:
                _add(out, text, text[s:e].strip(), s, "ner", {"ner"})
    return out


_PIPE_ROW = re.compile(r"[ \t]*\|[^\n]*\|[ \t]*")  # a markdown pipe row (a TAB row is any line holding a TAB)


def _without_table_rows(text: str, n: int) -> str:
    """The head text[:n] with its table rows blanked (same length, so offsets hold): no table cell names the
    reporter. The rows are the text layer's lines (the last one cut at n) holding a TAB, or a markdown pipe row."""
    head = text[:n]
    if "\t" not in head and "|" not in head:
        return head
    parts, pos = [], 0
    for start, line in layer_of(text).line_texts:  # the text's lines, the last one cut at n
        if start >= n:
            break
        line = line[:n - start]
        if "\t" in line or ("|" in line and _PIPE_ROW.fullmatch(line)):
            parts += [head[pos:start], " " * len(line)]
            pos = start + len(line)
    return "".join(parts) + head[pos:]


def find_mentions(text: str, agencies=None) -> list[Mention]:
    """Every candidate mention of the reporting agency in the opening of text."""
    sq, where = _squeeze(_without_table_rows(text, HEAD))
    mentions = _title_mentions(text, sq, where)
    mentions += _meta_mentions(text, sq, where)
    mentions += _prose_mentions(text, sq, where)
    mentions += ner_mentions(text, agencies)
    merged: dict[tuple[str, int], Mention] = {}
    for m in mentions:  # one mention per (name, start), with the union of what each source saw
        if (m.name, m.start) in merged:
            merged[m.name, m.start].flags |= m.flags
        else:
            merged[m.name, m.start] = m
    return list(merged.values())
