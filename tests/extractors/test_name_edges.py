"""Names in full (issue 17, item 4): wrapped line ends inside names, left edges completed from the reporting
agency's places, and the governments of those places. Sentences written for these tests."""
from __future__ import annotations

from service.base.schema import AgencyMention, Platform
from service.core.extractors.entities import extract_entities
from service.core.extractors.name_edges import complete_agencies, complete_platforms, places
from service.core.extractors.soft_breaks import Joined, soft_breaks


def test_places_of_an_agency_name():
    assert places("桐川市白沙区人民政府石桥街道办事处") == ["桐川市白沙区", "桐川市"]
    assert places("桐川市市场监督管理局") == ["桐川市"]  # 市场 is no level


def test_soft_breaks_join_wrapped_lines_only():
    text = "本年度按照要求认真组织开展了政务公开工作，积极配合桐川市人民政府办公\n厅做好相关工作。\n一、总体情况\n短行\n下一行\n"
    cuts = soft_breaks(text)
    assert [text[c - 2:c + 3] for c in cuts] == ["办公\n厅做"]
    joined = Joined(text)
    at = joined.text.find("桐川市人民政府办公厅")
    start, end = joined.span(at, at + len("桐川市人民政府办公厅"))
    assert text[start:end] == "桐川市人民政府办公\n厅"
    assert Joined("第一行\n第二行").text == "第一行\n第二行"


def test_a_name_broken_over_two_lines_is_found_whole(nlp):
    text = ("二〇二三年度本单位在政务公开方面持续用力，严格按照桐川市人民政府办公\n厅的统一部署推进各项工作任务，配合市财政局完成"
            "预决\n算公开。\n")
    agencies, _ = extract_entities(nlp, text)
    names = {a.name for a in agencies}
    assert "桐川市人民政府办公厅" in names
    for a in agencies:
        for s, e in a.spans:
            assert text[s:e].replace("\n", "") == a.name


def test_left_edge_completed_from_the_reporting_agency_place():
    text = "本街道认真落实桐川市白沙区政府的部署，配合和溪县司法局开展普法。"
    late = text.index("市白沙区政府")
    trimmed = text.index("溪县司法局")
    found = [AgencyMention(name="市白沙区政府", spans=[(late, late + 6)]),
             AgencyMention(name="溪县司法局", spans=[(trimmed, trimmed + 5)])]
    out = complete_agencies(text, found, "桐川市白沙区人民政府石桥街道办事处")
    assert {a.name for a in out} >= {"桐川市白沙区政府"}
    assert "溪县司法局" in {a.name for a in out}  # 和溪县 is no place of this agency: left as found
    out = complete_agencies(text, found, "和溪县公安局")
    assert "和溪县司法局" in {a.name for a in out}
    for a in out:
        for s, e in a.spans:
            assert text[s:e] == a.name


def test_governments_of_the_agency_places_named_in_full():
    text = "按照桐川市白沙区人民政府要求，在桐川市白沙区人民政府网站公开信息，报桐川市政府办公室备案。"
    out = complete_agencies(text, [], "桐川市白沙区人民政府石桥街道办事处")
    assert {a.name for a in out} == {"桐川市白沙区人民政府", "桐川市政府办公室"}  # the website is no agency


def test_platform_left_edge_completed_but_alias_spans_kept():
    text = "通过和溪财政微信公众号推送信息，政府网站同步发布。"
    at = text.index("溪财政微信公众号")
    alias = text.index("政府网站")
    found = [Platform(name="溪财政微信公众号", kind="wechat", spans=[(at, at + 8)]),
             Platform(name="和溪县人民政府网站", kind="website", spans=[(alias, alias + 4)])]
    out = complete_platforms(text, found, "和溪县财政局")
    assert [(p.name, p.spans) for p in out] == [("和溪财政微信公众号", [(at - 1, at + 8)]),
                                                 ("和溪县人民政府网站", [(alias, alias + 4)])]


def test_places_of_government_offices():
    assert places("桐川市政府办公室") == ["桐川市"]
    assert places("桐川市委宣传部") == ["桐川市"]


def test_the_wider_place_government_is_not_the_reporting_agency():
    from types import SimpleNamespace

    from service.core.pipeline import _names_reporting

    town = SimpleNamespace(name="桐川县石桥镇人民政府", aliases=["石桥镇政府"])
    assert not _names_reporting("桐川县人民政府", town)  # once taken for the town by the subsequence rule
    assert _names_reporting("石桥镇政府", town) and _names_reporting("桐川县石桥镇政府", town)


def test_governments_found_as_the_one_pattern_finds_them():
    """The governments of the agency's places are found where the shortest place stands, as the pattern of all its
    places then the government words would find them, on random stretches of places and government words."""
    import random
    import re

    from service.core.extractors.name_edges import _GOVERNMENT, _governments, places

    rng = random.Random(3)
    agencies = ["定源市黎远区人民政府办公室", "九阳县顺川镇人民政府", "和乡市溪庄县司法局"]
    words = ["人民政府", "政府", "办公室", "办公厅", "办", "网", "门户", "信息公开", "办理", "的", "，", "市", "县"]
    found = 0
    for _ in range(3000):
        agency = rng.choice(agencies)
        prefixes = places(agency)
        text = "".join(rng.choice(words + prefixes + [agency]) for _ in range(rng.randint(0, 25)))
        pattern = re.compile("(?:" + "|".join(map(re.escape, prefixes)) + ")" + _GOVERNMENT.pattern)
        spans = _governments(text, prefixes)
        assert spans == [m.span() for m in pattern.finditer(text)], text
        found += len(spans)
    assert found > 500
