"""The text layer cache: every stage reading the same document string gets the same layer, and reading a derived
string in between (the name finder's joined copy) does not make the document's layer be cut again."""
from __future__ import annotations

from service.core.text import TextLayer, layer_of


def test_same_string_same_layer():
    text = "一、总体情况\n本机关收到申请3件。其中，当面申请1件；网上申请2件。\n二、主动公开"
    assert layer_of(text) is layer_of(text)


def test_a_derived_text_between_keeps_the_documents_layer():
    doc = "某某局2023年报告\n本局门户网站发布信息\n12条。\n" * 3
    joined = doc.replace("网站发布信息\n", "网站发布信息")  # another string, as soft_breaks.Joined makes
    first = layer_of(doc)
    other = layer_of(joined)
    assert other is not first and other.text is joined
    assert layer_of(doc) is first  # not cut again
    assert list(first.lines()) == list(TextLayer(doc).lines())


def test_an_equal_but_distinct_string_gets_a_correct_layer():
    a = "".join(["本机关", "收到申请3件。\n第二行"])
    b = "".join(["本机关收到", "申请3件。\n第二行"])
    assert a == b and a is not b
    assert list(layer_of(a).lines()) == list(layer_of(b).lines()) == [(0, 10), (11, 14)]
    assert layer_of(b).text is b


def test_old_documents_leave_the_cache():
    texts = [f"第{i}份报告\n正文。" for i in range(6)]
    layers = [layer_of(t) for t in texts]
    assert layer_of(texts[-1]) is layers[-1]
    assert layer_of(texts[0]) is not layers[0]  # pushed out by the newer ones, cut afresh


def _lines_one_by_one(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The lines of text[start:end] found the slow way: every line start below end, cut at end."""
    end = len(text) if end is None else end
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    out = []
    for k, s in enumerate(starts):
        if start <= s < end:
            stop = starts[k + 1] - 1 if k + 1 < len(starts) else len(text)
            out.append((s, min(stop, end)))
    return out


def test_lines_of_any_region_as_found_one_by_one():
    import random

    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice("ab\n。；") for _ in range(rng.randrange(0, 14)))
        layer = TextLayer(text)
        assert layer.lines() == _lines_one_by_one(text)
        for _ in range(5):
            a, b = rng.randrange(-1, len(text) + 3), rng.randrange(-1, len(text) + 3)
            assert layer.lines(a, b) == _lines_one_by_one(text, a, b), (text, a, b)
        assert layer.line_texts == [(s, text[s:e]) for s, e in _lines_one_by_one(text)]


def test_no_empty_line_after_a_final_line_end():
    assert TextLayer("甲\n乙\n").lines() == [(0, 1), (2, 3)]
    assert TextLayer("").lines() == []
