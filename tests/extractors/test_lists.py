"""Problems and improvements of part 五 in the enumeration styles reports use, and on the seeds against the gold."""
from __future__ import annotations

import json

import pytest

from service.core.extractors.lists import extract_lists
from service.core.normalise import normalise
from service.core.sections import find_sections
from tests.extractors.test_counts import _scorer

REPORT = "一、总体情况\n正文。\n五、存在的主要问题及改进情况\n{body}\n六、其他需要报告的事项\n无。\n"


def assert_lists(body: str, problems: list[str], improvements: list[str]) -> None:
    """Part 五 written as `body` yields exactly these items, each span holding its text."""
    text = normalise(REPORT.format(body=body)).text
    got_p, got_i = extract_lists(text, find_sections(text))
    assert [p.text for p in got_p] == problems
    assert [i.text for i in got_i] == improvements
    for item in got_p + got_i:
        assert text[item.span[0]:item.span[1]] == item.text


@pytest.mark.parametrize("body, problems, improvements", [
    (("一是政策解读形式较为单一。二是政务新媒体更新频率不高。\n下一步，我局将重点做好以下工作：一是丰富政策解读形式。"
     "二是加强政务新媒体管理，提高更新频率。"),
     ["政策解读形式较为单一", "政务新媒体更新频率不高"], ["丰富政策解读形式", "加强政务新媒体管理，提高更新频率"]),
    (("（一）存在的主要问题\n1.信息公开的及时性有待提高。\n2.依申请公开答复文书不够规范。\n（二）改进措施\n"
     "1.建立信息发布台账，定期督促更新。\n2.开展依申请公开业务培训。"),
     ["信息公开的及时性有待提高", "依申请公开答复文书不够规范"], ["建立信息发布台账，定期督促更新", "开展依申请公开业务培训"]),
    (("2022年，我委政府信息公开工作取得了一定成效，但也存在主动公开的深度不够、政策解读质量不高、公开平台功能不完善等问题。"
     "针对上述问题，我委将采取以下措施：（一）拓展公开深度。（二）提升解读质量。（三）完善平台功能。"),
     ["主动公开的深度不够", "政策解读质量不高", "公开平台功能不完善"], ["拓展公开深度", "提升解读质量", "完善平台功能"]),
    ("存在的主要问题：\n基层政务公开标准化建设推进较慢。\n改进措施：\n下一步，我局将进一步加强政务公开标准化建设，加大对基层的指导力度。",
     ["基层政务公开标准化建设推进较慢"], ["进一步加强政务公开标准化建设，加大对基层的指导力度"]),  # one measure a sentence
    ("1、公开意识有待增强；2、公开内容不够全面。\n1、加强学习培训；2、拓展公开内容。",
     ["公开意识有待增强", "公开内容不够全面"], ["加强学习培训", "拓展公开内容"]),
    (("工作中仍存在一些不足：首先，信息更新不够及时；其次，政策解读不够深入。今后，我们将从以下方面改进：首先，建立信息更新"
     "提醒机制；其次，邀请专家参与政策解读。"),
     ["信息更新不够及时", "政策解读不够深入"], ["建立信息更新提醒机制", "邀请专家参与政策解读"]),
    ("虽然取得一定成效，但仍存在公开内容不够全面的问题。下一步，将继续加大公开力度，提升公开质量。",
     ["公开内容不够全面"], ["加大公开力度，提升公开质量"]),
    ("（一）存在问题：公开平台栏目设置不够合理。（二）改进措施：优化栏目设置。", ["公开平台栏目设置不够合理"], ["优化栏目设置"]),
    # written for issue 17: a 下一步 paragraph's sentences are whole measures, lead-ins (我局将, 同时) dropped
    ("但仍存在一些不足：一是政策解读形式较为单一；二是业务能力有待提升。\n下一步，我局将着力加强政策解读质效，回应企业和群众"
     "的实际需求。同时建立健全“传帮带”机制，提升工作人员业务能力。",
     ["政策解读形式较为单一", "业务能力有待提升"], ["着力加强政策解读质效，回应企业和群众的实际需求", "建立健全“传帮带”机制，提升工作人员业务能力"]),
    # sub-part headings on their own lines are headings, and 一方面/另一方面 enumerate
    ("（一）存在的主要问题\n一方面，主动公开的深度不够；另一方面，答复规范性有待提高。\n（二）改进措施\n一是加大主动公开力度。二是规范答复流程。",
     ["主动公开的深度不够", "答复规范性有待提高"], ["加大主动公开力度", "规范答复流程"]),
    (("第一，主动公开范围有待拓展。第二，公众参与渠道不畅。\n2024年，我们将着力做好以下工作：第一，拓展主动公开范围；"
     "第二，畅通公众参与渠道。"),
     ["主动公开范围有待拓展", "公众参与渠道不畅"], ["拓展主动公开范围", "畅通公众参与渠道"]),
    ("本年度工作虽有进展，但由于人员变动频繁，工作衔接不畅的原因，公开目录更新滞后。\n下一步，将建立专人负责制度。",
     ["公开目录更新滞后"], ["建立专人负责制度"]),
])
def test_lists(body, problems, improvements):
    assert_lists(body, problems, improvements)


def test_long_item_is_cut_to_its_headline():
    clause = "进一步规范政府信息公开工作流程"
    body = "存在问题：一是公开不及时。\n改进措施：一是" + "，".join([clause] * 8) + "。"
    text = normalise(REPORT.format(body=body)).text
    _, improvements = extract_lists(text, find_sections(text))
    assert improvements[0].text.startswith(clause) and len(improvements[0].text) <= 60


def test_heading_broken_across_lines():
    text = normalise("一、总体情况\n正文。\n五、存在的主要问题和\n改进情况\n一是公开不够及时。\n（二）改进情况\n"
                     "1、加强督促检查。\n六、其他需要报告的事项\n无。\n").text
    problems, improvements = extract_lists(text, find_sections(text))
    assert ([p.text for p in problems], [i.text for i in improvements]) == (["公开不够及时"], ["加强督促检查"])


def test_no_part_five():
    text = normalise("一、总体情况\n一是公开不够及时。\n").text
    assert extract_lists(text, find_sections(text)) == ([], [])


def test_seed_lists_f1():
    shared, score = _scorer()
    tally = {"problems": [0, 0, 0], "improvements": [0, 0, 0]}
    for path in sorted((shared / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = normalise((shared / gold["input"]).read_text(encoding="utf-8")).text
        for field, items in zip(tally, extract_lists(text, find_sections(text))):
            preds = [i.model_dump() for i in items]
            n = score.greedy_match(gold[field], preds, score.item_score, 0.6)
            t = tally[field]
            t[0], t[1], t[2] = t[0] + n, t[1] + len(preds) - n, t[2] + len(gold[field]) - n
    for field, (tp, fp, fn) in tally.items():
        assert 2 * tp / (2 * tp + fp + fn) >= 0.9, (field, tp, fp, fn)
