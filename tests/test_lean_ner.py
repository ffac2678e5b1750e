"""The spaCy-free NER (models/ner.lean.npz, service/core/models/lean_ner.py, lexicon.py) against spaCy and thinc."""
from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.test_greedy_ner import MORE, seed_windows
from tests.test_tok2vec import WINDOWS

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"


def _spacy(plain, texts):
    return [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in plain.pipe(texts)]


def _random_strings(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    ranges = [(32, 126), (0x4E00, 0x9FFF), (0x3000, 0x303F), (0xFF01, 0xFF5E), (0xC0, 0x24F)]
    return ["".join(chr(rng.randint(*rng.choice(ranges))) for _ in range(rng.randint(1, 40))) for _ in range(n)]


def test_murmur64a_is_spacys_string_hash():
    from spacy.strings import hash_string

    from service.core.models.lexicon import murmur64a

    strings = _random_strings(3000) + ["a", "ab", "abcdefgh", "abcdefghi", "政务公开", "x" * 64]
    assert [murmur64a(s.encode("utf8")) for s in strings] == [hash_string(s) for s in strings]


def test_key_hashing_and_embedding_sums_are_thincs():
    from thinc.api import NumpyOps

    from service.core.models.tok2vec import gather_add, hash_keys

    ops = NumpyOps(use_blis=False)
    rng = np.random.default_rng(0)
    ids = rng.integers(0, 2**64 - 1, size=50_000, dtype=np.uint64, endpoint=True)
    ids[:4] = [0, 1, 2**64 - 1, 2**63]
    for seed in (0, 8, 11, 2**32 - 1):
        assert np.array_equal(hash_keys(ids, seed), ops.hash(ids, seed)), seed
    # one seed per key (the embeddings' keys hashed in one pass): each key as thinc hashes it with its own seed
    seeds = np.array([0, 8, 11, 2**32 - 1])[np.arange(len(ids)) % 4]
    mixed = hash_keys(ids, seeds)
    for k, seed in enumerate((0, 8, 11, 2**32 - 1)):
        assert np.array_equal(mixed[k::4], ops.hash(np.ascontiguousarray(ids[k::4]), seed)), seed
    table = rng.standard_normal((2000, 64)).astype("f")
    keys = hash_keys(ids, 9) % 2000
    assert np.array_equal(gather_add(table, keys), ops.gather_add(table, keys.astype("int32")))


def test_lexicon_rows_are_spacys_attribute_ids(lean_and_plain_ner, lean_file_ner):
    from spacy.attrs import IS_SPACE, intify_attr
    from spacy.tokens import Doc

    from training.lean_export import check_windows

    _, plain = lean_and_plain_ner
    lean = lean_file_ner.lean
    words = sorted({w for t in check_windows(8) + WINDOWS + MORE for w in lean._tokens(t, lean_file_ner.cut)[0]}
                   | set(_random_strings(500, 1)) | {"X", "PUNCT", "NOUN", "。", "——", "'s", "US$", "a" * 120})
    columns = [intify_attr(c) for c in lean.tok2vec.columns] + [IS_SPACE]
    want = Doc(plain.vocab, words=words, spaces=[False] * len(words)).to_array(columns).tolist()
    assert [list(lean.lexicon.row(w)) for w in words] == want
    assert any(r[-1] for r in want)  # spaces are among the words, and so are symbols ("X") and norm exceptions
    assert lean.lexicon.string_id("X") < 1000 and lean.lexicon.norms.get("。") == "."


def test_words_and_spaces_is_spacys_alignment():
    from spacy.util import get_words_and_spaces

    from service.core.models.lexicon import words_and_spaces

    texts = ["县 政务服务中心窗口", "  a  b ", "主动公开\t文件12件\n\n下一行", "网站\u3000政务公开 ", " ", "a b", "甲"]
    for text in texts:
        for words in (list(text), text.split(), [w for w in text.split(" ") if w]):
            assert words_and_spaces(words, text) == get_words_and_spaces(words, text), (text, words)
    with pytest.raises(ValueError):
        words_and_spaces(["甲"], "乙")


def test_lower_layer_is_spacys(lean_and_plain_ner):
    nlp, plain = lean_and_plain_ner
    lower = plain.get_pipe("ner").model.get_ref("lower")
    X = np.random.default_rng(1).standard_normal((37, lower.get_dim("nI"))).astype("f")
    ours = nlp.lean.lower(X)
    theirs = lower.predict(X)
    assert ours.shape == theirs.shape and np.array_equal(ours, theirs)


def test_the_file_runtime_finds_spacys_entities(lean_and_plain_ner, lean_file_ner):
    from training.lean_export import check_windows

    _, plain = lean_and_plain_ner
    texts = WINDOWS + MORE + check_windows(20, seed=3)
    got = lean_file_ner.entities(texts)
    assert got == _spacy(plain, texts)
    assert sum(map(len, got)) >= len(texts) // 2  # names are found: the comparison is not of empty lists
    assert lean_file_ner.entities(["", "。", " "]) == _spacy(plain, ["", "。", " "])


def test_the_file_runtime_on_the_seed_windows(lean_and_plain_ner, lean_file_ner):
    _, plain = lean_and_plain_ner
    for name, windows in seed_windows():
        assert lean_file_ner.entities(windows) == _spacy(plain, windows), name


def test_a_worker_loads_no_spacy():
    """The pipeline as a worker loads it imports neither spaCy nor thinc (nor scikit-learn), and finds names."""
    if not (MODELS / "ner.lean.npz").is_file():
        pytest.skip("models/ner.lean.npz not exported")
    code = ("import sys, json; from service.core.pipeline import Pipeline; p = Pipeline.load();"
            "r = p.run('一、总体情况\\n通过安平市人民政府门户网站和“安平发布”微信公众号发布信息12条。');"
            "print(json.dumps([sorted(m for m in ('spacy', 'thinc', 'sklearn') if m in sys.modules),"
            " [a.name for a in r.platforms]]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded, platforms = json.loads(out.stdout.strip().splitlines()[-1])
    assert loaded == [] and platforms


def test_committed_file_is_what_training_exports(tmp_path):
    """Exporting models/ner again writes the committed models/ner.lean.npz byte for byte (deterministic, fresh)."""
    from training.lean_export import export_ner

    if not (MODELS / "ner" / "config.cfg").is_file():
        pytest.skip("models/ner not trained")
    shutil.copytree(MODELS / "ner", tmp_path / "ner")
    written = export_ner(tmp_path)
    assert written == tmp_path / "ner.lean.npz"
    assert written.read_bytes() == (MODELS / "ner.lean.npz").read_bytes()


def test_a_stale_or_missing_file_falls_back_to_spacy(tmp_path, lean_and_plain_ner):
    from service.core.models import lean_ner
    from service.core.models.nlp import NLP

    if not (MODELS / "ner.lean.npz").is_file():
        pytest.skip("models/ner.lean.npz not exported")
    shutil.copytree(MODELS / "ner", tmp_path / "ner")
    assert NLP.load(tmp_path).spacy is not None  # no file: spaCy
    shutil.copy(MODELS / "ner.lean.npz", tmp_path / "ner.lean.npz")
    assert lean_ner.load(tmp_path) is not None
    meta = tmp_path / "ner" / "meta.json"
    meta.write_text(meta.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # models/ner changed since export
    assert lean_ner.load(tmp_path) is None
    nlp = NLP.load(tmp_path)
    assert nlp.spacy is not None and nlp.lean is not None
    assert nlp.entities(WINDOWS) == _spacy(lean_and_plain_ner[1], WINDOWS)
    (tmp_path / "ner.lean.npz").write_bytes(b"not a zip")
    assert lean_ner.load(tmp_path) is None
