"""Sections from headings, including variants, and table rows that look like headings but are not."""
from __future__ import annotations

import pytest

from service.core.normalise import normalise
from service.core.sections import find_sections

REPORT = (
    "某市水务局2022年政府信息公开工作年度报告\n一、总体情况\n正文。\n二、主动公开政府信息情况\n表\n"
    "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n"
    "三、本年度办理结果\t(一) 予以公开\t1\t0\t0\t0\t0\t0\t1\n四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0\n"
    "{review}\n表\n{problems}\n一是不足。\n六、其他需要报告的事项\n无。\n七、相关说明\n无。\n"
)


@pytest.mark.parametrize("review, problems", [
    ("四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况"),
    ("四、因政府信息公开工作被申请行政复议、\n提起行政诉讼情况", "五、存在的主要问题和改进情况"),
    ("四、政府信息公开行政复议、行政诉讼情况", "五、 存在的主要问题及改进情况"),
])
def test_heading_variants(review, problems):
    text = normalise(REPORT.format(review=review, problems=problems)).text
    sections = find_sections(text)
    assert [s.key for s in sections] == ["preamble", "overview", "active_disclosure", "applications",
                                         "review_litigation", "problems", "other_matters", "notes"]
    for s in sections[1:]:
        assert text[s.span[0]:s.span[1]].startswith(s.title)
    assert "行政诉讼" in sections[4].title


@pytest.mark.parametrize("notes", ["七、附则", "第七部分 附则", "七、相关说明"])
def test_a_seventh_part_of_notes(notes):
    text = normalise(REPORT.format(review="四、政府信息公开行政复议、行政诉讼情况", problems="五、存在的主要问题及改进情况")
                     .replace("七、相关说明", notes)).text
    sections = find_sections(text)
    assert sections[-1].key == "notes" and sections[-1].title.replace(" ", "") == notes.replace(" ", "")
    assert sections[-2].key == "other_matters" and "附则" not in text[sections[-2].span[0]:sections[-2].span[1]]


def test_table_rows_are_not_headings():
    text = normalise(REPORT.format(review="四、政府信息公开行政复议、行政诉讼情况",
                                   problems="五、存在的主要问题及改进情况")).text
    titles = [s.title for s in find_sections(text)]
    assert not any("本年新收" in t or "本年度办理结果" in t or "结转下年度" in t for t in titles)


def test_text_without_parts_is_one_preamble():
    sections = find_sections("这是一段与年度报告无关的文字。")
    assert [s.key for s in sections] == ["preamble"]


class _StubClassifier:
    """Stands in for the trained line classifier: says which lines are headings of which part."""

    def __init__(self, answers: dict[str, tuple[str, float]]):
        self.answers = answers
        self.asked: list[str] = []

    def predict(self, lines):
        self.asked += lines
        return [(self.answers[x][0], "heading", self.answers[x][1]) if x in self.answers else (None, "narrative", 0.9)
                for x in lines]


def test_classifier_fills_a_part_the_grammar_missed_and_only_then():
    text = ("一、总体情况\n正文。\n二、主动公开政府信息情况\n表\n三、收到和处理政府信息公开申请情况\n表\n"
            "复议诉讼情况一览\n表\n五、存在的主要问题及改进情况\n一是不足。\n六、其他需要报告的事项\n无。\n")
    sure = _StubClassifier({"复议诉讼情况一览": ("review_litigation", 0.97)})
    keys = [s.key for s in find_sections(text, sure)]
    assert keys.index("review_litigation") == keys.index("applications") + 1
    unsure = _StubClassifier({"复议诉讼情况一览": ("review_litigation", 0.6)})
    assert "review_litigation" not in [s.key for s in find_sections(text, unsure)]
    complete = text.replace("复议诉讼情况一览", "四、政府信息公开行政复议、行政诉讼情况")
    asked = _StubClassifier({})
    find_sections(complete, asked)
    assert asked.asked == []


def test_vocabulary_files_read_the_same_with_the_fast_yaml_loader():
    import yaml

    from service.base.vocab import VOCAB_DIR, read_yaml

    files = sorted(VOCAB_DIR.glob("*.yaml"))
    assert len(files) >= 5
    for path in files:
        assert read_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8")), path.name


@pytest.mark.parametrize("review, other", [
    ("四、政府信息公开行政复议、行政诉讼情况", "第六部分 其他需要\n\n报告的事项"),
    ("四、因政府信息公开工作被申请行政复议、\n\n提起行政诉讼情况", "六、其他需要报告的事项"),
])
def test_a_heading_wrapped_into_two_paragraphs_is_one_heading(review, other):
    """HTML, DOCX and PDF give a heading wrapped over two lines back as two paragraphs with a blank line between:
    the second paragraph still completes the heading, and a cue in its first half (其他) does not decide the part."""
    report = REPORT.replace("\n", "\n\n").replace("六、其他需要报告的事项", other)
    text = normalise(report.format(review=review, problems="五、存在的主要问题及改进情况")).text
    sections = {s.key: s for s in find_sections(text)}
    assert "other_matters" in sections and "review_litigation" in sections
    assert sections["other_matters"].title.replace(" ", "").endswith("其他需要报告的事项")
    assert "行政诉讼" in sections["review_litigation"].title
    assert "无。" in text[slice(*sections["other_matters"].span)]


def test_a_short_paragraph_after_a_blank_line_is_no_part_of_a_full_heading():
    text = normalise(REPORT.format(review="四、政府信息公开行政复议、行政诉讼情况",
                                   problems="五、存在的主要问题及改进情况").replace("\n", "\n\n")).text
    titles = {s.key: s.title for s in find_sections(text)}
    assert titles["overview"] == "一、总体情况" and titles["other_matters"] == "六、其他需要报告的事项"


def test_problems_anchor_is_linear_on_a_line_of_spaces_and_unchanged():
    """The problems lead-in anchor had two space runs in a row (^[ \\t]*(…)?[ \\t]*存在…): a line of 20,000 spaces
    took 2 s. The first is possessive; what follows it begins with no space, so it matches where the greedy one did."""
    import random
    import re
    import time

    from service.base.vocab import load_vocab

    rx = load_vocab("sections")["content_anchors"]["problems"][0]
    fast, greedy = re.compile(rx, re.M), re.compile(rx.replace("*+", "*"), re.M)
    assert fast.pattern != greedy.pattern
    rng = random.Random(2)
    for _ in range(5000):
        t = "".join(rng.choice([" ", "\t", "\n", "一", "、", "（", "）", "存在的主要问题", "：", "x"])
                    for _ in range(rng.randint(0, 10)))
        assert [m.span() for m in fast.finditer(t)] == [m.span() for m in greedy.finditer(t)], t
    started = time.perf_counter()
    assert not list(fast.finditer("\n" + " " * 20000 + "\n"))
    assert time.perf_counter() - started < 0.5
