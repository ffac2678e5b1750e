"""jieba with the domain dictionary and the zh NER (jieba segmenter), loaded once and warmed.

Nothing loads at import time: build one `NLP.load(models_dir)` per process (the Pipeline does) and pass it on.
A worker loads the NER from models/ner.lean.npz (numpy only, models/lean_ner.py) and jieba's dictionary as a
PrefixDict (models/prefix_dict.py); without that file the spaCy pipeline in models/ner is loaded, with jieba's own
tokenizer, as training and the tests that compare against spaCy use it.
"""
from __future__ import annotations

import logging
import marshal
import os
import sys
import tempfile
import types
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from service.base.vocab import VOCAB_DIR
from service.core.models.segment import Segmenter

JIEBA_DICT = VOCAB_DIR / "jieba_dict.txt"
_WARM_UP = "通过安平市人民政府门户网站和“安平发布”微信公众号发布信息12条，参加市政务公开办组织的培训。"


def cache_dir(preferred: Path | None = None) -> Path:
    """A writable directory kept across runs for derived data (jieba's prefix dictionary): `preferred`, else
    settings.cache_dir (NIANBAO_CACHE_DIR, default ~/.cache/nianbao); the temporary directory when not writable."""
    from service.base.settings import get_settings

    chosen = Path(preferred or get_settings().cache_dir)
    try:
        chosen.mkdir(parents=True, exist_ok=True)
        if os.access(chosen, os.W_OK | os.X_OK):
            return chosen
    except OSError:
        pass
    return Path(tempfile.gettempdir())


def import_jieba() -> Any:
    """The jieba module, imported without pkg_resources: jieba's `_compat` imports that deprecated setuptools
    module (a tenth of a second of every worker's start-up) only to open jieba's own package files, and opens them
    with plain `open()` when the import fails."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    absent = "pkg_resources" not in sys.modules
    if absent:
        sys.modules["pkg_resources"] = None  # `import pkg_resources` raises ImportError, during this import only
    try:
        import jieba
    finally:
        if absent and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    return jieba


def import_spacy() -> Any:
    """The spacy module, imported without its command-line package: `spacy/__init__` imports `spacy.cli` (every
    subcommand, typer, the model downloader) only to bind `spacy.info`, a third of spaCy's import time in every
    worker's start-up. A stand-in answers that one import; `spacy.cli` itself stays importable (training uses it),
    and `spacy.info` imports the real command when called."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    stand_in = {"spacy.cli": types.ModuleType("spacy.cli"), "spacy.cli.info": types.ModuleType("spacy.cli.info")}
    stand_in["spacy.cli"].__path__ = []
    stand_in["spacy.cli.info"].info = _spacy_info
    if any(name in sys.modules for name in stand_in):
        import spacy
        return spacy
    sys.modules.update(stand_in)
    try:
        import spacy
    finally:
        for name, module in stand_in.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    return spacy


def _spacy_info(*args, **kwargs):
    from spacy.cli.info import info

    return info(*args, **kwargs)


def load_jieba(cache: Path | None = None) -> Any:
    """The process-wide jieba tokenizer with the domain dictionary (its prefix dictionary cached under cache_dir())."""
    jieba = import_jieba()
    jieba.setLogLevel(logging.WARNING)
    if not getattr(jieba, "_nianbao_dict", False):  # load_userdict mutates jieba's global tokenizer; do it once
        initialise(jieba.dt, cache)
        jieba.load_userdict(str(JIEBA_DICT))
        jieba._nianbao_dict = True
    return jieba


def load_prefixes(cache: Path | None = None) -> Any:
    """jieba's prefix dictionary with the domain words as a PrefixDict (models/prefix_dict.py): its derived file
    under cache_dir(), built from `load_jieba()` the first time on a machine (or in memory where nothing can be
    written). jieba's own tokenizer is left unloaded."""
    from service.core.models import prefix_dict

    jieba = import_jieba()
    jieba.setLogLevel(logging.WARNING)
    directory = cache_dir(cache)
    path = directory / prefix_dict.file_name(Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME, JIEBA_DICT,
                                             jieba.__version__)
    prefixes = prefix_dict.PrefixDict.open(path)
    if prefixes is None:
        from jieba import finalseg

        tokenizer = load_jieba(cache).dt
        force_split = sorted(finalseg.Force_Split_Words)
        try:
            prefix_dict.write(path, tokenizer.FREQ, tokenizer.total, force_split)
            prefixes = prefix_dict.PrefixDict.open(path)
        except OSError as exc:
            logging.getLogger("nianbao").warning("jieba prefix file not written (%s): kept in memory", exc)
        prefixes = prefixes or prefix_dict.PrefixDict.of(tokenizer.FREQ, tokenizer.total, force_split)
    from jieba import finalseg

    for word in prefixes.force_split:  # what load_userdict does to jieba's HMM for a word of frequency 0
        finalseg.add_force_split(word)
    return prefixes


def initialise(tokenizer, directory: Path | None = None) -> None:
    """Load a jieba Tokenizer's default prefix dictionary from its cache file read whole (jieba's own
    `marshal.load` of the open file takes ~0.65 s, `marshal.loads` of its bytes ~0.2 s); jieba builds and caches
    it when the cache is absent or unreadable. The cache lives in cache_dir(directory)."""
    from jieba import DEFAULT_DICT

    tokenizer.tmp_dir = str(cache_dir(directory))
    cache = Path(tokenizer.tmp_dir) / "jieba.cache"  # jieba's name for the cache of its default dictionary
    if not tokenizer.initialized and tokenizer.dictionary == DEFAULT_DICT and cache.is_file():
        try:
            freq, total = marshal.loads(cache.read_bytes())
            if isinstance(freq, dict) and isinstance(total, int) and freq:
                tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
        except (OSError, ValueError, EOFError, TypeError):
            pass  # a torn or foreign cache: jieba rebuilds it below
    tokenizer.initialize()  # no-op once loaded


def blank_zh() -> Any:
    """A blank spaCy zh pipeline whose tokenizer is jieba with the domain dictionary."""
    spacy = import_spacy()

    load_jieba()
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


@dataclass
class NLP:
    """The loaded language tools: `jieba` (the module with the domain dictionary loaded; None when the NER runs
    from the lean file: the segmenter then reads `prefixes`) and `ner` (the recogniser: the lean NER read from
    models/ner.lean.npz, with no spaCy in the process; or a spaCy Language with an 'ner' pipe; or None)."""

    jieba: Any | None
    ner: Any | None
    lean: Any | None = None  # greedy_ner.LeanNER: `ner` itself, or the decoder over the spaCy pipe's own weights
    prefixes: Any | None = None  # prefix_dict.PrefixDict: jieba's dictionary, read one first character at a time

    @classmethod
    def load(cls, models_dir: Path, cache: Path | None = None, spacy: bool = False) -> NLP:
        """Load jieba + the NER from models_dir and warm them: the lean file models_dir/ner.lean.npz when it was
        exported from models_dir/ner, else the spaCy pipeline in models_dir/ner (also with `spacy`); no model at
        all → NER off, rules only."""
        from threadpoolctl import threadpool_limits

        from service.core.models import lean_ner

        # the service gives each document one core; BLAS threads only add hand-off cost to the small NER matrices
        threadpool_limits(1, "blas")
        lean = None if spacy else lean_ner.load(models_dir)
        nlp = (cls(None, lean, lean, load_prefixes(cache)) if lean is not None
               else cls._spacy(load_jieba(cache), Path(models_dir) / "ner"))
        nlp.warm()
        return nlp

    @classmethod
    def _spacy(cls, jb: Any, path: Path) -> NLP:
        """The NER through spaCy: its pipeline loaded, with the lean tok2vec and decoder over its weights."""
        from thinc.api import use_ops

        from service.core.models.greedy_ner import LeanNER
        from service.core.models.tok2vec import install as install_lean_tok2vec

        spacy = import_spacy()
        # thinc multiplies with its bundled blis by default; numpy's BLAS (on one thread) does the NER's matrices
        # about a quarter faster here, with the same entities on every window of the bench texts
        with use_ops("numpy", use_blis=False):
            ner = spacy.load(path) if (path / "config.cfg").exists() else None
            if ner is not None:
                install_lean_tok2vec(ner.get_pipe("ner"))  # the same token vectors in a few numpy calls
        return cls(jb, ner, LeanNER.of(ner, ner.get_pipe("ner")) if ner is not None else None)

    @property
    def spacy(self) -> Any | None:
        """The spaCy Language when the NER was loaded through spaCy, else None."""
        return None if self.ner is None or self.ner is self.lean else self.ner

    def warm(self) -> None:
        """Run once so the first request does not pay for lazy initialisation."""
        self.cut(_WARM_UP)
        if self.spacy is not None:
            self.spacy(_WARM_UP)
        if self.ner is not None:
            self.entities([_WARM_UP])

    @cached_property
    def segmenter(self) -> Segmenter:
        """jieba's precise mode in one pass per block (models/segment.py): the same words as `jieba.cut`."""
        return Segmenter(self.jieba, self.prefixes)

    def cut(self, text: str) -> list[str]:
        """jieba words of text (precise mode)."""
        return self.segmenter.cut(text)

    def recognise(self, texts: list[str]) -> Iterator[Any]:
        """The NER's Docs of `texts`, batched as `Language.pipe` batches them (the parser predicts a quarter of a
        batch at once), each text segmented by jieba as the model's own tokenizer does."""
        if self.spacy is None:
            raise TypeError("recognise needs the NER loaded through spaCy (NLP.load(..., spacy=True))")
        return self.ner.get_pipe("ner").pipe([self._doc(t) for t in texts], batch_size=self.ner.batch_size)

    def entities(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        """Per text, the NER's entities as (start_char, end_char, label): the lean decoder's, else the pipe's."""
        if self.lean is not None:
            return self.lean.entities(texts, self.segmenter.cut)
        return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in self.recognise(texts)]

    def _doc(self, text: str) -> Any:
        """The Doc spaCy's zh tokenizer makes of `text`. A text without whitespace (nearly every name window) takes a
        short cut: its jieba words are the Doc's words, none followed by a space, which is what spaCy's alignment of
        words to text (`get_words_and_spaces`, a Python loop) returns for it; any other text goes through spaCy."""
        if "".join(text.split()) != text:
            return self.ner.make_doc(text)
        from spacy.tokens import Doc

        words = [w for w in self.jieba.cut(text, cut_all=False) if w]
        return Doc(self.ner.vocab, words=words, spaces=[False] * len(words))
