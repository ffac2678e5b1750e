"""Numbers as written in the reports (1,056 / 21.83 / 1.5万 / 两 / 一百零五 / 三千二百) and, in a text, the numbers
that carry a measure word (152 条, 十余次, 4.6万余次) and are not dates, codes, ordinals or idioms."""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from service.base.vocab import first_chars, load_vocab

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
CN_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL) + "".join(CN_BIG)

ARABIC_RE = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
CHINESE_RE = f"[{CN_CHARS}]+"
_ARABIC = re.compile(rf"(?:{ARABIC_RE})([万亿])?")
_CHINESE = re.compile(CHINESE_RE)
# A number is read only below this: a float holds 15 digits exactly, so a longer one (hostile or garbled input) would
# come out as a wrong value or overflow the checks' float sums; it is no count.
MAX_DIGITS = 15
MAX_VALUE = 10**MAX_DIGITS


def _tidy(value: float) -> int | float:
    """An integral value as int, so 152.0 prints as 152."""
    return int(value) if float(value).is_integer() else round(value, 6)


def _parse_section(chars: str) -> int | None:
    """Value of a numeral below 万 (一百零五, 十二, 三千二); None when it is not a well-formed numeral."""
    total, digit, last_unit, zero_seen = 0, None, 10_000, False
    for ch in chars:
        if ch in CN_DIGITS:
            if digit is not None and not (digit == 0 or zero_seen):
                return None  # two digits in a row (十三五) is a name, not a number
            zero_seen = zero_seen or CN_DIGITS[ch] == 0
            digit = CN_DIGITS[ch]
        else:
            unit = CN_SMALL.get(ch)
            if unit is None or unit >= last_unit:  # a 万/亿 inside a section (万二亿) is no numeral
                return None
            if digit is None and not (unit == 10 and total == 0):
                return None  # 百 / 千 need a digit before them; 十 alone is ten
            total += (1 if digit is None else digit) * unit
            digit, last_unit, zero_seen = None, unit, False
    if digit is not None:
        # 三千二 is colloquial for 3200; after 零 the digit is a unit digit (一百零五)
        total += digit * (last_unit // 10 if last_unit < 10_000 and not zero_seen and total else 1)
    return total


def parse_chinese(token: str) -> int | None:
    """Chinese numeral → int (两→2, 一百零五→105, 三千二百→3200, 一万二千→12000); None when malformed."""
    if not token:
        return None
    if all(ch in CN_DIGITS for ch in token) and len(token) > 1:
        if not any(ch in "〇零" for ch in token):
            return None  # 三五 is "three or five", not 35
        if len(token) > MAX_DIGITS:
            return None  # no count
        return int("".join(str(CN_DIGITS[ch]) for ch in token))  # 二〇二三 digit by digit
    total, rest = 0, token
    for big_char, big in sorted(CN_BIG.items(), key=lambda kv: -kv[1]):
        if big_char in rest:
            head, _, rest = rest.partition(big_char)
            value = _parse_section(head) if head else None
            if not value:
                return None  # 万 alone (万人助万企) is not a number
            total += value * big
    if rest:
        value = _parse_section(rest)
        if value is None:
            return None
        total += value
    return total


def parse_number(token: str) -> int | float | None:
    """Arabic or Chinese number, with 万/亿 scaling (1.5万→15000, 4.6万→46000, 1,056→1056)."""
    token = token.strip()
    m = _ARABIC.fullmatch(token)
    if m:
        digits = (token[: m.start(1)] if m.group(1) else token).replace(",", "")
        if len(digits.partition(".")[0]) > MAX_DIGITS:
            return None  # no count; float() would read a long run as inf
        value = float(digits)
        if m.group(1):
            value *= CN_BIG[m.group(1)]
        return _tidy(value) if value < MAX_VALUE else None
    if _CHINESE.fullmatch(token):
        return parse_chinese(token)
    return None


@dataclass
class Quantity:
    """A number with its measure word in the text (no subject yet); offsets into the text."""

    start: int  # number start, approx prefix included
    end: int  # measure word end, approx suffix included
    value: int | float
    unit: str
    approx: bool
    each: bool


def alternation(words: Iterable[str]) -> str:
    """A regex alternative of the words, longest first (人次 before 人)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _quantity_pattern() -> re.Pattern:
    """Number + measure word with the approximation markers around it, from service/base/vocab/counts.yaml."""
    v, alt = load_vocab("counts"), alternation
    # a match starts with an approximation word or a numeral (first_chars skips every other position quickly);
    # a number starts where its run of digits or numerals starts: retrying inside a run is quadratic, never a new match
    first = first_chars([*v["approx_prefixes"], *CN_CHARS], r"\d")
    # the spaces are possessive (*+): no word after them begins with a space, so giving spaces back never makes a
    # match, and four greedy runs in a row retried every split of a long run of spaces (1,000 spaces: a hang)
    return re.compile(
        rf"{first}(?P<pre>(?:{alt(v['approx_prefixes'])}) *+)?(?P<num>(?<!\d)(?:{ARABIC_RE})|(?<![{CN_CHARS}]){CHINESE_RE}) *+"
        rf"(?P<inf1>{alt(v['approx_infixes'])})? *+(?P<big>[万亿])? *+(?P<inf2>{alt(v['approx_infixes'])})? *+"
        rf"(?P<unit>{alt(v['units'])})(?P<post> *+(?:{alt(v['approx_suffixes'])}))?")


def _skip_regions(skip: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The given spans, merged and sorted."""
    merged: list[tuple[int, int]] = []
    for s, e in sorted(skip):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _skipped_until(text: str, regions: list[tuple[int, int]], pos: int) -> int:
    """Where the skipped stretch holding pos (a merged region of `regions`, or a TAB-separated line: a table row)
    ends, or -1 when pos is read. A match holds no line end, so the matches of a stretch that ends at a line end lie
    inside it: the scan may go on from there; a region ending inside a line gives its end as 0 (go on as usual)."""
    i = bisect.bisect_right(regions, (pos, float("inf"))) - 1
    if i >= 0 and regions[i][0] <= pos < regions[i][1]:
        end = regions[i][1]
        return end if end >= len(text) or text[end] == "\n" else 0
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    return end if text.find("\t", text.rfind("\n", 0, pos) + 1, end) >= 0 else -1


@lru_cache(maxsize=1)
def _blockers() -> tuple[tuple[str, ...], dict[str, list[str]]]:
    """The unit blockers as one tuple (for str.startswith), and the idioms by each character they hold (only an idiom
    holding the numeral's first character can cover it), each list in the vocabulary's order."""
    v = load_vocab("counts")
    by_char: dict[str, list[str]] = {}
    for idiom in v["idioms"]:
        for ch in dict.fromkeys(idiom):
            by_char.setdefault(ch, []).append(idiom)
    return tuple(v["unit_blockers"]), by_char


_ARTICLE_BEFORE = re.compile(r"第[\s、和至到" + "".join(CN_DIGITS) + r"十百\d]*$")  # 第十九、二十条
_CJK_HEAD = re.compile(r"[\u4e00-\u9fff]{0,6}")
_CLAUSE_BREAK = re.compile(r"[，。；：,;:\n]")


def _blocked(text: str, m: re.Match, v: dict) -> bool:
    """True when the match is a date, code, ordinal, idiom or policy name rather than a count."""
    start, num, unit = m.start("num"), m.group("num"), m.group("unit")
    before = text[max(0, start - 30):start].rstrip(" ")
    if before and before[-1] in v["number_blockers"]:
        return True
    back = _ARTICLE_BEFORE.search(before[-12:])
    if back:
        return True  # 第十九、二十条 is an article number
    after = text[m.end("unit"):m.end("unit") + 12]
    unit_blockers, idioms = _blockers()
    if after.startswith(unit_blockers) or _in_idiom(text, start, idioms.get(text[start], ())):
        return True
    head = _CJK_HEAD.match(after).group(0)
    if unit == "条" and any(s in head for s in v["policy_suffixes"]):
        return True
    if len(num) == 1 and not num.isdigit():
        if num in "零〇" or (num == "十" and before.endswith(tuple(v["vague_tens"]))):
            return True
        if unit in v["bare_numeral_skip_units"] and not (_delimited(after)
                                                         or after.startswith(tuple(v["bare_numeral_count_heads"]))):
            return True
        clause = _CLAUSE_BREAK.split(before[-20:])[-1]
        if num == "一" and (before.endswith(tuple(v["bare_one_not_after"])) or after.startswith(unit)
                            or "每" in clause):  # 每季度开展一次 is a frequency
            return True
    return False


def _in_idiom(text: str, pos: int, idioms: list[str]) -> bool:
    """True when the numeral at pos is part of a fixed phrase (一次性, 最多跑一次, 一件事一次办)."""
    window_start = max(0, pos - 6)
    window = text[window_start:pos + 8]
    for idiom in idioms:
        at = window.find(idiom)
        while at >= 0:
            if window_start + at <= pos < window_start + at + len(idiom):
                return True
            at = window.find(idiom, at + 1)
    return False


def _delimited(after: str) -> bool:
    return not after or after[0] in "，。；、,;）)\n"


def find_quantities(text: str, skip: Iterable[tuple[int, int]] = ()) -> list[Quantity]:
    """Every number + measure word outside `skip` and TAB rows that is no date, code, ordinal or idiom.

    The scan is the pattern's finditer, except that past a match in a skipped stretch it goes on from the end of the
    stretch: the matches it steps over would be skipped too, and none of them reaches past the stretch's line end."""
    regions, out, v, rx = _skip_regions(skip), [], load_vocab("counts"), _quantity_pattern()
    pos = 0
    while (m := rx.search(text, pos)) is not None:
        pos = m.end()
        skipped = _skipped_until(text, regions, m.start())
        if skipped >= 0:
            pos = max(pos, skipped)
            continue
        if _blocked(text, m, v):
            continue
        num, big, unit = m.group("num"), m.group("big"), m.group("unit")
        if unit == "元" and (big or num.endswith("万")):
            unit, big, num = "万元", None, num if big else num[:-1]  # 万元 is the unit, not a scale
        value = parse_number(num + (big or ""))
        if value is None and num in CN_BIG and m.group("inf1") and not big:
            value = CN_BIG[num]  # 阅读量达万余人次: 万 alone is a number only with 余 / 多 after it (not 万人助万企)
        if value is None:
            continue
        approx = bool(m.group("pre") or m.group("inf1") or m.group("inf2") or m.group("post")
                      or "余" in num or "多" in num)
        each = text[max(0, m.start() - 4):m.start()].rstrip(" ").endswith("各")
        out.append(Quantity(m.start(), m.end(), value, unit, approx, each))
    return out
