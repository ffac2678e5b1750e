"""Chinese and Arabic numerals as the reports write them."""
from __future__ import annotations

import pytest

from service.core.extractors.numbers import parse_chinese, parse_number


@pytest.mark.parametrize("token, value", [
    ("两", 2), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105), ("三千二百", 3200), ("三千二", 3200),
    ("一万零五百", 10500), ("二十一万", 210000), ("两百五", 250), ("一亿二千万", 120_000_000), ("二〇二三", 2023),
    ("152", 152), ("0", 0), ("1,056", 1056), ("21.83", 21.83), ("1.5万", 15000), ("4.6万", 46000), ("3亿", 300_000_000),
])
def test_parse_number(token, value):
    assert parse_number(token) == value
    assert type(parse_number(token)) is type(value)  # 152, not 152.0


@pytest.mark.parametrize("token", ["十三五", "万", "百", "千万", "三五", "", "abc", "1.2.3"])
def test_not_a_number(token):
    assert parse_number(token) is None


def test_chinese_rejects_units_out_of_order():
    assert parse_chinese("十百") is None
    assert parse_chinese("五十五") == 55


@pytest.mark.parametrize("token", ["万二亿", "二万三万", "亿万", "十万二亿"])
def test_big_unit_inside_a_section_is_no_numeral(token):
    assert parse_chinese(token) is None  # was a KeyError that failed the whole report


def test_malformed_numeral_in_a_report_is_skipped(pipeline):
    report = pipeline.run("一、总体情况\n共举办活动万二亿场，主动公开信息12条。")
    assert [c.value for c in report.counts] == [12]


def test_quantity_words_hold_no_line_end():
    """find_quantities steps over a skipped stretch that ends at a line end: that is exact while no match can hold a
    line end, so no word of the pattern may."""
    from service.base.vocab import load_vocab

    v = load_vocab("counts")
    words = [w for key in ("approx_prefixes", "approx_infixes", "units", "approx_suffixes") for w in v[key]]
    assert words and not [w for w in words if "\n" in w]


def test_quantities_as_every_match_outside_skipped_stretches():
    """The quantities equal those of the pattern's every match, dropping the ones that start in a skip span or a TAB
    row, on random stretches of numerals, units, blockers, TAB rows and skip spans (whole lines or not)."""
    import bisect
    import random
    import re

    from service.base.vocab import load_vocab
    from service.core.extractors.numbers import CN_BIG, _blocked, _quantity_pattern, find_quantities

    def plain(text, skip):
        regions = sorted([*skip, *((m.start(), m.end()) for m in re.finditer(r"(?m)^[^\n\t]*\t[^\n]*", text))])
        merged = []
        for s, e in regions:
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        starts = []
        for m in _quantity_pattern().finditer(text):
            i = bisect.bisect_right(merged, (m.start(), float("inf"))) - 1
            if (i >= 0 and merged[i][0] <= m.start() < merged[i][1]) or _blocked(text, m, v):
                continue
            num, big = m.group("num"), m.group("big")
            if m.group("unit") == "元" and (big or num.endswith("万")):
                big, num = None, num if big else num[:-1]
            if parse_number(num + (big or "")) is not None or (num in CN_BIG and m.group("inf1") and not big):
                starts.append((m.start(), m.end()))
        return starts

    v = load_vocab("counts")
    atoms = [*v["units"], *v["approx_prefixes"], *v["approx_suffixes"], *v["unit_blockers"], *v["idioms"],
             *"0123456789一二两三十百千余多第，。\n\n\t| 各每", "1,056", "21.83", "2023年"]
    rng = random.Random(11)
    kept = 0
    for _ in range(2000):
        text = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 40)))
        skip = [(a, a + rng.randint(0, 15)) for a in (rng.randint(0, len(text)) for _ in range(rng.randint(0, 2)))]
        pos = 0
        for line in text.split("\n"):
            if rng.random() < 0.3:
                skip.append((pos, pos + len(line)))
            pos += len(line) + 1
        found = [(q.start, q.end) for q in find_quantities(text, skip)]
        assert found == plain(text, skip), (text, skip)
        kept += len(found)
    assert kept > 500


@pytest.mark.parametrize("token", ["9" * 16, "9" * 400, "9" * 5000, "1," + "000," * 5 + "000", "9" * 400 + ".5",
                                   "99999999999亿", "九〇" * 8])
def test_a_number_too_long_for_a_float_is_no_number(token):
    """Beyond 15 digits a float is no longer exact (9999999999999999 reads as 1e16) and a longer run read as inf or
    overflowed the checks' float sums; int() refuses one of more than 4,300 digits."""
    assert parse_number(token) is None


def test_the_longest_number_read_is_exact():
    assert parse_number("999999999999999") == 999_999_999_999_999
    assert parse_number("99999999999万") == 999_999_999_990_000
    assert parse_chinese("九〇" * 7 + "九") == 909_090_909_090_909


@pytest.mark.parametrize("digits", [400, 5000])
def test_a_huge_number_in_a_report_is_skipped(pipeline, digits):
    report = pipeline.run(f"一、总体情况\n共举办活动{'9' * digits}场，主动公开信息12条。")
    assert [c.value for c in report.counts] == [12]


def test_spaces_around_a_quantity_are_possessive_and_change_no_match():
    """Four greedy space runs in a row (1 … 余 … 万 … 多 … 件) tried every split of a long run of spaces: 1,000 spaces
    after a number hung the report. Possessive runs give the same matches, since no word after them begins with a
    space; a test of the vocabulary holds that, and one of random strings the matches to the greedy pattern's."""
    import random
    import re
    import time

    from service.base.vocab import load_vocab
    from service.core.extractors.numbers import _quantity_pattern, find_quantities

    v = load_vocab("counts")
    assert not any(w.startswith(" ") for k in ("units", "approx_infixes", "approx_suffixes") for w in v[k])
    fast = _quantity_pattern()
    greedy = re.compile(fast.pattern.replace(" *+", " *"))
    assert greedy.pattern != fast.pattern
    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice(["1", "2", "十", "万", "余", "多", " ", " ", "件", "人次", "左右", "约", "x"])
                       for _ in range(rng.randint(0, 14)))
        got = [(m.span(), m.groupdict()) for m in fast.finditer(text)]
        assert got == [(m.span(), m.groupdict()) for m in greedy.finditer(text)], text
    started = time.perf_counter()
    assert not find_quantities("12" + " " * 20000 + "x")
    assert time.perf_counter() - started < 0.5
