"""Numbers as written in the reports: Arabic (1,056 / 21.83 / 1.5万) and Chinese (两 / 一百零五 / 三千二百)."""
from __future__ import annotations

import re

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
CN_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL) + "".join(CN_BIG)

ARABIC_RE = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
CHINESE_RE = f"[{CN_CHARS}]+"
_ARABIC = re.compile(rf"(?:{ARABIC_RE})([万亿])?")
_CHINESE = re.compile(CHINESE_RE)


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
            unit = CN_SMALL[ch]
            if unit >= last_unit:
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
        digits = token[: m.start(1)] if m.group(1) else token
        value = float(digits.replace(",", ""))
        if m.group(1):
            value *= CN_BIG[m.group(1)]
        return _tidy(value)
    if _CHINESE.fullmatch(token):
        return parse_chinese(token)
    return None
