"""models/segment.py: jieba's precise mode, word for word, on every text the NER cuts and on odd ones."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from service.core.extractors.entities import name_sentences
from service.core.models.nlp import load_jieba
from service.core.models.segment import Segmenter

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture(scope="module", params=["tokenizer", "prefix file"])
def jieba_and_segmenter(request, tmp_path_factory):
    """jieba with the domain dictionary, and a Segmenter reading its dictionary: from the tokenizer itself, or from
    the prefix file a worker maps (models/prefix_dict.py, written here into a fresh cache directory)."""
    from service.core.models.nlp import load_prefixes

    jb = load_jieba()
    if request.param == "tokenizer":
        return jb, Segmenter(jb)
    return jb, Segmenter(None, load_prefixes(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="module")
def texts() -> list[str]:
    from training.generate import generate

    return [d["text"] for d in generate(30, seed=5, prefix="seg")] + [p.read_text(encoding="utf-8") for p in
                                                                     sorted(SEEDS.glob("*.txt"))]


def test_every_name_window_and_line_cut_as_jieba_cuts_it(jieba_and_segmenter, texts):
    jb, seg = jieba_and_segmenter
    pieces = [t[s:e] for t in texts for s, e in name_sentences(t)] + [line for t in texts for line in t.splitlines()]
    assert len(pieces) > 500
    for piece in pieces:
        assert seg.cut(piece) == list(jb.cut(piece)), piece


def test_random_stretches_and_whole_texts(jieba_and_segmenter, texts):
    jb, seg = jieba_and_segmenter
    rng = random.Random(2)
    for t in texts:
        assert seg.cut(t) == list(jb.cut(t))
        for _ in range(40):
            a = rng.randrange(len(t))
            piece = t[a:a + rng.randrange(1, 60)]
            assert seg.cut(piece) == list(jb.cut(piece)), piece


@pytest.mark.parametrize("text", ["", " ", "\r\n", "abc 123.5% 网站", "石嘴山市科技局门户网站", "某某某某某某", "嗯",
                                  "政府信息公开\t申请\n数量", "APP“i宁夏”政务新媒体", "第一季度-第二季度 #&_"])
def test_odd_texts(jieba_and_segmenter, text):
    jb, seg = jieba_and_segmenter
    assert seg.cut(text) == list(jb.cut(text))


def test_a_private_tokenizer_is_read_as_it_is(jieba_and_segmenter):
    """The Segmenter reads the tokenizer's dictionary and total, so a word added later is seen like jieba sees it."""
    import jieba

    tok = jieba.Tokenizer()
    tok.FREQ, tok.total, tok.initialized = dict(jieba.dt.FREQ), jieba.dt.total, True
    seg = Segmenter(tok)
    text = "本机关依申请公开工作台账管理办法"
    assert seg.cut(text) == list(tok.cut(text))
    tok.add_word("台账管理办法", 10_000_000)
    assert seg.cut(text) == list(tok.cut(text)) and "台账管理办法" in seg.cut(text)


def test_the_prefix_file_segmenter_keeps_a_blocks_words_until_the_hmm_split_words_change(tmp_path):
    """With the (fixed) prefix file, a Han block's words are cut once and kept; when the words jieba's HMM must split
    grow, every kept block is dropped and cut again."""
    from service.core.models.nlp import load_prefixes

    jb = load_jieba()
    seg = Segmenter(None, load_prefixes(tmp_path))
    text = "红寺堡区科技局门户网站发布信息"
    assert seg.cut(text) == list(jb.cut(text)) and list(seg._memo) == [text]
    seg._memo[text] = ["kept"]  # the kept words are what a second cut returns
    assert seg.cut("“" + text + "”") == ["“", "kept", "”"]
    seg._forced = {*seg._forced, "某个新词"}  # as finalseg.add_force_split would grow it
    assert seg.cut(text) == list(jb.cut(text)) and seg._memo[text] != ["kept"]
    assert Segmenter(jb)._memo is None  # a tokenizer's dictionary can change: nothing is kept


def test_hmm_is_jiebas_and_linear(jieba_and_segmenter):
    """The HMM for runs the dictionary has no word for is jieba.finalseg.cut with back pointers: jieba's Viterbi
    copies every path at each character, so a name window of 20,000 局 took 2 s (and a report 4 s)."""
    import time

    from jieba import finalseg

    _, seg = jieba_and_segmenter
    rng = random.Random(3)
    chars = "局委会府市县区镇一二三十人民政府公开信息我的是了在ab1 2.%-xyz"
    for _ in range(3000):
        s = "".join(rng.choice(chars) for _ in range(rng.randint(1, 30)))
        assert list(seg._hmm(s)) == list(finalseg.cut(s)), s
    assert list(seg._hmm("局" * 3000)) == list(finalseg.cut("局" * 3000))
    started = time.perf_counter()
    assert "".join(seg._hmm("局" * 20000)) == "局" * 20000
    assert time.perf_counter() - started < 0.5
