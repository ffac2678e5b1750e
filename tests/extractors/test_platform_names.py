"""Platforms named short by level take the reporting agency's place; service halls are platforms of their own kind."""
from __future__ import annotations

import pytest

from service.base.schema import Platform
from service.core.extractors.platform_names import with_place


@pytest.mark.parametrize(("name", "agency", "full"), [
    ("市政府网站", "淮安市交通运输局", "淮安市人民政府网站"),
    ("县人民政府门户网站", "青禾县自然资源局", "青禾县人民政府门户网站"),
    ("区政府网站", "威海市环翠区科学技术局", "威海市环翠区人民政府网站"),
    ("县政务服务中心", "青禾县自然资源局", "青禾县政务服务中心"),
    ("市政府网站", "青禾县自然资源局", "市政府网站"),      # the agency names no city: no guess
    ("政府门户网站", "青禾县自然资源局", "政府门户网站"),    # no level word: left as written
    ("市场监管微信公众号", "淮安市市场监督管理局", "市场监管微信公众号"),
    ("市政府网站", None, "市政府网站"),
    # written for issue 17: a government's own platforms named without a place, a bureau's own website, hotlines
    ("政府网站", "桐川市人民政府", "桐川市人民政府网站"),
    ("政府门户网站", "桐川市白沙区人民政府办公室", "桐川市白沙区人民政府门户网站"),
    ("政府公报", "青禾县政府", "青禾县人民政府公报"),
    ("政府网站", "青禾县石桥镇人民政府", "政府网站"),  # a town's report: may be the county's site
    ("政府网站", "桐川市白沙区人民政府石桥街道办事处", "政府网站"),
    ("局网站", "桐川市交通运输局", "桐川市交通运输局网站"),
    ("本局门户网站", "桐川市交通运输局", "桐川市交通运输局门户网站"),
    ("局网站", "桐川市人民政府办公室", "局网站"),
    ("市12345热线", "桐川市交通运输局", "桐川市12345热线"),
])
def test_full_names(name, agency, full):
    assert [p.name for p in with_place([Platform(name=name, kind="website", spans=[(0, 2)])], agency)] == [full]


def test_a_short_name_merges_into_the_full_one_already_found():
    found = [Platform(name="淮安市人民政府网站", kind="website", spans=[(10, 19)]),
             Platform(name="市政府网站", kind="website", spans=[(40, 45)])]
    out = with_place(found, "淮安市交通运输局")
    assert [(p.name, p.spans) for p in out] == [("淮安市人民政府网站", [(10, 19), (40, 45)])]


def test_a_service_hall_is_found_and_named_in_full(pipeline):
    from training.formats.render import to_text
    from training.formats.report import report

    text = to_text(report())
    at = text.index("一、总体情况") + len("一、总体情况\n")
    text = text[:at] + "全年通过《青禾县人民政府公报》和县政务服务中心公开政府信息。\n" + text[at:]
    kinds = {p.name: p.kind for p in pipeline.run(text).platforms}
    assert kinds.get("青禾县政务服务中心") == "service_hall" and kinds.get("青禾县人民政府公报") == "gazette"
