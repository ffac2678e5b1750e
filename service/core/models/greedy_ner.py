"""The NER's greedy BILUO decoding in numpy, every window of a report stepped at once.

spaCy's `ner` pipe decodes in Cython, but in this build its state accessors take the GIL on each call (a third of
the decoding time is mutex traffic), and the pipe then builds Spans and sets `doc.ents`. For the ~30 name windows of
a report that is ~1.3 ms beyond the token vectors. `LeanNER.entities(texts)` gives the same (start, end, label)
character spans from the same numbers:

- token vectors from the lean tok2vec (models/tok2vec.py), the parser's precomputed lower layer (`lower.predict`,
  spaCy's own layer) and its bias;
- at each step, for every unfinished window, the three context tokens spaCy's NER state gives (the buffer's first
  word; when an entity is open, its first word and the word before the buffer), their rows summed in spaCy's order
  (f0 + f1 + f2, then the bias), maxout, and the best valid move (first of equal scores, as `arg_max_if_valid`);
- the moves' validity as spaCy's `BiluoPushDown` rules with no preset entities (fresh Docs have none): B needs a next
  word and a non-space word, I an open entity of its label and a next word, L an open entity of its label, U a
  non-space word, O no open entity, and no entity runs into a word marked as a sentence start.

Words: jieba's, straight from the text when it has no whitespace (as `NLP._doc` makes its Doc); other texts go
through spaCy's tokenizer. Each word's attribute ids come from the vocabulary once and are kept.
`LeanNER.of(pipe)` returns None for any other model (an upper layer, other state features, unseen classes).
"""
from __future__ import annotations

import numpy as np

from service.core.models.tok2vec import CACHE_LIMIT

BEGIN, IN, LAST, UNIT, OUT = range(5)
_KINDS = {"B": BEGIN, "I": IN, "L": LAST, "U": UNIT}


class LeanNER:
    """Entities of texts as (start_char, end_char, label) lists, as the `ner` pipe finds them."""

    span = 16  # open entities up to this many words long have their next move looked up, longer ones scored then

    def __init__(self, nlp, pipe, tok2vec, kinds: np.ndarray, labels: np.ndarray, names: list[str]) -> None:
        self.nlp = nlp  # the spaCy Language: its tokenizer for texts with whitespace, its vocabulary for attributes
        self.tok2vec = tok2vec
        self.lower = pipe.model.get_ref("lower")
        self.bias = self.lower.get_param("b")
        self.kinds, self.labels, self.names = kinds, labels, names
        self.words: dict[str, tuple] = {}  # word → (attribute ids…, is_space)

    @classmethod
    def of(cls, nlp, pipe) -> LeanNER | None:
        """The lean decoder of a loaded `ner` pipe whose tok2vec is the lean one, or None."""
        model = pipe.model
        lean = getattr(model.layers[0], "attrs", {}).get("lean")
        lower = model.get_ref("lower") if model.has_ref("lower") else None
        if (lean is None or lower is None or lower.name != "precomputable_affine" or model.attrs.get("has_upper")
                or model.attrs.get("unseen_classes") or lower.get_dim("nF") != 3
                or type(pipe.moves).__name__ != "BiluoPushDown"):
            return None
        kinds, labels, names = [], [], [""]
        for i in range(pipe.moves.n_moves):
            name = pipe.moves.get_class_name(i)
            if name == "O":
                kinds.append(OUT)
                labels.append(0)
                continue
            kind, _, label = name.partition("-")
            if kind not in _KINDS:
                return None
            kinds.append(_KINDS[kind])
            if label and label not in names:
                names.append(label)
            labels.append(names.index(label) if label else 0)
        if lower.get_dim("nO") != len(kinds):
            return None
        return cls(nlp, pipe, lean, np.array(kinds), np.array(labels), names)

    def _tokens(self, text: str, cut) -> tuple[list[str], list[int], list[int]]:
        """(words, their character starts, sentence-start flags) of one text, as the NER's Doc would hold them."""
        if "".join(text.split()) == text:
            words = [w for w in cut(text) if w]
            starts, at = [], 0
            for w in words:
                starts.append(at)
                at += len(w)
            return words, starts, [0] * len(words)
        from spacy.attrs import SENT_START

        doc = self.nlp.make_doc(text)
        return [t.text for t in doc], [t.idx for t in doc], doc.to_array([SENT_START]).reshape(-1).tolist()

    def _attributes(self, words: list[str]) -> np.ndarray:
        """(tokens × columns + 1): the tok2vec's attribute ids of each word, then its IS_SPACE."""
        from spacy.attrs import IS_SPACE
        from spacy.tokens import Doc

        known = self.words
        missing = [w for w in dict.fromkeys(words) if w not in known]
        if missing:
            if len(known) + len(missing) > CACHE_LIMIT:
                known.clear()
            columns = list(self.tok2vec.columns) + [IS_SPACE]
            rows = Doc(self.nlp.vocab, words=missing, spaces=[False] * len(missing)).to_array(columns)
            known.update(zip(missing, map(tuple, rows.reshape(len(missing), -1).tolist())))
        return np.array([known[w] for w in words], dtype="uint64").reshape(len(words), -1)

    def entities(self, texts: list[str], cut) -> list[list[tuple[int, int, str]]]:
        """Per text, its entities as (start_char, end_char, label); `cut` is the word segmenter (jieba.cut)."""
        tokens = [self._tokens(t, cut) for t in texts]
        words = [w for ws, _, _ in tokens for w in ws]
        lengths = [len(ws) for ws, _, _ in tokens]
        if not words:
            return [[] for _ in texts]
        attrs = self._attributes(words)
        vectors = self.tok2vec.vectors(np.ascontiguousarray(attrs[:, :-1]), lengths)
        spans = self._decode(self.lower.predict(vectors), np.asarray(lengths, dtype=np.intp), attrs[:, -1] != 0,
                             np.array([f for _, _, fs in tokens for f in fs] + [0], dtype=np.int64) == 1)
        out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        for d, start, end, label in spans:
            ws, starts, _ = tokens[d]
            out[d].append((starts[start], starts[end - 1] + len(ws[end - 1]), self.names[label]))
        return out

    def _decode(self, C: np.ndarray, lengths: np.ndarray, space: np.ndarray, sent_start: np.ndarray):
        """Greedy decoding; C is the lower layer's output (1 + tokens, 3, classes, pieces), row 0 its padding.
        Returns (text, first token, end token, label) per entity, in text order.

        A state's scores depend on its buffer word alone when no entity is open, and on (buffer word, entity start)
        when one is; which moves are valid depends on the word (a next word, not a space, no sentence start next)
        and the open entity's label. So the best move of every closed state and of every open state with an entity
        up to `span` words long is taken in a few array operations, and the walk through each text only looks
        them up (a longer open entity is scored on the spot, the same way)."""
        kinds, labels = self.kinds, self.labels
        n_tok = len(space)
        offsets = np.concatenate([[0], np.cumsum(lengths[:-1])])
        doc_of = np.repeat(np.arange(len(lengths)), lengths)
        pos = np.arange(n_tok) - offsets[doc_of]  # each word's place in its text
        has_next = pos + 1 < lengths[doc_of]
        may_go_on = has_next & ~sent_start[1:n_tok + 1]  # B and I need a next word that starts no sentence
        word_ok = ~space
        named = labels != 0
        # closed states: the padding stands for the second and third context tokens
        closed = C[1:, 0] + C[0, 1]
        closed += C[0, 2]
        closed += self.bias
        valid = ((named & (kinds == BEGIN))[None, :] & (may_go_on & word_ok)[:, None]) | (
            (named & (kinds == UNIT))[None, :] & word_ok[:, None]) | (kinds == OUT)[None, :]
        closed_best = np.where(valid, _maxout(closed), -np.inf).argmax(axis=1).tolist()
        # open states: (word, entity start `k` words before it), k = 1 … span
        span = int(min(self.span, max(0, int(lengths.max()) - 1)))
        keep_on = self._open_choices(C, pos, may_go_on, span)
        kinds_l, labels_l = kinds.tolist(), labels.tolist()
        found = []
        for d, (off, n) in enumerate(zip(offsets.tolist(), lengths.tolist())):
            t, start, label, is_open = 0, 0, 0, False
            while t < n:
                tok = off + t
                if not is_open:
                    move = closed_best[tok]
                    kind = kinds_l[move]
                    if kind == BEGIN:
                        is_open, start, label = True, t, labels_l[move]
                    elif kind == UNIT:
                        found.append((d, t, t + 1, labels_l[move]))
                else:
                    k = t - start
                    go_on = (keep_on[tok, k - 1, label] if k <= span
                             else self._open_choices(C, pos, may_go_on, 0, (tok, off + start))[0, 0, label])
                    if not go_on:
                        found.append((d, start, t + 1, label))
                        is_open = False
                t += 1
        return found

    def _open_choices(self, C, pos, may_go_on, span: int, pair: tuple[int, int] | None = None) -> np.ndarray:
        """(tokens × span × labels) booleans: does an open entity of that label, begun k words before this one,
        go on here (I) rather than end here (L)? With `pair` (token, entity start): that one state only."""
        n_tok, n_labels = len(pos), int(self.labels.max()) + 1
        if pair is not None:
            tok, ks = np.array([pair[0]]), np.array([pair[0] - pair[1]])
            out = np.zeros((1, 1, n_labels), dtype=bool)
        else:
            out = np.zeros((n_tok, max(span, 1), n_labels), dtype=bool)
            if not span:
                return out
            k_all = np.arange(1, span + 1)
            tok_grid, k_grid = np.meshgrid(np.arange(n_tok), k_all, indexing="ij")
            ok = k_grid <= pos[:, None]
            tok, ks = tok_grid[ok], k_grid[ok]
        rows = C[tok + 1, 0] + C[tok - ks + 1, 1]  # the entity's first word: token tok - k, row + 1
        rows += C[tok, 2]  # the word before the buffer: token tok - 1, row + 1
        rows += self.bias
        scores = _maxout(rows)
        for label in range(1, n_labels):
            i_move = int(np.flatnonzero((self.kinds == IN) & (self.labels == label))[0])
            l_move = int(np.flatnonzero((self.kinds == LAST) & (self.labels == label))[0])
            s_i, s_l = scores[:, i_move], scores[:, l_move]
            wins = (s_i > s_l) | ((s_i == s_l) & (i_move < l_move))  # arg_max_if_valid: the first of equal scores
            go_on = may_go_on[tok] & wins
            if pair is not None:
                out[0, 0, label] = bool(go_on[0])
            else:
                out[tok, ks - 1, label] = go_on
        return out


def _maxout(rows: np.ndarray) -> np.ndarray:
    best = rows[..., 0]
    for piece in range(1, rows.shape[-1]):
        best = np.maximum(best, rows[..., piece])
    return best
