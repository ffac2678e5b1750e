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
