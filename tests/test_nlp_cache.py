"""jieba's prefix dictionary: read from a stable cache directory, rebuilt when the cache is absent or garbled."""
from __future__ import annotations

import os

import pytest

from service.nlp import cache_dir, initialise

jieba = pytest.importorskip("jieba")
SENTENCE = "本机关通过门户网站主动公开政府信息"


@pytest.mark.parametrize("env, expected", [
    ({"NIANBAO_CACHE_DIR": "{tmp}/own"}, "{tmp}/own"),
    ({"XDG_CACHE_HOME": "{tmp}/xdg"}, "{tmp}/xdg/nianbao"),
])
def test_cache_dir_follows_the_environment(tmp_path, monkeypatch, env, expected):
    monkeypatch.delenv("NIANBAO_CACHE_DIR", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value.format(tmp=tmp_path))
    assert cache_dir() == tmp_path / expected.format(tmp=tmp_path).removeprefix(f"{tmp_path}/")
    assert cache_dir().is_dir()


def test_unusable_cache_dir_falls_back_to_temp(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(blocker / "sub"))
    assert cache_dir() != blocker / "sub"
    assert os.access(cache_dir(), os.W_OK)


@pytest.fixture(scope="module")
def reference():
    """Words of SENTENCE by a tokenizer jieba initialised itself."""
    return list(jieba.Tokenizer().cut(SENTENCE))


@pytest.mark.parametrize("cache", [None, b"", b"garbage\x00\x01", b"\xfb"])  # absent, empty, garbled, torn
def test_bad_cache_is_rebuilt(tmp_path, monkeypatch, reference, cache):
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(tmp_path))
    if cache is not None:
        (tmp_path / "jieba.cache").write_bytes(cache)
    tokenizer = jieba.Tokenizer()
    initialise(tokenizer)
    assert tokenizer.initialized and list(tokenizer.cut(SENTENCE)) == reference
    assert (tmp_path / "jieba.cache").stat().st_size > 1_000_000  # jieba wrote a fresh cache


def test_good_cache_is_read_whole(tmp_path, monkeypatch, reference):
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(tmp_path))
    initialise(jieba.Tokenizer())  # writes the cache
    written = (tmp_path / "jieba.cache").stat().st_mtime_ns
    tokenizer = jieba.Tokenizer()
    initialise(tokenizer)
    assert tokenizer.FREQ and list(tokenizer.cut(SENTENCE)) == reference
    assert (tmp_path / "jieba.cache").stat().st_mtime_ns == written  # read, not rebuilt
