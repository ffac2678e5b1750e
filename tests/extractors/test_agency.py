"""Report facts from title variants: agency (expanded to the full name the text gives), year, format."""
from __future__ import annotations

import pytest

from service.extractors.agency import report_facts
from service.normalise import normalise


@pytest.mark.parametrize("raw, agency, year", [
    ("某市水务局2022年政府信息公开工作年度报告\n一、总体情况\n", "某市水务局", 2022),
    ("某市水务局 2022 年政府信息公开工作年度 报告\n", "某市水务局", 2022),
    ("某市水务局\n\n2021年度政府信息公开工作年度报告\n", "某市水务局", 2021),
    ("2024年度某县人力资源和社会保障局政府信息公开工作年度报告\n", "某县人力资源和社会保障局", 2024),
    ("某县卫健委2020年政府信息公开\n工作年度报告\n", "某县卫健委", 2020),
    ("某县卫健委2020年政府信息公开工作年度报告\n2020年，某县卫生健康委员会认真落实…\n", "某县卫生健康委员会", 2020),
    ("平安镇政府2023年政府信息公开工作年度报告\n2023年，在青山市绿水县平安镇人民政府的领导下…\n",
     "青山市绿水县平安镇人民政府", 2023),
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
