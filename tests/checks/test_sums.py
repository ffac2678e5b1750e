"""其中 arithmetic on sentences written for the tests, and on the seeds (every gold pass found, no fail)."""
from __future__ import annotations

import json

import pytest

from service.base.schema import Count
from service.core.checks.sums import check_sums
from service.core.extractors.counts import extract_counts
from service.core.normalise import normalise
from service.core.sections import find_sections
from tests.conftest import shared_or_skip


def assert_sum(text: str, expected: list[tuple[str, float, float]], with_text: bool = True) -> None:
    """The checks on text are exactly (status, left, right) in order, each with the spans of its evidence."""
    counts = extract_counts(text, [])
    checks = check_sums(counts, text if with_text else None)
    assert [(c.status, c.left, c.right) for c in checks] == expected, [c.message for c in checks]
    for c in checks:
        total = counts[int(c.id.rsplit(".", 1)[1])]
        assert c.kind == "narrative_arithmetic" and c.cells == []
        assert c.spans == [total.span] + [counts[j].span for j in total.parts]
        assert f"({c.left:g})" in c.message and f"({c.right:g})" in c.message


@pytest.mark.parametrize("text, expected", [
    ("共发布政策解读 45 篇，其中图文解读 30 篇、视频解读 15 篇。", [("pass", 45, 45)]),
    ("主动公开信息 7 条，其中权力清单和责任清单各 2 条、工作动态 3 条。", [("pass", 7, 7)]),
    ("发布预算、决算、三公经费信息各 1 条，共 3 条。", []),
    ("收到申请 5 件，其中自然人 4 件、法人 2 件。", [("fail", 5, 6)]),
    ("发布信息 20 条，其中政策文件 8 条、工作动态 10 条。", [("uncertain", 20, 18)]),
    ("共收到申请 5 件，分别为自然人 3 件、法人 1 件。", [("fail", 5, 4)]),
    ("发布信息 300 余条，其中政策文件 120 条。", [("uncertain", 300, 120)]),
    ("收取费用 3.5 万元，其中复印费 1.2 万元、邮寄费 2.3 万元。", [("pass", 3.5, 3.5)]),
    ("办理提案 9 件，其中人大建议 4 件（主办 3 件、协办 1 件），政协提案 5 件。", [("pass", 9, 9), ("pass", 4, 4)]),
    ("收到申请 3 件，办结率 100%。", []),
])
def test_sums(text, expected):
    assert_sum(text, expected)


def test_complete_list_without_text():
    assert_sum("共收到申请 5 件，分别为自然人 3 件、法人 1 件。", [("fail", 5, 4)], with_text=False)


def test_ids_and_bad_part_indexes():
    counts = [Count(value=4, unit="件", span=(0, 4), parts=[1, 9]), Count(value=4, unit="件", span=(5, 9))]
    [check] = check_sums(counts)
    assert (check.id, check.status, check.spans) == ("narrative.sum.0", "pass", [(0, 4), (5, 9)])


def test_seed_sums():
    shared = shared_or_skip()
    for path in sorted((shared / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = normalise((shared / gold["input"]).read_text(encoding="utf-8")).text
        checks = check_sums(extract_counts(text, find_sections(text)), text)
        passed = {c.left for c in checks if c.status == "pass"}
        assert set(gold["checks"]["narrative_arithmetic_pass"]) <= passed, gold["id"]
        assert not [c.message for c in checks if c.status == "fail"], gold["id"]


@pytest.mark.parametrize("text, expected", [
    # the first parts already make the total; the outcomes after them are parts still, and overrun it
    ("全年办结申请4件，其中予以公开1件，部分公开3件，不予公开2件，不予处理1件。", [("fail", 4, 7)]),
    # one part alone reaches the total, the next outcome too
    ("本年度共办理申请2件，其中予以公开0件，无法提供2件，不予处理5件。", [("fail", 2, 7)]),
    # a zero total with a non-zero outcome among its parts
    ("共办理申请0件，其中予以公开0件，部分公开3件，不予公开0件。", [("fail", 0, 3)]),
    # table 4's results in prose
    ("被申请行政复议3件，其中结果维持3件，结果纠正1件。", [("fail", 3, 4)]),
    # applicants: 自然人 and 法人或其他组织 are the two halves of the column group
    ("受理申请6件，其中自然人申请6件，法人或其他组织申请2件。", [("fail", 6, 8)]),
])
def test_siblings_of_a_form_list_stay_parts_past_the_total(text, expected):
    assert_sum(text, expected)


@pytest.mark.parametrize("text, expected", [
    # a new list after the sum is reached (applicants, then outcomes of the same applications): no part of it
    ("收到申请5件，其中自然人3件，法人或其他组织2件，予以公开5件。", [("pass", 5, 5)]),
    # a member named twice starts nothing new
    ("办理申请3件，其中予以公开3件，予以公开的均在15日内答复3件。", [("pass", 3, 3)]),
    # a count that names no member of a list still ends it once the parts make the total
    ("办理申请3件，其中予以公开2件，部分公开1件，按期答复3件。", [("pass", 3, 3)]),
])
def test_a_list_still_ends_where_no_unseen_sibling_follows(text, expected):
    assert_sum(text, expected)


@pytest.mark.parametrize("text, expected", [
    # the list breaks down the new applications and the carried-over ones together (6 + 2 = 8)
    ("本年收到申请 6 件，上年结转申请 2 件，其中网上申请 5 件、信函申请 3 件。", [("pass", 8, 8)]),
    # more than the last total but less than both together: the list may be of both, so nothing is proven
    ("本年收到申请 6 件，上年结转申请 2 件，其中网上申请 4 件、信函申请 3 件。", [("uncertain", 2, 4)]),
    # more than both together: a fail under every reading
    ("本年收到申请 6 件，上年结转申请 2 件，其中网上申请 9 件、信函申请 3 件。", [("fail", 2, 9)]),
    # a count in an earlier sentence is not part of the reading
    ("本年收到申请 6 件。上年结转申请 2 件，其中网上申请 5 件、信函申请 3 件。", [("fail", 2, 5)]),
])
def test_sums_over_joint_totals(text, expected):
    counts = extract_counts(text, [])
    checks = check_sums(counts, text)
    assert [(c.status, c.left, c.right) for c in checks] == expected, [c.message for c in checks]
    for c in checks:
        assert f"({c.right:g})" in c.message and all(text[a:b] for a, b in c.spans)
    if checks[0].status == "pass":
        assert checks[0].spans[0] == counts[0].span and "之和(8)" in checks[0].message
