"""The lean NER decoding (service/core/models/greedy_ner.py) against spaCy's own `ner` pipe."""
from __future__ import annotations

import pytest

from tests.conftest import SHARED
from tests.test_tok2vec import WINDOWS

# a space inside a name window, a full-width space, quotes, an English head word, a lone head word
MORE = ["宁夏 政务服务网发布信息", "通过红寺堡区人民政府网站\u3000政务公开专栏发布", "“红寺堡发布”APP和“红寺堡”抖音号",
        "局", "区委宣传部、区融媒体中心和区网信办联合开展培训", "云上红寺堡客户端"]


def _spacy(plain, texts):
    return [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in plain.pipe(texts)]


def test_the_pipeline_decodes_with_the_lean_decoder(lean_and_plain_ner):
    nlp, plain = lean_and_plain_ner
    assert nlp.lean is not None
    from service.core.models.greedy_ner import LeanNER

    assert LeanNER.of(plain, plain.get_pipe("ner")) is None  # spaCy's own tok2vec: not the architecture it reads


@pytest.mark.parametrize("span", [16, 1])  # 1: every entity longer than one word is scored on the spot
def test_same_entities_as_spacys_pipe(lean_and_plain_ner, monkeypatch, span):
    nlp, plain = lean_and_plain_ner
    monkeypatch.setattr(nlp.lean, "span", span)
    texts = WINDOWS + MORE
    got = nlp.entities(texts)
    assert got == _spacy(plain, texts)
    assert sum(map(len, got)) >= len(texts)  # names are found: the comparison is not of empty lists
    assert nlp.entities([]) == [] and nlp.entities(["", "。"]) == _spacy(plain, ["", "。"])


def seed_windows() -> list[tuple[str, list[str]]]:
    """(file name, its name windows) of each seed report; skips when ../shared is absent."""
    from service.core.extractors.entities import name_sentences
    from service.core.normalise import normalise

    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("../shared is absent")
    out = []
    for path in seeds:
        text = normalise(path.read_text(encoding="utf-8")).text
        out.append((path.name, [text[s:e] for s, e in name_sentences(text)]))
    return out


def test_same_entities_on_the_seed_windows(lean_and_plain_ner):
    nlp, plain = lean_and_plain_ner
    for name, windows in seed_windows():
        assert nlp.entities(windows) == _spacy(plain, windows), name
