"""Agency keys: place chain + canonical body, and which names may name one agency."""
from __future__ import annotations

import pytest

from service.collections.audit.keys import parse_name, same_agency


@pytest.mark.parametrize(("name", "key", "anchored"), [
    ("安平市科学技术局", "安平市|科学技术局", True),
    ("安平市科技局", "安平市|科学技术局", True),  # place-prefixed abbreviation
    ("市科技局", "市|科学技术局", False),  # a bare level names no place
    ("宝川市绵庄县教育局", "宝川市|绵庄县|教育局", True),
    ("宝川市人民政府办公室", "宝川市|人民政府", True),  # 办公室 and 人民政府 of one place
    ("宝川市政府办", "宝川市|人民政府", True),
    ("茂康镇政府", "茂康镇|人民政府", True),
    ("商洲街道", "商洲街道|办事处", True),
    ("绵庄县商洲街道办事处", "绵庄县|商洲街道|办事处", True),
    ("安平市市场监督管理局", "安平市|市场监督管理局", True),  # 市场 starts no place
    ("安平市住房和城乡建设局", "安平市|住房和城乡建设局", True),
    ("苏州市市场监管局", "苏州市|市场监督管理局", True),  # a stem ending in a level character
    ("安平市清河区卫健委", "安平市|清河区|卫生健康委员会", True),
    ("长阳土家族自治县人民政府", "长阳土家族自治县|人民政府", True),
    ("安平市政务公开办", "安平市|政务公开办公室", True),
    ("和江县通平镇人民政府", "和江县|通平镇|人民政府", True),  # 和 opens a stem
    ("和平区住房和城乡建设局", "和平区|住房和城乡建设局", True),
    ("（安平市）科技局", "科学技术局", False),  # bracketed notes are dropped
])
def test_keys(name, key, anchored):
    parsed = parse_name(name)
    assert (parsed.key, parsed.anchored) == (key, anchored)


@pytest.mark.parametrize(("a", "b", "same"), [
    ("安平市科学技术局", "安平市科技局", True),
    ("宝川市绵庄县教育局", "绵庄县教育局", True),  # higher place dropped
    ("宝川市绵庄县教育局", "云川市绵庄县教育局", False),  # a different higher place
    ("安平市科学技术局", "市科技局", True),
    ("安平市科学技术局", "宝川市科学技术局", False),
    ("安平市人民政府", "安平市人民政府办公室", True),
    ("安平市科学技术局", "安平市教育局", False),
    ("绵庄县茂康镇人民政府", "茂康镇政府", True),
    ("茂康镇人民政府", "茂康乡人民政府", False),  # another level
    ("安平市卫生健康委员会", "安平市卫健委", True),
    ("安平市卫生健康委员会", "安平市卫生健康局", False),  # another kind of body
])
def test_same_agency(a, b, same):
    assert same_agency(parse_name(a), parse_name(b)) is same
    assert same_agency(parse_name(b), parse_name(a)) is same
