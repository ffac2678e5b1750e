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
