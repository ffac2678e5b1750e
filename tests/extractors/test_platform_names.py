"""Platforms named short by level take the reporting agency's place; service halls are platforms of their own kind."""
from __future__ import annotations

import pytest

from service.base.schema import Agency, Platform
from service.core.extractors.platform_names import with_place


def _agency(name: str | None) -> Agency:
    """A reporting agency known with evidence: its name has a span (the title line)."""
    return Agency(name=name, span=(0, len(name)) if name else None)


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
    out = with_place([Platform(name=name, kind="website", spans=[(0, 2)])], _agency(agency))
    assert [p.name for p in out] == [full]
    renamed = full != name
    assert out[0].short_spans == ([(0, 2)] if renamed else [])
    assert out[0].named_from == ("reporting_agency" if renamed else None)


def test_a_short_name_merges_into_the_full_one_already_found():
    found = [Platform(name="淮安市人民政府网站", kind="website", spans=[(10, 19)]),
             Platform(name="市政府网站", kind="website", spans=[(40, 45)])]
    out = with_place(found, _agency("淮安市交通运输局"))
    assert [(p.name, p.spans) for p in out] == [("淮安市人民政府网站", [(10, 19), (40, 45)])]
    # the text spells the name at 10–19, so it is no name taken from the agency; 40–45 is the short mention
    assert out[0].short_spans == [(40, 45)] and out[0].named_from is None


def test_a_service_hall_is_found_and_named_in_full(pipeline):
    from training.formats.render import to_text
    from training.formats.report import report

    text = to_text(report())
    at = text.index("一、总体情况") + len("一、总体情况\n")
    text = text[:at] + "全年通过《青禾县人民政府公报》和县政务服务中心公开政府信息。\n" + text[at:]
    kinds = {p.name: p.kind for p in pipeline.run(text).platforms}
    assert kinds.get("青禾县政务服务中心") == "service_hall" and kinds.get("青禾县人民政府公报") == "gazette"


@pytest.mark.parametrize(("name", "agency", "full"), [
    # a hall named alone is the hall of the agency's own place, county level or above
    ("政务服务大厅", "桐川市自然资源局", "桐川市政务服务大厅"),
    ("政务服务大厅", "桐川市白沙区人民政府办公室", "桐川市白沙区政务服务大厅"),
    ("政务服务大厅", "青禾县石桥镇人民政府", "政务服务大厅"),            # a town's: its own or the county's?
    ("政务服务大厅", "桐川市白沙区人民政府石桥街道办事处", "政务服务大厅"),
    ("政务服务大厅", "自然资源局", "政务服务大厅"),                      # no place in the name
    # a government's bare 门户网站 is its own portal, a bureau's bare 门户网站, 官方网站 or 官方微信 its own
    ("门户网站", "青禾县人民政府", "青禾县人民政府门户网站"),
    ("门户网站", "青禾县交通运输局", "青禾县交通运输局门户网站"),
    ("官方微信", "青禾县交通运输局", "青禾县交通运输局官方微信"),
    ("官方网站", "青禾县石桥镇人民政府", "官方网站"),            # a town: its own or the county's?
    # self-names own a platform only where they fit the agency
    ("我委微信公众号", "桐川市发展和改革委员会", "桐川市发展和改革委员会微信公众号"),
    ("本机关门户网站", "青禾县交通运输局", "青禾县交通运输局门户网站"),
    ("本局门户网站", "桐川市发展和改革委员会", "本局门户网站"),
])
def test_halls_portals_and_own_platforms(name, agency, full):
    assert [p.name for p in with_place([Platform(name=name, kind="other", spans=[(5, 9)])], _agency(agency))] == [full]


def test_no_expansion_without_evidence_for_the_agency():
    """An agency name with no span in the text (not known from the text) names nothing in full."""
    found = [Platform(name="政府网站", kind="website", spans=[(3, 7)])]
    assert with_place(found, Agency(name="桐川市人民政府", span=None))[0].name == "政府网站"
