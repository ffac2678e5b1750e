"""Problems and improvements of part 五 in the enumeration styles reports use, and on the seeds against the gold."""
from __future__ import annotations

import json

import pytest

from service.base.vocab import load_vocab
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
    limit = load_vocab("counts")["item_max_chars"]
    body = "存在问题：一是公开不及时。\n改进措施：一是" + "，".join([clause] * 12) + "。"
    text = normalise(REPORT.format(body=body)).text
    _, improvements = extract_lists(text, find_sections(text))
    item = improvements[0].text
    assert item.startswith(clause) and limit - len(clause) - 1 <= len(item) <= limit and item.endswith(clause)


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


def _pairs(body: str) -> tuple[list[tuple[str, int | None]], list[tuple[str, int | None]]]:
    text = normalise(REPORT.format(body=body)).text
    problems, improvements = extract_lists(text, find_sections(text))
    for item in problems + improvements:
        assert text[item.span[0]:item.span[1]] == item.text
    return [(p.text, p.pair) for p in problems], [(i.text, i.pair) for i in improvements]


@pytest.mark.parametrize("body, problems, improvements", [
    # written for issue 17: each measure right after its own problem pairs them, both ways
    (("一是办事指南更新不够及时。针对这一问题，我办将建立指南定期复核制度。二是答复文书说理不够充分。"
      "对此，将组织答复文书交叉评查。"),
     [("办事指南更新不够及时", 0), ("答复文书说理不够充分", 1)],
     [("建立指南定期复核制度", 0), ("组织答复文书交叉评查", 1)]),
    (("（一）问题：部分专栏长期未更新。整改措施：落实栏目责任人，每月巡检一次。\n"
      "（二）问题：图解类解读占比偏低。整改措施：增加图解和短视频解读。"),
     [("部分专栏长期未更新", 0), ("图解类解读占比偏低", 1)],
     [("落实栏目责任人，每月巡检一次", 0), ("增加图解和短视频解读", 1)]),
    ("问题一：公开目录编制不够细。改进措施：细化目录到三级事项。\n问题二：咨询回复偏慢。改进措施：设定三个工作日回复时限。",
     [("公开目录编制不够细", 0), ("咨询回复偏慢", 1)], [("细化目录到三级事项", 0), ("设定三个工作日回复时限", 1)]),
])
def test_pairs_where_the_text_pairs_them(body, problems, improvements):
    assert _pairs(body) == (problems, improvements)


@pytest.mark.parametrize("body", [
    # two lists, one after the other: the text does not say which measure answers which problem
    "①数据开放范围较窄。②基层公开指导偏弱。\n针对上述问题，我局将采取以下措施：①扩大数据开放范围。②加强基层指导。",
    # one closing 下一步 paragraph after the last problem answers all of them
    "一是数据开放范围较窄。二是基层公开指导偏弱。\n下一步，我局将扩大数据开放范围，加强基层指导。",
])
def test_no_pair_where_the_text_does_not_pair(body):
    problems, improvements = _pairs(body)
    assert len(problems) == 2 and improvements
    assert all(p is None for _, p in problems + improvements)


def test_lead_in_before_unnumbered_problems_is_no_item():
    problems, _ = _pairs("过去一年工作中也存在一些不足，主要是公开栏更新不及时，解读材料形式比较单一。\n下一步，将及时更新公开栏。")
    assert [p for p, _ in problems] == ["公开栏更新不及时", "解读材料形式比较单一"]


def test_item_runs_to_the_end_of_its_first_sentence():
    sentence = "完善依申请公开办理流程，从登记、审核、答复到归档逐环节明确时限和责任人，并纳入年度考核"
    _, improvements = _pairs(f"一是答复时限把握不严。\n改进措施：一是{sentence}。二是加强培训。")
    assert improvements[0][0] == sentence


def test_heading_broken_inside_a_word():
    text = normalise("一、总体情况\n正文。\n五、存在的主要问\n题及改进措施\n（一）存在的主要问题\n1.公开栏更新偏慢。\n"
                     "（二）改进措施\n1.明确公开栏专人维护。\n六、其他需要报告的事项\n无。\n").text
    problems, improvements = extract_lists(text, find_sections(text))
    assert ([p.text for p in problems], [i.text for i in improvements]) == (["公开栏更新偏慢"], ["明确公开栏专人维护"])


def test_problems_come_after_what_introduces_them():
    problems, _ = _pairs("（一）存在的问题\n本年度工作有所进步，但离群众期待仍有差距，主要表现在：办事指南的要素还不够齐全，"
                         "部分专栏更新不够及时。\n（二）改进措施\n下一步，将补齐办事指南要素。")
    assert [p for p, _ in problems] == ["办事指南的要素还不够齐全", "部分专栏更新不够及时"]


def test_enumerators_start_at_a_numeral_run_and_are_unchanged():
    """一是 / 一、 patterns retried at every numeral of a long run: 20,000 十 in part 五 took 2 s. They now match from a
    run's first numeral (the part searched alone, so its first character counts as one); the enumerators found are
    those of the plain patterns searched from the part's start."""
    import random
    import re
    import time

    from service.core.extractors.lists import _Enum, _enumerators, _ordinal, _vocab

    lookbehind = "(?<![一二三四五六七八九十])"
    plain = [(re.compile(p.pattern.replace(lookbehind, "")), precede) for p, precede in _vocab()["enums"]]
    assert sum(lookbehind in p.pattern for p, _ in _vocab()["enums"]) == 2

    def before(text, start, end):
        found = []
        for style, (pattern, precede) in enumerate(plain):
            for m in pattern.finditer(text, start, end):
                k = m.start()
                while k > start and text[k - 1] in " \t":
                    k -= 1
                if k > start and text[k - 1] not in precede:
                    continue
                found.append(_Enum(m.start(), m.end(), _ordinal(m.group(0)), style, "问题" in m.group(0)))
        found.sort(key=lambda e: (e.start, -e.body))
        out = []
        for e in found:
            if not out or e.start >= out[-1].body:
                out.append(e)
        return out

    rng = random.Random(8)
    for _ in range(3000):
        text = "".join(rng.choice(["一", "二", "十", "是", "、", ".", "第", "（", "）", "1", "\n", "。", " ", "问题", "x"])
                       for _ in range(rng.randint(0, 16)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        assert _enumerators(text, start, end) == before(text, start, end), (text, start, end)
    started = time.perf_counter()
    _enumerators("\n" + "十" * 20000 + "x", 0, 20002)
    assert time.perf_counter() - started < 0.5
