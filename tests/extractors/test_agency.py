"""Report facts from title variants: agency (expanded to the full name the text gives), year, format."""
from __future__ import annotations

import pytest

from service.core.extractors.facts import report_facts
from service.core.normalise import normalise


@pytest.mark.parametrize("raw, agency, year", [
    ("某市水务局2022年政府信息公开工作年度报告\n一、总体情况\n", "某市水务局", 2022),
    ("某市水务局 2022 年政府信息公开工作年度 报告\n", "某市水务局", 2022),
    ("某市水务局\n\n2021年度政府信息公开工作年度报告\n", "某市水务局", 2021),
    ("2024年度某县人力资源和社会保障局政府信息公开工作年度报告\n", "某县人力资源和社会保障局", 2024),
    ("某县卫健委2020年政府信息公开\n工作年度报告\n", "某县卫健委", 2020),
    ("某县卫健委2020年政府信息公开工作年度报告\n2020年，某县卫生健康委员会认真落实…\n", "某县卫生健康委员会", 2020),
    ("平安镇政府2023年政府信息公开工作年度报告\n2023年，在青山市绿水县平安镇人民政府的领导下…\n",
     "青山市绿水县平安镇人民政府", 2023),
    # the year runs into the name (a page's text with its breaks lost): its 年 is no part of the name
    ("2019年青禾县林业和草原局政府信息公开工作报告一、总体情况本年度，我局认真落实…\n", "青禾县林业和草原局", 2019),
    ("2022年度绿水县统计局政府信息公开工作年度报告一、总体情况本年度我局…\n", "绿水县统计局", 2022),
    # a short form's longer spelling must itself be a name, not a sentence that ends with it
    ("青禾市档案局2021年政府信息公开工作年度报告\n全文可在青禾档案局网站查阅。\n一、总体情况\n"
     "2021年，市档案局持续深化政务公开。通过青禾市政务服务网链接青禾档案局网站，方便群众查询。\n", "青禾市档案局", 2021),
])
def test_title_variants(raw, agency, year):
    facts = report_facts(normalise(raw).text, [], None)
    assert (facts.agency.name, facts.year) == (agency, year)


@pytest.mark.parametrize("cite, table, year, template", [
    ("（国办公开办函〔2021〕30号）", None, 2020, "2021"),
    ("（国办公开办函〔2019〕60 号）", None, 2022, "2019"),
    ("", "2019", 2022, "2019"),
    ("", None, 2022, "2021"),
    ("", None, 2019, "2019"),
])
def test_template(cite, table, year, template):
    text = f"某局{year}年政府信息公开工作年度报告\n根据要求{cite}编制本报告。\n"
    assert report_facts(text, [], table).template == template


# Reports in the dresses real openings come in; every agency and place here is invented.
PROSE = ("一、总体情况\n2023年，青禾市白鹭区市场监督管理局认真贯彻落实《中华人民共和国政府信息公开条例》，"
         "持续深化政务公开。全年主动公开政府信息120条。\n")
DRESSES = [
    ("prose_only", PROSE, "青禾市白鹭区市场监督管理局"),
    ("announce_book", "根据《中华人民共和国政府信息公开条例》要求，现将《云岭县林业局2022年度政府信息公开工作年度报告》"
     "予以公布。\n一、总体情况\n2022年，我局扎实推进政务公开。\n", "云岭县林业局"),
    ("verb_xian_fabu", "依据《条例》规定，现发布松川市水务局2021年政府信息公开工作年度报告。如有疑问，请与松川市水务局联系。\n",
     "松川市水务局"),
    ("verb_te_xiang", "根据《条例》和上级要求，桐江县住房和城乡建设局特向社会公布2024年度本机关信息公开工作报告。\n"
     "一、总体情况\n2024年，我局认真落实政务公开工作。\n", "桐江县住房和城乡建设局"),
    ("compiled_by", "本年度报告根据《条例》要求，由梅岭市统计局编制。全文包括总体情况等六部分。\n一、总体情况\n"
     "本年度，我局坚持以公开为常态。\n", "梅岭市统计局"),
    ("title_broken_two", "石泉县交通运输局\n2020年政府信息公开工作年度报告\n一、总体情况\n2020年，县交通运输局稳步推进公开。\n",
     "石泉县交通运输局"),
    ("title_broken_three", "丹霞省\n生态环境厅\n2022年政府信息公开工作年度报告\n本报告由丹霞省生态环境厅编制。\n",
     "丹霞省生态环境厅"),
    ("year_first", "2023年雁栖镇政府信息公开工作年度报告\n雁栖镇人民政府\n一、总体情况\n2023年，雁栖镇人民政府持续推进公开。\n",
     "雁栖镇人民政府"),
    ("chrome", "首页 > 政务公开 > 政府信息公开年报\n来源：芦溪市民政局  发布时间：2022-01-20 09:30\n字体：[ 大 中 小 ]\n"
     "芦溪市民政局2021年政府信息公开工作年度报告\n一、总体情况\n2021年，市民政局主动公开信息80条。\n", "芦溪市民政局"),
    ("site_only", "现将我局2020年度信息公开工作予以报告。\n一、总体情况\n2020年，我局在鹤山市投资促进局网站公开信息45条。"
     "编制并发布了《鹤山市投资促进局政府信息公开指南》。\n", "鹤山市投资促进局"),
    ("short_expanded", "区卫健委2022年政府信息公开工作年度报告\n一、总体情况\n2022年，栖霞市金沙区卫生健康委员会认真落实"
     "《条例》要求。\n", "栖霞市金沙区卫生健康委员会"),
]


@pytest.mark.parametrize("dress, raw, agency", DRESSES, ids=[d[0] for d in DRESSES])
def test_agency_dresses(pipeline, dress, raw, agency):
    report = pipeline.run(raw)
    got = report.report.agency
    assert got.name == agency
    start, end = got.span
    assert report.document.text[start:end].replace("\n", "") == agency  # the span is the name's evidence


@pytest.mark.parametrize("raw", [
    "依据《中华人民共和国政府信息公开条例》规定，现公布我局2021年政府信息公开工作年度报告。\n一、总体情况\n"
    "2021年，我局坚持以公开为常态，主动公开信息32条。\n",
    "一、总体情况\n本年度，本机关主动公开政府信息15条，未收到政府信息公开申请。\n",
    "",
])
def test_no_name_is_null(pipeline, raw):
    assert pipeline.run(raw or "一、总体情况\n本单位全年主动公开信息3条。").report.agency.name is None


@pytest.mark.parametrize("raw, not_in_name", [
    ("根据《条例》规定，现发布安澜市司法局2022年政府信息公开工作年度报告。\n", "现发布"),
    ("根据规定，向社会公布北湖区人民政府办公室2022年政府信息公开工作年度报告。\n", "公布"),
    ("来源：东坪市商务局 发布时间：2021-01-15\n东坪市商务局2020年政府信息公开工作年度报告\n", "来源"),
])
def test_verbs_and_chrome_stay_out_of_the_name(pipeline, raw, not_in_name):
    name = pipeline.run(raw).report.agency.name
    assert name and not_in_name not in name


def test_title_found_as_a_search_of_the_whole_opening_finds_it():
    """The name-first title search starts just before the first year-and-tail; the match is the one a search of the
    whole opening finds, on random stretches of years, tails, names, brackets, spaces and line ends."""
    import random

    from service.core.extractors.facts import _title_match, _title_patterns

    name_first, year_first, _ = _title_patterns()
    atoms = ["政府信息公开工作年度报告", "政府信息公开年度报告", "年度报告", "2019", "2023", "1999", "年", "年度", " ",
             "\n", "\u3000", "某市", "人民政府", "（", "）", "·", "局", "a", "1", "，"]
    rng = random.Random(1)
    found = 0
    for _ in range(4000):
        text = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 40)))
        plain = name_first.search(text[:1500]) or year_first.search(text[:1500])
        m = _title_match(text)
        assert (m and (m.span(), m.groupdict())) == (plain and (plain.span(), plain.groupdict())), text
        found += m is not None
    assert found > 200
