"""The NER's greedy BILUO decoding in numpy, every window of a report stepped at once.

spaCy's `ner` pipe decodes in Cython, but in this build its state accessors take the GIL on each call (a third of
the decoding time is mutex traffic), and the pipe then builds Spans and sets `doc.ents`. For the ~30 name windows of
a report that is ~1.3 ms beyond the token vectors. `LeanNER.entities(texts)` gives the same (start, end, label)
character spans from the same numbers:

- token vectors from the lean tok2vec (models/tok2vec.py), the parser's precomputed lower layer (`lower`: spaCy's
  `PrecomputableAffine` forward, the same product) and its bias;
- at each step, for every unfinished window, the three context tokens spaCy's NER state gives (the buffer's first
  word; when an entity is open, its first word and the word before the buffer), their rows summed in spaCy's order
  (f0 + f1 + f2, then the bias), maxout, and the best valid move (first of equal scores, as `arg_max_if_valid`);
- the moves' validity as spaCy's `BiluoPushDown` rules with no preset entities (fresh Docs have none): B needs a next
  word and a non-space word, I an open entity of its label and a next word, L an open entity of its label, U a
  non-space word, O no open entity, and no entity runs into a word marked as a sentence start (in a fresh
  Doc none is but the first).

Words: jieba's, straight from the text when it has no whitespace (as `NLP._doc` makes its Doc); in other texts
aligned to the text as spaCy's zh tokenizer aligns them (models/lexicon.py `words_and_spaces`). Each word's attribute
ids come from the lexicon (spaCy's string functions and hashes, models/lexicon.py) once; the word then keeps its row
in the tok2vec's embedding cache and its IS_SPACE (taken again when that cache restarts).
`LeanNER.of(nlp, pipe)` builds it over a loaded spaCy pipe and returns None for any other model (an upper layer,
other state features, unseen classes); `from_arrays` builds it from models/ner.lean.npz with no spaCy at all.
"""
from __future__ import annotations

from itertools import accumulate

import numpy as np

from service.core.models.lexicon import words_and_spaces
from service.core.models.tok2vec import CACHE_LIMIT

BEGIN, IN, LAST, UNIT, OUT = range(5)
_KINDS = {"B": BEGIN, "I": IN, "L": LAST, "U": UNIT}


class LeanNER:
    """Entities of texts as (start_char, end_char, label) lists, as the `ner` pipe finds them."""

    span = 16  # open entities up to this many words long have their next move looked up, longer ones scored then

    def __init__(self, tok2vec, lower: tuple, moves: list[str], lexicon) -> None:
        self.tok2vec = tok2vec  # models/tok2vec.LeanTok2Vec
        self.lower_W, self.bias, self.lower_pad = lower  # the parser's precomputable lower layer: W, b, padding
        self.moves = list(moves)
        self.lexicon = lexicon  # models/lexicon.Lexicon: each word's attribute ids
        kinds, labels, names = _moves(self.moves)
        self.kinds, self.labels, self.names = np.array(kinds), np.array(labels), names
        # the moves valid in a closed state, by (has a next word) * 2 + (is not a space): O always; U of a label
        # on a word not a space; B of a label on such a word with a next word
        named, word = self.labels != 0, np.array([False, True, False, True])[:, None]
        self.closed_valid = (((named & (self.kinds == BEGIN)) & word & np.array([False, False, True, True])[:, None])
                             | ((named & (self.kinds == UNIT)) & word) | (self.kinds == OUT))
        # per label number: its I move and its L move (0 for the unnamed label, never open)
        self.i_move, self.l_move = (np.array([0] + [int(np.flatnonzero((self.kinds == kind) & (self.labels == n))[0])
                                                    for n in range(1, len(names))]) for kind in (IN, LAST))
        self.words: dict[str, tuple[int, bool]] = {}  # word → (its row in the tok2vec's table, is_space)
        self._generation = tok2vec.generation  # of the tok2vec's cache the rows in `words` belong to

    @classmethod
    def of(cls, nlp, pipe) -> LeanNER | None:
        """The lean decoder of a loaded `ner` pipe whose tok2vec is the lean one, or None."""
        from service.core.models.lexicon import Lexicon

        model = pipe.model
        lean = getattr(model.layers[0], "attrs", {}).get("lean")
        lower = model.get_ref("lower") if model.has_ref("lower") else None
        if (lean is None or lower is None or lower.name != "precomputable_affine" or model.attrs.get("has_upper")
                or model.attrs.get("unseen_classes") or lower.get_dim("nF") != 3
                or type(pipe.moves).__name__ != "BiluoPushDown"):
            return None
        moves = [pipe.moves.get_class_name(i) for i in range(pipe.moves.n_moves)]
        symbols, norms = spacy_strings(nlp.vocab)
        if (_moves(moves) is None or lower.get_dim("nO") != len(moves) or norms is None
                or set(lean.columns) - {"NORM", "PREFIX", "SUFFIX", "SHAPE"}):
            return None
        return cls(lean, (lower.get_param("W"), lower.get_param("b"), lower.get_param("pad")), moves,
                   Lexicon(lean.columns, symbols, norms))

    def arrays(self) -> dict:
        """Everything it computes with, its tok2vec's included, as named arrays (`from_arrays` builds it again)."""
        lex = self.lexicon
        return {**self.tok2vec.arrays(), "lower_W": self.lower_W, "lower_b": self.bias, "lower_pad": self.lower_pad,
                "moves": np.array(self.moves), "symbols": np.array(list(lex.symbols)),
                "symbol_ids": np.array(list(lex.symbols.values()), dtype=np.uint64),
                "norm_words": np.array(list(lex.norms)), "norms": np.array(list(lex.norms.values()))}

    @classmethod
    def from_arrays(cls, arrays) -> LeanNER:
        """From the arrays `arrays()` gave (no spaCy, no thinc)."""
        from service.core.models.lexicon import Lexicon
        from service.core.models.tok2vec import LeanTok2Vec

        tok2vec = LeanTok2Vec.from_arrays(arrays)
        symbols = dict(zip(arrays["symbols"].tolist(), arrays["symbol_ids"].tolist()))
        norms = dict(zip(arrays["norm_words"].tolist(), arrays["norms"].tolist()))
        return cls(tok2vec, (arrays["lower_W"], arrays["lower_b"], arrays["lower_pad"]), arrays["moves"].tolist(),
                   Lexicon(tok2vec.columns, symbols, norms))

    def _tokens(self, text: str, cut) -> tuple[list[str], list[int]]:
        """(words, their character starts) of one text, as the NER's Doc would hold them: jieba's words, and for a
        text with whitespace spaCy's alignment of them (a word keeps one following space, other runs are words)."""
        words = [w for w in cut(text) if w]
        if "".join(text.split()) == text:
            return words, list(accumulate(map(len, words), initial=0))
        words, spaces = words_and_spaces(words, text)
        starts, at = [], 0
        for w, space in zip(words, spaces):
            starts.append(at)
            at += len(w) + (1 if space else 0)
        return words, starts

    def _rows(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(each word's row in the tok2vec's table, is it a space): words not seen yet get their attribute ids from
        the lexicon and their rows from the tok2vec (embedded there when new), once, and are kept."""
        known, tok2vec = self.words, self.tok2vec
        if self._generation != tok2vec.generation:  # the tok2vec's cache restarted: its row numbers changed
            known.clear()
            self._generation = tok2vec.generation
        missing = [w for w in dict.fromkeys(words) if w not in known]
        if missing:
            if len(known) + len(missing) > CACHE_LIMIT or len(tok2vec.index) + len(missing) > CACHE_LIMIT:
                tok2vec.reset()
                known.clear()
                self._generation = tok2vec.generation
                missing = list(dict.fromkeys(words))
            row = self.lexicon.row
            attrs = [row(w) for w in missing]
            ids = np.array(attrs, dtype="uint64").reshape(len(missing), -1)
            rows = tok2vec._rows(np.ascontiguousarray(ids[:, :-1])).tolist()
            known.update(zip(missing, zip(rows, (a[-1] != 0 for a in attrs))))
        found = [known[w] for w in words]
        return (np.fromiter((r for r, _ in found), dtype=np.intp, count=len(found)),
                np.fromiter((s for _, s in found), dtype=bool, count=len(found)))

    def lower(self, X: np.ndarray) -> np.ndarray:
        """The lower layer's output (1 + tokens, 3, classes, pieces), row 0 its padding: spaCy's
        `PrecomputableAffine` forward, the same product into the same rows."""
        nF, nO, nP, nI = self.lower_W.shape
        Y = np.empty((X.shape[0] + 1, nF * nO * nP), dtype="f")
        np.dot(X, self.lower_W.reshape(nF * nO * nP, nI).T, out=Y[1:])
        Y = Y.reshape(Y.shape[0], nF, nO, nP)
        Y[0] = self.lower_pad[0]
        return Y

    def entities(self, texts: list[str], cut) -> list[list[tuple[int, int, str]]]:
        """Per text, its entities as (start_char, end_char, label); `cut` is the word segmenter (jieba.cut)."""
        tokens = [self._tokens(t, cut) for t in texts]
        words = [w for ws, _ in tokens for w in ws]
        lengths = [len(ws) for ws, _ in tokens]
        if not words:
            return [[] for _ in texts]
        rows, space = self._rows(words)
        vectors = self.tok2vec.vectors_of_rows(rows, lengths)
        spans = self._decode(self.lower(vectors), np.asarray(lengths, dtype=np.intp), space)
        out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        for d, start, end, label in spans:
            ws, starts = tokens[d]
            out[d].append((starts[start], starts[end - 1] + len(ws[end - 1]), self.names[label]))
        return out

    def _decode(self, C: np.ndarray, lengths: np.ndarray, space: np.ndarray):
        """Greedy decoding; C is the lower layer's output (1 + tokens, 3, classes, pieces), row 0 its padding.
        Returns (text, first token, end token, label) per entity, in text order.

        A state's scores depend on its buffer word alone when no entity is open, and on (buffer word, entity start)
        when one is; which moves are valid depends on the word (a next word, not a space)
        and the open entity's label. So the best move of every closed state is taken in a few array operations;
        then, for every word whose closed state would begin an entity (B), whether that entity goes on at each of
        the next `span` words (I) or ends there (L), in one batch of array operations. The walk through each text
        visits only the words whose closed state is not O, and an entity longer than `span` words is scored on the
        spot, the same way."""
        kinds, labels = self.kinds, self.labels
        n_tok = len(space)
        offsets = np.concatenate([[0], np.cumsum(lengths[:-1])])
        doc_of = np.repeat(np.arange(len(lengths)), lengths)
        pos = np.arange(n_tok) - offsets[doc_of]  # each word's place in its text
        room = lengths[doc_of] - pos - 1  # words after this one in its text
        may_go_on = room > 0  # B and I need a next word (in a fresh Doc no word but the first starts a sentence)
        # closed states: the padding stands for the second and third context tokens
        closed = C[1:, 0] + C[0, 1]
        closed += C[0, 2]
        closed += self.bias
        valid = self.closed_valid[may_go_on * 2 + ~space]
        closed_best = np.where(valid, _maxout(closed), -np.inf).argmax(axis=1)
        best_kind = kinds[closed_best]
        # open states (word, entity start) after every word a B would begin an entity at, up to `span` words on
        begins = np.flatnonzero(best_kind == BEGIN)
        ahead = np.minimum(room[begins], self.span)
        first = np.concatenate([[0], np.cumsum(ahead)])  # each begin's pairs: first[i] … first[i + 1]
        start = np.repeat(begins, ahead)
        tok = start + (np.arange(len(start)) - np.repeat(first[:-1], ahead)) + 1
        stops = np.flatnonzero(~self._go_on(C, tok, start, labels[closed_best[start]], may_go_on)).tolist()
        first_l = first.tolist()
        stop_of = {}  # begin token → the token its entity ends at (L), when within `span` words
        at = 0
        for i, b in enumerate(begins.tolist()):
            while at < len(stops) and stops[at] < first_l[i]:
                at += 1
            if at < len(stops) and stops[at] < first_l[i + 1]:
                stop_of[b] = b + 1 + stops[at] - first_l[i]
        found = []
        pos_l, doc_l, labels_l = pos.tolist(), doc_of.tolist(), labels.tolist()
        best_l, kind_l = closed_best.tolist(), best_kind.tolist()
        free = 0  # the first token whose state is closed
        for t in np.flatnonzero(best_kind != OUT).tolist():
            if t < free:
                continue
            label = labels_l[best_l[t]]
            if kind_l[t] == UNIT:
                found.append((doc_l[t], pos_l[t], pos_l[t] + 1, label))
                continue
            end = stop_of.get(t)
            if end is None:  # longer than `span` words: each further word scored on the spot
                end = t + self.span + 1
                while self._go_on(C, np.array([end]), np.array([t]), np.array([label]), may_go_on)[0]:
                    end += 1
            found.append((doc_l[t], pos_l[t], pos_l[end] + 1, label))
            free = end + 1
        return found

    def _go_on(self, C, tok: np.ndarray, start: np.ndarray, label: np.ndarray, may_go_on: np.ndarray) -> np.ndarray:
        """Per (token, entity start, label): does an open entity of that label, begun at that start, go on at this
        token (I) rather than end there (L)?"""
        rows = C[tok + 1, 0] + C[start + 1, 1]  # the buffer word, the entity's first word (row + 1: padding row 0)
        rows += C[tok, 2]  # the word before the buffer: token tok - 1, row + 1
        rows += self.bias
        scores = _maxout(rows)
        at = np.arange(len(tok))
        i_move, l_move = self.i_move[label], self.l_move[label]
        s_i, s_l = scores[at, i_move], scores[at, l_move]
        wins = (s_i > s_l) | ((s_i == s_l) & (i_move < l_move))  # arg_max_if_valid: the first of equal scores
        return may_go_on[tok] & wins


def _maxout(rows: np.ndarray) -> np.ndarray:
    best = rows[..., 0]
    for piece in range(1, rows.shape[-1]):
        best = np.maximum(best, rows[..., piece])
    return best


def _moves(names: list[str]) -> tuple[list[int], list[int], list[str]] | None:
    """(kind of each move, its label's number, the label names with "" first) of BILUO move names, or None."""
    kinds, labels, out = [], [], [""]
    for name in names:
        if name == "O":
            kinds.append(OUT)
            labels.append(0)
            continue
        kind, _, label = name.partition("-")
        if kind not in _KINDS:
            return None
        kinds.append(_KINDS[kind])
        if label and label not in out:
            out.append(label)
        labels.append(out.index(label) if label else 0)
    return kinds, labels, out


def spacy_strings(vocab) -> tuple[dict[str, int], dict[str, str] | None]:
    """What a spaCy vocabulary's string ids and norms rest on: the reserved symbols (string → id) and the norm
    exceptions of its NORM getter (None when the getter is not spaCy's lower-case-unless-listed)."""
    import spacy.util
    from spacy.attrs import NORM
    from spacy.symbols import IDS

    symbols = {s: int(i) for s, i in IDS.items() if isinstance(s, str) and s}
    getter = vocab.lex_attr_getters.get(NORM)
    args = getattr(getter, "args", ())
    if getattr(getter, "func", None) is not spacy.util._get_attr_unless_lookup or len(args) != 2 or (
            getattr(args[0], "__name__", "") != "lower") or not all(isinstance(t, dict) for t in args[1]):
        return symbols, None
    norms: dict[str, str] = {}
    for table in reversed(args[1]):  # the first table naming a word wins
        norms.update(table)
    return symbols, norms
