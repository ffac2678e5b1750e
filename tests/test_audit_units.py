"""The units CSV: encodings, aliases, parents, bad lists."""
from __future__ import annotations

import pytest

from service.base.errors import BadRequest
from service.collections.audit.units import read_units

CSV = "单位名称,别名,上级单位\n安平市科学技术局,安平市科技局;市科技局,安平市人民政府\n教育局,,安平市人民政府\n"


@pytest.mark.parametrize("data", [
    CSV.encode("utf-8"), ("\ufeff" + CSV).encode("utf-8"), CSV.encode("gbk"), CSV.replace(";", "；").encode("utf-8"),
    CSV.replace(",", "\t").encode("utf-8"), CSV,
])
def test_read_units(data):
    units = read_units(data)
    assert [u.name for u in units] == ["安平市科学技术局", "教育局"]
    assert units[0].aliases == ("安平市科技局", "市科技局")
    assert units[1].parent == "安平市人民政府"
    assert units[1].parsed()[0].key == "安平市|教育局"  # the parent supplies the place


@pytest.mark.parametrize(("data", "words"), [
    ("名称,别名\n安平市科学技术局,\n".encode(), "单位名称"),
    ("单位名称\n\n".encode(), "没有任何单位"),
    (b"\xff\xfe\x00\xd8\x00", "无法解码"),  # neither UTF-8 nor GB18030
])
def test_bad_units(data, words):
    with pytest.raises(BadRequest) as err:
        read_units(data)
    assert words in err.value.message


def test_only_name_column():
    units = read_units("单位名称\n甲县人民政府\n甲县人民政府\n乙县人民政府\n".encode())
    assert [(u.name, u.aliases, u.parent) for u in units] == [("甲县人民政府", (), None), ("乙县人民政府", (), None)]
