"""Short forms named in full from the reporting agency (issue 17, item 4): 本局/本机关 are the reporting agency's
mentions, 本局门户网站 its own site, a bare 政务服务大厅 its place's hall — only when the agency is known from the text,
with every span on the short mention itself."""
from __future__ import annotations

import pytest

from service.base.schema import Agency
from service.core.extractors.self_names import fits, self_name_at, self_name_spans

BUREAU = "青禾县农业农村局"


def _report(title: str, body: str) -> str:
    head = f"{title}2024年政府信息公开工作年度报告\n\n" if title else ""
    return head + "一、总体情况\n" + body + "\n二、主动公开政府信息情况\n"


@pytest.mark.parametrize(("word", "agency", "ok"), [
    ("本局", BUREAU, True), ("我局", "青禾县税务局", True),
    ("本局", "青禾县发展和改革委员会", False), ("我委", "青禾县发展和改革委员会", True),
    ("本办", "青禾县人民政府办公室", True), ("本机关", "青禾县石桥镇人民政府", True),
    ("本单位", BUREAU, True), ("本中心", BUREAU, False), ("本厅", BUREAU, False),
])
def test_a_self_name_fits_only_its_kind_of_agency(word, agency, ok):
    assert fits(word, agency) is ok


def test_words_that_only_contain_a_self_name_are_not_taken():
    text = "基本局面稳定，本办法自印发之日起施行，成本局限明显，委托本单位办理，本局负责。"
    agency = Agency(name="青禾县人民政府办公室", span=(0, 3))
    said = [text[s:e] for s, e in self_name_spans(text, agency)]
    assert said == ["本单位"]  # 本办 of 本办法 is no self-name; 本局 does not fit a 办公室
    assert [text[s:e] for s, e in self_name_spans(text, Agency(name=BUREAU, span=(0, 3)))] == ["本单位", "本局"]


def test_no_self_names_without_evidence_for_the_agency():
    assert self_name_spans("本局主动公开信息。", Agency(name=BUREAU, span=None)) == []
    assert self_name_spans("本局主动公开信息。", Agency()) == []


def test_self_name_at_the_end_of_a_prefix():
    text = "通过本局门户网站和基本局面"
    assert self_name_at(text, text.index("门户")) == "本局"
    assert self_name_at(text, text.index("面")) is None


def test_a_bureaus_report_names_itself_and_its_own_site_in_full(pipeline):
    text = _report(BUREAU, "本局坚持公开为常态，全年通过本局门户网站主动公开信息42条，通过政府网站转载文件6件。"
                           "基本局面总体平稳。本机关未收到行政复议申请。")
    out = pipeline.run(text)
    t = out.document.text
    reporting = out.agencies[0]
    assert reporting.role == "reporting" and reporting.name == BUREAU
    assert [t[s:e] for s, e in reporting.short_spans] == ["本局", "本局", "本机关"]
    assert set(map(tuple, reporting.short_spans)) <= set(map(tuple, reporting.spans))
    by_name = {p.name: p for p in out.platforms}
    own = by_name[BUREAU + "门户网站"]
    assert [t[s:e] for s, e in own.spans] == ["本局门户网站"] and own.named_from == "reporting_agency"
    # the government's site is another platform, and a bureau's report does not say whose it is
    assert "政府网站" in by_name and by_name["政府网站"].named_from is None


def test_a_hall_named_alone_takes_the_place_of_a_county_bureau_but_not_of_a_town(pipeline):
    body = "全年在政务服务大厅设置政府信息公开查阅点2个，接待群众查阅15人次。"
    county = pipeline.run(_report(BUREAU, body))
    hall = next(p for p in county.platforms if p.kind == "service_hall")
    assert hall.name == "青禾县政务服务大厅" and hall.named_from == "reporting_agency"
    assert [county.document.text[s:e] for s, e in hall.short_spans] == ["政务服务大厅"]
    town = pipeline.run(_report("青禾县石桥镇人民政府", body))
    assert [p.name for p in town.platforms if p.kind == "service_hall"] == ["政务服务大厅"]


def test_an_unknown_agency_leaves_every_short_form_as_written(pipeline):
    out = pipeline.run(_report("", "本局全年通过本局门户网站主动公开信息42条，在政务服务大厅设置查阅点2个。"))
    assert out.report.agency.name is None
    names = {p.name for p in out.platforms}
    assert {"本局门户网站", "政务服务大厅"} <= names
    assert all(p.named_from is None and not p.short_spans for p in out.platforms)


def test_a_bureaus_bare_site_words_name_its_own_site_and_the_governments_stays_apart(pipeline):
    text = _report(BUREAU, "全年通过官方网站发布信息20条，通过县政府网站转载政策文件4件，官方微信推送12期，"
                           "政府门户网站开设专题1个。")
    out = pipeline.run(text)
    t = out.document.text
    names = {p.name: [t[s:e] for s, e in p.spans] for p in out.platforms}
    assert names[BUREAU + "官方网站"] == ["官方网站"]
    assert names[BUREAU + "官方微信"] == ["官方微信"]
    # 政府门户网站 joins the government site the report names (the county's), never the bureau's own
    assert names["青禾县人民政府网站"] == ["县政府网站", "政府门户网站"]
    alone = pipeline.run(_report(BUREAU, "全年通过官方网站发布信息20条，政府门户网站开设专题1个。")).platforms
    assert {p.name for p in alone} == {BUREAU + "官方网站", "政府门户网站"}  # whose government is not said


def test_generic_words_join_a_site_the_text_names(pipeline):
    text = _report(BUREAU, "全年通过青禾农业网发布信息20条，官方网站访问量增长三成。")
    names = {p.name: p for p in pipeline.run(text).platforms}
    assert "青禾农业网" in names and len(names["青禾农业网"].spans) == 2 and not names["青禾农业网"].short_spans
