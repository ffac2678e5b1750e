"""Entities on sentences written for these tests (names not in any gazetteer or training list)."""
from __future__ import annotations

import pytest

from service.core.extractors.entities import extract_entities, kind_of


def _names(items) -> set[str]:
    return {x.name for x in items}


@pytest.mark.parametrize("name, kind", [
    ("临沧市人民政府门户网站", "website"), ("“美丽临沧”微信公众号", "wechat"), ("临沧日报", "newspaper"),
    ("云上临沧", "app"), ("临沧办事小程序", "mini_program"), ("12345政务服务便民热线", "hotline"),
    ("村务公开栏", "bulletin_board"), ("临沧市政府公报", "gazette"), ("临沧发布官方微博", "weibo"),
])
def test_kind_from_head_word(name, kind):
    assert kind_of(name.replace("“", "").replace("”", "")) == kind


@pytest.mark.parametrize("text, platforms, agencies", [
    ("全年通过蒙阴县人民政府门户网站和“蒙阴发布”微信公众号发布信息86条，在临沂日报刊发稿件3篇。",
     {"蒙阴县人民政府门户网站", "蒙阴发布微信公众号", "临沂日报"}, set()),
    ("按照市政务公开办的要求，积极参加市网信办组织的培训。", set(), {"市政务公开办", "市网信办"}),
    ("依托“爱临汾”APP和临汾市12345热线受理群众咨询。", {"爱临汾APP", "临汾市12345热线"}, set()),
    ("在局网站设置了甘肃政务服务网链接，方便群众网上办事。", {"甘肃政务服务网"}, set()),
    ("做好云上登封等新媒体的日常维护，及时转发政策解读。", {"云上登封"}, set()),
])
def test_finds_names(nlp, text, platforms, agencies):
    found_agencies, found_platforms = extract_entities(nlp, text, None)
    assert platforms <= _names(found_platforms)
    assert agencies <= _names(found_agencies)


def test_aliases_grouped_with_spans(nlp):
    text = ("通过黄岩区人民政府门户网站发布信息20条。\n另有15条信息在区政府网站“政策解读”栏目发布。\n"
            "“黄岩科技”微信公众号推送12条，微信公众号关注人数300人。")
    _, platforms = extract_entities(nlp, text, None)
    by_name = {p.name: p for p in platforms}
    site = by_name["黄岩区人民政府门户网站"]
    assert len(site.spans) == 2 and all(text[s:e] in ("黄岩区人民政府门户网站", "区政府网站") for s, e in site.spans)
    assert len(by_name["黄岩科技微信公众号"].spans) == 2


def test_table_rows_are_not_searched(nlp):
    agencies, platforms = extract_entities(nlp, "行政许可\t0\t0\t0\n规范性文件\t2\t0\t2", None)
    assert not agencies and not platforms


def test_account_head_variants_are_one_platform_but_sites_stay_apart():
    """X微信公众号 / X微信平台 / X微信 name one account; X政务服务网 and X门户网站 are two sites; one name on two
    kinds (wechat and weibo) is two accounts."""
    from service.core.extractors.entities import group_platforms

    text = ("通过康平科技微信公众号发布信息10条，康平科技微信平台推送5条。"
            "康平县政务服务网办件20件，康平门户网站发布30条。康平发布微信公众号和康平发布微博各推送3条。")
    names = ["康平科技微信公众号", "康平科技微信平台", "康平县政务服务网", "康平门户网站", "康平发布微信公众号", "康平发布微博"]
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    by_name = {p.name: p for p in group_platforms(text, spans)}
    assert set(by_name) == {"康平科技微信公众号", "康平县政务服务网", "康平门户网站", "康平发布微信公众号", "康平发布微博"}
    assert len(by_name["康平科技微信公众号"].spans) == 2


def test_recognise_matches_spacys_own_tokenizer_and_pipe(lean_and_plain_ner):
    """NLP.recognise (jieba words straight into a Doc, one batch) gives the tokens and entities that the model's
    own pipeline gives, for windows with and without whitespace."""
    texts = ["通过澜沧县人民政府门户网站发布信息", "依托“幸福澜沧”微信公众号及澜沧县融媒体中心客户端",
             "县 政务服务中心窗口", "主动公开\t文件12件，澜沧县司法局", "临沧市人民政府网站　政务公开专栏", "网站"]
    nlp = lean_and_plain_ner[0]  # the NER loaded through spaCy (the pipeline's runtime is models/ner.lean.npz)
    got = list(nlp.recognise(texts))
    want = list(nlp.ner.pipe(texts))
    assert [[(t.text, t.whitespace_) for t in d] for d in got] == [[(t.text, t.whitespace_) for t in d] for d in want]
    assert [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in got] == [
        [(e.start_char, e.end_char, e.label_) for e in d.ents] for d in want]
    assert any(d.ents for d in got)  # the comparison is not between two empty answers


def test_ner_multiplies_with_numpy(lean_and_plain_ner):
    """The NER loaded through spaCy runs its matrices on numpy's BLAS (limited to one thread), not thinc's blis."""
    nlp = lean_and_plain_ner[0]
    assert {layer.ops.use_blis for layer in nlp.ner.get_pipe("ner").model.walk()} == {False}


def _trim_reference(text: str, start: int, end: int) -> tuple[int, int]:
    """_trim as first written: every strip word tried in list order, pass after pass."""
    from service.core.extractors.entities import vocab

    v, changed = vocab(), True
    while changed and end > start:
        changed = False
        for w in v["strip_prefix"]:
            if text.startswith(w, start) and end - start > len(w) + 1:
                start, changed = start + len(w), True
        for w in v["strip_suffix"]:
            if text.endswith(w, start, end) and end - start > len(w) + 1:
                end, changed = end - len(w), True
    while end > start and text[start] in "“”\"'《》（(、，":
        start += 1
    while end > start and text[end - 1] in "“\"'《（(、，":
        end -= 1
    return start, end


def test_trim_strips_edge_words_as_the_list_orders_them():
    """The indexed _trim gives the reference's spans on random spans built of strip words and name parts."""
    import random

    from service.core.extractors.entities import _trim, vocab

    v = vocab()
    parts = v["strip_prefix"] + v["strip_suffix"] + ["市", "局", "网站", "“", "，", "充分", "利", "中卫"]
    rng = random.Random(5)
    stripped = 0
    for _ in range(20000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(1, 6)))
        a = rng.randint(0, len(text))
        b = rng.randint(a, len(text))
        assert _trim(text, a, b) == _trim_reference(text, a, b), (text, a, b)
        stripped += _trim(text, a, b) != (a, b)
    assert stripped > 1000
    assert _trim("通过充分利用中卫市局网站上", 0, 13) == (6, 12)


def test_platforms_named_in_full_forms(nlp):
    # written for issue 17: a gazette in book-title marks, an account by its name, a two-character place before a
    # category word
    text = ("本年度在《白沙区人民政府公报》刊登规范性文件6件，“白沙发布”政务新媒体推送信息320条。"
            "办事指南同步在漳坦政务服务网发布，各地政务服务网同步更新。")
    _, platforms = extract_entities(nlp, text)
    kinds = {p.name: p.kind for p in platforms}
    assert kinds.get("白沙区人民政府公报") == "gazette"
    assert "白沙发布" in kinds and "漳坦政务服务网" in kinds
    assert "各地政务服务网" not in kinds


def test_a_platform_before_its_construction_is_named_but_the_heading_is_not(nlp):
    text = "（四）政府信息公开平台建设情况\n持续加强桐川财政信息管理平台建设，优化栏目设置。\n"
    _, platforms = extract_entities(nlp, text)
    assert {p.name for p in platforms} == {"桐川财政信息管理平台"}


def test_rule_spans_skip_only_windows_no_rule_matches():
    """The one-alternation test before the rule scans: where it finds nothing, no rule finds anything; where any
    rule matches it finds something (windows of generated reports and random stretches of them)."""
    import random

    from service.core.extractors.entities import name_sentences, vocab
    from training.generate import generate

    v = vocab()
    rng = random.Random(4)
    pieces = []
    for doc in generate(20, seed=9, prefix="rules"):
        text = doc["text"]
        pieces += [text[s:e] for s, e in name_sentences(text)]
        pieces += [text[a:a + rng.randrange(5, 80)] for a in (rng.randrange(len(text)) for _ in range(60))]
    matched = 0
    for piece in pieces:
        any_match = any(rx.search(piece) for _, rx in v["rules"])
        assert bool(v["any_rule"].search(piece)) == any_match, piece
        matched += any_match
    assert 0 < matched < len(pieces)


def test_head_word_vocabulary_holds_no_break_mark():
    """name_sentences finds head words in one scan of the whole text; that is the scan of each sentence alone only
    while no head word, no word barred after one and no character barred before one is a break mark."""
    from service.core.extractors.entities import vocab
    from service.core.text import SEMICOLONS, STOPS

    v = vocab()
    words = [*v["platform_kinds"], *v["agency_heads"], *v["platform_prefix_kinds"]]
    barred = [w for ws in v["trigger_not_before"].values() for w in ws]
    barred += [c for cs in v["trigger_not_after"].values() for c in cs]
    marks = set(STOPS + SEMICOLONS + "\n")
    assert words and barred
    assert not [w for w in words + barred if marks & set(w)]


def test_name_windows_as_a_scan_of_each_sentence_finds_them():
    """The windows equal those of scanning each narrative sentence on its own (the way they were first cut), on
    random stretches of head words, barred words, break marks, clause marks, quotes and table rows."""
    import bisect
    import random

    from service.core.extractors.entities import (
        _TABLE_LINE, LEFT, PREFIX_RIGHT, RIGHT, _clause_starts, name_sentences, vocab)
    from service.core.text import TextLayer

    def per_sentence(text):
        out, layer, v = [], TextLayer(text), vocab()
        for (l0, l1), (_, line) in zip(layer.line_spans, layer.line_texts):
            if not line.strip() or _TABLE_LINE.search(line):
                continue
            for s0, e0 in layer.pieces(l0, l1, semicolons="；"):
                clauses = _clause_starts(text[s0:e0])
                for t in v["triggers"].finditer(text[s0:e0]):
                    right = PREFIX_RIGHT if t.group() in v["platform_prefix_kinds"] else RIGHT
                    clause = clauses[bisect.bisect_right(clauses, t.start()) - 1]
                    ws, we = s0 + max(clause, t.start() - LEFT), min(e0, s0 + t.end() + right)
                    if out and ws <= out[-1][1] and out[-1][0] >= s0:
                        out[-1] = (out[-1][0], max(we, out[-1][1]))
                    else:
                        out.append((ws, we))
        return out

    v = vocab()
    atoms = [*v["platform_kinds"], *v["agency_heads"], *v["platform_prefix_kinds"], "报告", "网络", "我局", "申报",
             *"。！？!?；;\n\n\t|，,：:、“”《》（()）0123456789 市我本全大申上年的绕", "12 3 4 5 6"]
    rng = random.Random(7)
    found = 0
    for _ in range(3000):
        text = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 50)))
        windows = name_sentences(text)
        assert windows == per_sentence(text), text
        found += bool(windows)
    assert found > 1000


def test_a_run_of_head_words_makes_bounded_windows():
    """20,000 局 in a row made one name window of the whole run, and jieba's HMM is quadratic in it (a report took
    2-4 s). Windows merge up to WINDOW_MAX, then the next starts where the last ended: no gap, no overlap."""
    from service.core.extractors.entities import WINDOW_MAX, name_sentences

    text = "一、总体情况\n本局" + "局" * 20000 + "在 网站发布。"
    windows = name_sentences(text)
    assert max(e - s for s, e in windows) <= WINDOW_MAX
    assert all(a[1] == b[0] for a, b in zip(windows, windows[1:]))
    assert windows[0][0] <= text.index("局") and windows[-1][1] >= text.rindex("局") + 1
