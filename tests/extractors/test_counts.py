"""Narrative counts on sentences written for the tests, and on the seed reports against the gold."""
from __future__ import annotations

import importlib.util
import json
import time

import pytest

from service.base.schema import Count, Platform
from service.core.extractors.counts import extract_counts
from service.core.normalise import normalise
from service.core.sections import find_sections
from tests.conftest import shared_or_skip

# (value, unit, approx, each, a fragment the subject must contain)
Expected = tuple[float, str, bool, bool, str]


def assert_counts(text: str, expected: list[Expected], **kwargs) -> list[Count]:
    """The counts found in text are exactly `expected`, in order, and every span holds its count's text."""
    counts = extract_counts(text, [], **kwargs)
    got = [(c.value, c.unit, c.approx, c.each) for c in counts]
    assert got == [e[:4] for e in expected], [c.text for c in counts]
    for c, e in zip(counts, expected):
        assert e[4] in c.subject, (c.subject, e)
        assert text[c.span[0]:c.span[1]] == c.text
        assert c.unit in c.text and c.span[0] < c.span[1]
    return counts


@pytest.mark.parametrize("text, expected", [
    ("2022年，区教育局通过区政府门户网站主动公开政府信息 236 条。", [(236, "条", False, False, "主动公开政府信息")]),
    ("全年共受理政府信息公开申请两件，均按时答复。", [(2, "件", False, False, "受理政府信息公开申请")]),
    ("举办政务公开专题培训十余次，培训干部一百零五人次。",
     [(10, "次", True, False, "专题培训"), (105, "人次", False, False, "培训干部")]),
    ("县卫健委微信公众号全年推送信息4.6万余次，粉丝超过1.2万人。",
     [(46000, "次", True, False, "推送信息"), (12000, "人", True, False, "粉丝")]),
    ("本年度行政事业性收费 21.83 万元，比上年减少 5%。",
     [(21.83, "万元", False, False, "行政事业性收费"), (5, "%", False, False, "比上年减少")]),
    ("发布人事任免、财政预决算信息各 3 条。", [(3, "条", False, True, "人事任免、财政预决算信息")]),
    ("向档案馆、图书馆报送纸质文件近 2000 册，电子文件 300 余份。",
     [(2000, "册", True, False, "纸质文件"), (300, "份", True, False, "电子文件")]),
    ("一是完善制度。二是加强培训，全年组织培训 3 场，参训 120 人。",
     [(3, "场", False, False, "组织培训"), (120, "人", False, False, "参训")]),
    ("设置了 12 个政务公开栏目，8 个便民服务专区。",
     [(12, "个", False, False, "政务公开栏目"), (8, "个", False, False, "便民服务专区")]),
    ("依申请公开办理答复率 100%，群众满意率达 98.5%以上。",
     [(100, "%", False, False, "答复率"), (98.5, "%", True, False, "群众满意率")]),
    ("政务新媒体发布信息1,280条", [(1280, "条", False, False, "政务新媒体发布信息")]),
    ("市场监管局公开行政处罚决定书三千二百份", [(3200, "份", False, False, "行政处罚决定书")]),
    ("编印《政务公开手册》500册、宣传折页两千份",
     [(500, "册", False, False, "政务公开手册"), (2000, "份", False, False, "宣传折页")]),
    ("逾 300 人参加活动", [(300, "人", True, False, "参加活动")]),
    ("（44 条通过区融媒体中心发布", [(44, "条", False, False, "通过区融媒体中心发布")]),
    ("走访企业约 60 家次，覆盖企业 58 家左右。",
     [(60, "家次", True, False, "走访企业"), (58, "家", True, False, "覆盖企业")]),
    ("十四五期间建成 5 个服务站", [(5, "个", False, False, "建成")]),
    ("发布权力清单、责任清单和负面清单各 2 条", [(2, "条", False, True, "负面清单")]),
    ("收到申请一件。开展了一次培训", [(1, "件", False, False, "收到申请"), (1, "次", False, False, "培训")]),
    ("编印《公开指南》等资料 1,200 余册", [(1200, "册", True, False, "资料")]),
    # a bare numeral with 个 counts before 部分 / 类别 (the report's own outline), not in 两个清单 / 六个方面
    ("本报告由总体情况、主动公开政府信息情况等六个部分组成。", [(6, "个", False, False, "部分")]),
    ("按通知公告、法规政策、人事信息七个类别分类发布", [(7, "个", False, False, "人事信息")]),
    # a closed aside inside the clause is part of the subject, not its start
    ("全年共通过各级媒体刊登（播出）新闻144条", [(144, "条", False, False, "通过各级媒体刊登（播出）新闻")]),
    ("受理申请5件（其中部分公开2件）", [(5, "件", False, False, "受理申请"), (2, "件", False, False, "部分公开")]),
    # two quantities in a row share their subject
    ("公众号共发布信息294期1014条，阅读量3万人次", [(294, "期", False, False, "公众号共发布信息"),
                                              (1014, "条", False, False, "公众号共发布信息"),
                                              (30000, "人次", False, False, "阅读量")]),
    # a time word stays when without it the subject would say too little; 制作 leaves its object on the right
    ("本年新收33件，全年发布信息50条", [(33, "件", False, False, "本年新收"), (50, "条", False, False, "发布信息")]),
    ("全年制作40期新媒体作品投稿", [(40, "期", False, False, "新媒体作品投稿")]),
    ("网站浏览量约为980862次", [(980862, "次", True, False, "网站浏览量")]),
    # 万 alone is a number with 余 / 多 after it
    ("阅读量达万余人次", [(10000, "人次", True, False, "阅读量")]),
    # 件次 / 篇次 / 条次 are measure words of their own
    ("信访办件907件次，转载信息12条次，发布解读18篇次。",
     [(907, "件次", False, False, "信访办件"), (12, "条次", False, False, "转载信息"), (18, "篇次", False, False, "发布解读")]),
])
def test_counts(text, expected):
    assert_counts(text, expected)


@pytest.mark.parametrize("text", [
    "根据《条例》第二十条第（一）项、国办公开办函〔2021〕30 号文件和国务院令第711号规定。",
    "联系电话：0571-87051234，邮编 310000，地址：解放路 58 号 302 室。",
    "统计期限为 2023 年 1 月 1 日至 12 月 31 日。",
    "本机关坚持一事一议、一次性告知，推行一站式服务，搭建一个平台，落实两个清单，从六个方面推进。",
    "2021年至2023年连续三年，每季度开展一次检查。",
    "出台稳经济33条措施，落实“十三五”期间规划。",
    "规章\t0\t1\t2 件",
    "依据《条例》第十九、二十条公开。",
    "推行最多跑一次改革，群众办事一次都不跑，服务数十家企业。",
    "开展万人助万企活动。",
])
def test_not_counts(text):
    assert_counts(text, [])


def test_skip_spans_are_ignored():
    text = "表格：发布 5 条。正文：发布信息 7 条。"
    assert_counts(text, [(7, "条", False, False, "发布信息")], skip=[(0, 9)])


@pytest.mark.parametrize("text, parts", [
    ("区政府信息公开平台共发布政策解读 45 篇，其中图文解读 30 篇、视频解读 15 篇。", {0: [1, 2]}),
    ("收到申请 9 件（自然人 7 件、法人 2 件），已全部办结。", {0: [1, 2]}),
    ("答复群众来信 6 件，召开新闻发布会 2 场，其中市政府新闻办 1 场。", {1: [2]}),
    ("发布信息 50 条，其中政策文件 20 条、工作动态 25 条，此外转载上级信息 30 条。", {0: [1, 2]}),
    ("发布信息 50 条。收到申请 3 件。其中依申请公开 2 件。", {1: [2]}),
    ("发布信息 50 条。开展培训。其中政策文件 20 条。", {}),
    ("办理提案 9 件，其中人大建议 4 件（主办 3 件、协办 1 件），政协提案 5 件。", {0: [1, 4], 1: [2, 3]}),
    ("发布信息 30 条。\n\n其中，政策文件 10 条；工作动态 20 条。", {0: [1, 2]}),
    ("共收到申请 5 件，分别为自然人 3 件、法人 1 件。", {0: [1, 2]}),
    ("主动公开信息 10 条，其中政策解读 4 条，满意率 100%，工作动态 6 条。", {0: [1, 3]}),
    ("收到申请 10 件，其中自然人 6 件、企业 4 件，办结 10 件，答复率 100%。", {0: [1, 2]}),
    ("收到申请 10 件，其中自然人 6 件，办结 10 件。", {0: [1]}),
    ("收到申请 10 件，答复率 100%，其中自然人 6 件、企业 4 件。", {0: [2, 3]}),
    ("其中，政策文件 10 条。", {}),
])
def test_parts(text, parts):
    counts = extract_counts(text, [])
    assert {i: c.parts for i, c in enumerate(counts) if c.parts} == parts


@pytest.mark.parametrize("text, platforms, expected", [
    ("全年通过区政府门户网站发布信息 120 条。", (), "区政府门户网站"),
    ("在“平安江城”微信公众号发布信息 80 条。", (), "“平安江城”微信公众号"),
    ("通过政府信息公开专栏发布信息 72 条。", (), "政府信息公开专栏"),
    ("部门工作动态 9 条（4 条通过政务微博发布，5 条通过日报发布）、政策解读 1 条。", (), None),
    ("依托江城发布平台公开信息 9 条。", (Platform(name="江城发布", spans=[(2, 6)]),), "江城发布"),
])
def test_platform(text, platforms, expected):
    counts = extract_counts(text, [], platforms=platforms)
    assert counts[-1].platform == expected


def test_section_key():
    text = normalise("一、总体情况\n主动公开信息 12 条。\n五、存在的主要问题及改进情况\n培训 2 次。\n").text
    counts = extract_counts(text, find_sections(text))
    assert [(c.value, c.section) for c in counts] == [(12, "overview"), (2, "problems")]


def _scorer():
    shared = shared_or_skip()
    spec = importlib.util.spec_from_file_location("nianbao_score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return shared, module


def test_seed_counts_f1():
    shared, score = _scorer()
    tp = fp = fn = 0
    for path in sorted((shared / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = normalise((shared / gold["input"]).read_text(encoding="utf-8")).text
        counts = [c.model_dump() for c in extract_counts(text, find_sections(text))]
        n = score.greedy_match(gold["counts"], counts, score.count_score, 0.5)
        tp, fp, fn = tp + n, fp + len(counts) - n, fn + len(gold["counts"]) - n
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.95, (tp, fp, fn)


def test_speed_on_largest_seed():
    shared = shared_or_skip()
    from service.core.checks.sums import check_sums
    from service.core.extractors.lists import extract_lists

    raw = max((p.read_text(encoding="utf-8") for p in (shared / "seeds").glob("*.txt")), key=len)
    text = normalise(raw).text
    sections = find_sections(text)
    extract_counts(text, sections)
    started = time.perf_counter()
    for _ in range(10):
        check_sums(extract_counts(text, sections), text)
        extract_lists(text, sections)
    assert (time.perf_counter() - started) / 10 < 0.010 * 3  # 10 ms budget, slack for a busy CI machine
