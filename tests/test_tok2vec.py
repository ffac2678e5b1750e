"""The lean tok2vec (service/core/models/tok2vec.py) against the spaCy layers it stands in for."""
from __future__ import annotations

import numpy as np

WINDOWS = ["通过澜沧县人民政府门户网站发布信息", "依托“幸福澜沧”微信公众号及澜沧县融媒体中心客户端", "县 政务服务中心窗口",
           "按照市政务公开办的要求，积极参加市网信办组织的培训", "在局网站设置了甘肃政务服务网链接", "网站", "做好云上登封等新媒体",
           "临沧市人民政府网站　政务公开专栏", "全年通过蒙阴县人民政府门户网站和“蒙阴发布”微信公众号发布信息86条"]


def test_the_pipeline_runs_the_lean_layer(lean_and_plain_ner):
    nlp, plain = lean_and_plain_ner
    assert nlp.ner.get_pipe("ner").model.layers[0].name == "lean_tok2vec"
    assert plain.get_pipe("ner").model.layers[0].name != "lean_tok2vec"


def test_same_vectors_and_entities_as_spacys_layers(lean_and_plain_ner):
    nlp, plain = lean_and_plain_ner
    docs = [nlp._doc(t) for t in WINDOWS]
    lean = nlp.ner.get_pipe("ner").model.layers[0].attrs["lean"]
    theirs = plain.get_pipe("ner").model.layers[0].predict(docs)
    ours = lean(docs)
    assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
    # the rounding of a differently batched product, nothing more (the vectors are of order 1)
    assert np.abs(ours - theirs).max() < 1e-4
    got = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in nlp.recognise(WINDOWS)]
    want = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in plain.pipe(WINDOWS)]
    assert got == want and any(got)


def test_word_cache_restarts_without_changing_vectors(lean_and_plain_ner, monkeypatch):
    from service.core.models import tok2vec

    nlp, _ = lean_and_plain_ner
    lean = nlp.ner.get_pipe("ner").model.layers[0].attrs["lean"]
    docs = [nlp._doc(t) for t in WINDOWS]
    before = lean(docs)
    monkeypatch.setattr(tok2vec, "CACHE_LIMIT", 5)  # a call with words not seen yet now restarts the cache
    lean([nlp._doc("钦州市港口区档案馆")])
    after = lean(docs)
    assert len(lean.index) == len({tuple(r) for d in docs for r in d.to_array(lean.columns).tolist()})
    assert np.abs(after - before).max() < 1e-4
    assert lean(docs[:0]).shape == (0, before.shape[1])


def test_another_architecture_is_left_alone():
    from thinc.api import Linear, chain

    from service.core.models.tok2vec import LeanTok2Vec

    assert LeanTok2Vec.of(chain(Linear(4, 4), Linear(4, 4))) is None


def test_layer_norm_is_numpys_mean_and_var_bit_for_bit():
    """`_layernorm` spells out `X.mean(axis=1)` and `X.var(axis=1)`: every float as thinc's expression gives it."""
    from service.core.models.tok2vec import _layernorm

    rng = np.random.default_rng(3)
    for rows in (1, 2, 7, 64, 131, 1000):
        for scale in (1e-3, 1.0, 40.0):
            X = (rng.standard_normal((rows, 64)) * scale + rng.standard_normal(64)).astype("f")
            G, b = rng.standard_normal(64).astype("f"), rng.standard_normal(64).astype("f")
            mu, var = X.mean(axis=1, keepdims=True), X.var(axis=1, keepdims=True) + 1e-08
            want = (X - mu) * var ** (-1.0 / 2.0) * G
            want += b
            got = _layernorm(X, G, b)
            assert got.dtype == want.dtype == np.float32 and got.shape == want.shape
            assert np.array_equal(got.view(np.uint32), want.view(np.uint32))


def test_the_decoders_word_rows_follow_the_tok2vec_cache(lean_and_plain_ner, monkeypatch):
    """The lean decoder keeps each word's row in the tok2vec's table: when that cache restarts (from the spaCy pipe's
    own calls, or the decoder's limit), the rows are taken again and the entities stay the same."""
    from service.core.models import greedy_ner

    nlp, _ = lean_and_plain_ner
    want = nlp.entities(WINDOWS)
    lean = nlp.lean
    lean.tok2vec.reset()  # as a restart from the pipe's side does
    assert nlp.entities(WINDOWS) == want
    assert all(lean.tok2vec.index.get(tuple(lean.lexicon.row(w)[:-1])) == row for w, (row, _) in lean.words.items())
    monkeypatch.setattr(greedy_ner, "CACHE_LIMIT", 5)  # every call with a new word now restarts both caches
    assert nlp.entities(["钦州市港口区档案馆"]) and nlp.entities(WINDOWS) == want
    assert len(lean.words) == len({w for t in WINDOWS for w in lean._tokens(t, nlp.cut)[0]})
