"""jieba's prefix dictionary: read from a stable cache directory, rebuilt when the cache is absent or garbled."""
from __future__ import annotations

import os

import pytest

from service.core.models.nlp import cache_dir, initialise

jieba = pytest.importorskip("jieba")
SENTENCE = "本机关通过门户网站主动公开政府信息"


@pytest.mark.parametrize("env, expected", [
    ({"NIANBAO_CACHE_DIR": "{tmp}/own"}, "own"),
    ({"XDG_CACHE_HOME": "{tmp}/xdg"}, "xdg/nianbao"),
    ({"HOME": "{tmp}/home"}, "home/.cache/nianbao"),
])
def test_cache_dir_setting_follows_the_environment(tmp_path, monkeypatch, env, expected):
    from service.base.settings import Settings

    for key in ("NIANBAO_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value.format(tmp=tmp_path))
    setting = Settings().cache_dir
    assert setting == tmp_path / expected
    assert cache_dir(setting) == setting and setting.is_dir()


def test_unusable_cache_dir_falls_back_to_temp(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert cache_dir(blocker / "sub") != blocker / "sub"
    assert os.access(cache_dir(blocker / "sub"), os.W_OK)


@pytest.fixture(scope="module")
def reference():
    """Words of SENTENCE by a tokenizer jieba initialised itself."""
    return list(jieba.Tokenizer().cut(SENTENCE))


@pytest.mark.parametrize("cache", [None, b"", b"garbage\x00\x01", b"\xfb"])  # absent, empty, garbled, torn
def test_bad_cache_is_rebuilt(tmp_path, reference, cache):
    if cache is not None:
        (tmp_path / "jieba.cache").write_bytes(cache)
    tokenizer = jieba.Tokenizer()
    initialise(tokenizer, tmp_path)
    assert tokenizer.initialized and list(tokenizer.cut(SENTENCE)) == reference
    assert (tmp_path / "jieba.cache").stat().st_size > 1_000_000  # jieba wrote a fresh cache


def test_good_cache_is_read_whole(tmp_path, reference):
    initialise(jieba.Tokenizer(), tmp_path)  # writes the cache
    written = (tmp_path / "jieba.cache").stat().st_mtime_ns
    tokenizer = jieba.Tokenizer()
    initialise(tokenizer, tmp_path)
    assert tokenizer.FREQ and list(tokenizer.cut(SENTENCE)) == reference
    assert (tmp_path / "jieba.cache").stat().st_mtime_ns == written  # read, not rebuilt


def test_jieba_is_imported_without_pkg_resources_and_segments_as_usual(tmp_path):
    """A fresh interpreter with an empty cache: load_jieba leaves pkg_resources unimported (and importable), and
    jieba still builds its prefix dictionary from its own dict.txt, opened through its fallback."""
    import subprocess
    import sys

    code = ("import sys, json; from service.core.models.nlp import load_jieba; j = load_jieba();"
            "words = j.lcut('本机关通过门户网站主动公开政府信息'); hmm = j.lcut('黎明瀚宇出席了会议', HMM=True);"
            "absent = 'pkg_resources' not in sys.modules; import pkg_resources;"
            "print(json.dumps([absent, words, hmm], ensure_ascii=False))")
    env = {**os.environ, "NIANBAO_CACHE_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60, env=env)
    import json

    absent, words, hmm = json.loads(out.stdout.strip().splitlines()[-1])
    assert absent
    assert (tmp_path / "jieba.cache").is_file()  # built from dict.txt in this run
    assert words == jieba.lcut(SENTENCE)
    assert hmm == jieba.lcut("黎明瀚宇出席了会议", HMM=True)


def test_spacy_imported_without_its_command_line_but_cli_still_usable():
    """Workers import spaCy without its CLI package (start-up time); training can still import spacy.cli after."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from service.core.models.nlp import import_spacy\n"
            "spacy = import_spacy()\n"
            "assert 'spacy.cli.download' not in sys.modules, 'the CLI package was imported'\n"
            "assert 'spacy.cli' not in sys.modules\n"
            "nlp = spacy.blank('en')\n"
            "assert [t.text for t in nlp('a b')] == ['a', 'b']\n"
            "import spacy.cli\n"
            "assert callable(spacy.cli.train.train)\n"
            "print('ok')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"


def test_prefix_file_is_written_once_then_mapped_and_read_by_first_character(tmp_path):
    """load_prefixes writes the derived prefix file into an empty cache, maps it on the next start, and reads a
    first character's entries only when asked: every bucket holds exactly jieba's entries for that character."""
    from service.core.models.nlp import load_jieba, load_prefixes

    first = load_prefixes(tmp_path)
    [path] = tmp_path.glob("jieba-prefix-*.bin")
    written = path.stat().st_mtime_ns
    prefixes = load_prefixes(tmp_path)
    assert path.stat().st_mtime_ns == written and not prefixes.loaded  # mapped, nothing read yet
    dt = load_jieba().dt
    assert prefixes.total == first.total == dt.total
    by_char: dict = {}
    for word, freq in dt.FREQ.items():
        by_char.setdefault(word[0], {})[word] = freq
    assert prefixes.bucket("政") == by_char["政"] and set(prefixes.loaded) == {"政"}
    assert all(prefixes.bucket(ch) == entries for ch, entries in by_char.items())
    assert prefixes.bucket("\x00") == {}


@pytest.mark.parametrize("content", [b"", b"garbage", b"nianbao-jieba-prefix/1\n\xff\xff"])
def test_a_torn_prefix_file_is_written_again(tmp_path, content):
    from service.core.models.nlp import load_prefixes

    load_prefixes(tmp_path)
    [path] = tmp_path.glob("jieba-prefix-*.bin")
    good = path.read_bytes()
    path.write_bytes(content)
    assert load_prefixes(tmp_path).bucket("网") and path.read_bytes() == good
