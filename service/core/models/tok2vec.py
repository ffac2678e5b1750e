"""The NER's token vectors computed in a few numpy calls, with the context-free half cached per word.

spaCy's `HashEmbedCNN` tok2vec (the `ner` pipe's `tok2vec >> list2array >> Linear`) runs some forty thinc layers a
batch: about 1.8 ms of the ~30 short name windows of a report, most of it layer plumbing around matrices of a few
hundred rows. `LeanTok2Vec` does the same arithmetic with the same weights (`install(ner_pipe)` puts it in the
pipe's place as one thinc layer; models/ner.lean.npz holds its arrays, so a worker runs it without thinc):

- the embedding (four hash embeddings of NORM, PREFIX, SUFFIX and SHAPE, concatenated, maxout, layer norm) depends on
  the word alone, so its 64-float row is computed once per distinct word (batched, by the same expressions) and kept;
- the encoder (two residual window-CNN blocks with maxout and layer norm) runs on all windows flattened with the same
  zero padding between them that thinc's `with_array(pad=2)` inserts, so each window sees exactly what it saw;
- the projection to the parser's width, as thinc's Linear computes it.

Every expression is the thinc one (`numpy.dot(X, W.T)`, `X.var(axis=1) + 1e-08`, …; the key hashing and the
embedding sums are thinc's `NumpyOps.hash` and `gather_add` redone in numpy, bit for bit); only the row batches of the
embedding's product differ, which is the rounding the pipeline already sees between one document's batch and another's.
A model whose layers are not this architecture is left alone (`install` returns False).
"""
from __future__ import annotations

from typing import Any

import numpy as np

CACHE_LIMIT = 200_000  # distinct words kept (64 float32 each: ~50 MB at the limit); the cache restarts beyond it


def _layers(model, name: str) -> list:
    return [node for node in model.walk(order="dfs_pre") if node.name == name]


def _maxout(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    nO, nP, nI = W.shape
    Y = np.dot(X, W.reshape(nO * nP, nI).T)
    Y += b.reshape(nO * nP)
    Z = Y.reshape(Y.shape[0], nO, nP)
    if nP == 1:
        return Z[:, :, 0]
    best = np.maximum(Z[:, :, 0], Z[:, :, 1])
    for piece in range(2, nP):  # numpy's max over a short last axis is ~10x slower than this
        np.maximum(best, Z[:, :, piece], out=best)
    return best


def _layernorm(X: np.ndarray, G: np.ndarray, b: np.ndarray) -> np.ndarray:
    """thinc's `(X - mu) * (var + 1e-08) ** (-1/2) * G + b`, with numpy's own `X.mean(axis=1)` and
    `X.var(axis=1)` spelled out as `_methods._mean` / `_var` compute them (the same ufuncs on the same arrays: a sum,
    a division by the row length, the squared deviations' sum) but the mean and the deviations computed once."""
    n = np.intp(X.shape[1])
    mu = np.add.reduce(X, axis=1, keepdims=True)
    np.true_divide(mu, n, out=mu, casting="unsafe")
    centred = X - mu
    var = np.add.reduce(np.square(centred), axis=1, keepdims=True)
    np.true_divide(var, n, out=var, casting="unsafe")
    var += 1e-08
    centred *= var ** (-1.0 / 2.0)  # in place, the same products in the same order: (X - mu) * scale * G + b
    centred *= G
    centred += b
    return centred


def _fmix64(h: np.ndarray) -> np.ndarray:
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xFF51AFD7ED558CCD)
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xC4CEB9FE1A85EC53)
    h ^= h >> np.uint64(33)
    return h


def hash_keys(ids: np.ndarray, seed) -> np.ndarray:
    """thinc's `NumpyOps.hash`: each 64-bit key's MurmurHash3 (x86, 128-bit, of its 8 bytes) as four uint32, in
    thinc's own arithmetic (`MurmurHash3_x86_128_uint64`, uint64 products wrapping as in C). `seed`: one seed, or
    one per key (the keys of several embeddings hashed in one pass, each element as alone)."""
    seed = np.asarray(seed, dtype=np.uint64) & np.uint64(0xFFFFFFFF)
    h1 = np.asarray(ids, dtype=np.uint64) * np.uint64(0x87C37B91114253D5)
    h1 = (h1 << np.uint64(31)) | (h1 >> np.uint64(33))
    h1 *= np.uint64(0x4CF5AD432745937F)
    h1 ^= seed
    h1 ^= np.uint64(8)
    h2 = np.zeros_like(h1)
    h2 ^= seed ^ np.uint64(8)
    h1 += h2
    h2 += h1
    h1, h2 = _fmix64(h1), _fmix64(h2)
    h1 += h2
    h2 += h1
    out = np.empty((len(h1), 4), dtype=np.uint32)
    low = np.uint64(0xFFFFFFFF)
    out[:, 0], out[:, 1] = h1 & low, h1 >> np.uint64(32)
    out[:, 2], out[:, 3] = h2 & low, h2 >> np.uint64(32)
    return out


def gather_add(table: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """thinc's `gather_add`: per row, the table rows its keys name, added into zeros one key after another."""
    out = np.zeros((keys.shape[0], table.shape[1]), dtype=table.dtype)
    for k in range(keys.shape[1]):
        out += table[keys[:, k]]
    return out


def _seq2col(X: np.ndarray) -> np.ndarray:
    """[x(i-1), x(i), x(i+1)] per row, zeros past either end (thinc's seq2col, window 1)."""
    cols = np.empty((X.shape[0], 3, X.shape[1]), dtype=X.dtype)
    cols[0, 0] = 0
    cols[1:, 0] = X[:-1]
    cols[:, 1] = X
    cols[:-1, 2] = X[1:]
    cols[-1, 2] = 0
    return cols.reshape(X.shape[0], 3 * X.shape[1])


class LeanTok2Vec:
    """Token vectors for a list of Docs (or of texts' attribute ids), as the NER's own tok2vec chain computes them.

    Built from the thinc layers (`of`) or from the arrays they hold (`from_arrays`, as models/ner.lean.npz keeps
    them): the hashing and the embedding sums are numpy's, so no thinc is needed to predict."""

    def __init__(self, columns, embeds, first, blocks, linear, pad: int) -> None:
        self.columns = list(columns)  # attribute names, in the order the embeddings' `column` numbers read them
        self.embeds = [(E, int(seed), int(column)) for E, seed, column in embeds]  # (table, hash seed, column)
        self.first = tuple(first)  # (maxout W, b, layer norm G, b) of the embedding
        self.blocks = [tuple(b) for b in blocks]  # the same four of each residual window-CNN block
        self.linear = tuple(linear)  # (W, b) of the projection to the parser's width
        self.pad = int(pad)
        self.index: dict[tuple, int] = {}  # a word's attribute ids → its row in `table`
        self.table = np.zeros((0, self.first[0].shape[0]), dtype="f")
        self.generation = 0  # counts the cache's restarts: row numbers of an older generation are void

    @classmethod
    def of(cls, tok2vec) -> LeanTok2Vec | None:
        """The lean twin of `tok2vec >> list2array >> Linear` (HashEmbedCNN, window 1, no static vectors), or None."""
        names = [node.name for node in tok2vec.layers]
        if len(names) != 3 or names[1:] != ["list2array", "linear"]:
            return None
        extract, hashes = _layers(tok2vec, "extract_features"), _layers(tok2vec, "hashembed")
        maxouts, norms = _layers(tok2vec, "maxout"), _layers(tok2vec, "layernorm")
        windows, linear = _layers(tok2vec, "expand_window"), _layers(tok2vec, "linear")
        padded = [n for n in tok2vec.walk() if n.name.startswith("with_array(residual") and "pad" in n.attrs]
        if (len(extract) != 1 or not hashes or len(maxouts) != len(norms) or len(maxouts) != len(windows) + 1
                or any(w.attrs.get("window_size") != 1 for w in windows) or len(padded) != 1
                or padded[0].attrs["pad"] != len(windows) or _layers(tok2vec, "static_vectors")):
            return None
        params = [(m.get_param("W"), m.get_param("b"), n.get_param("G"), n.get_param("b")) for m, n in zip(maxouts, norms)]
        embeds = [(he.get_param("E"), he.attrs["seed"], he.attrs["column"]) for he in hashes]
        return cls(extract[0].attrs["columns"], embeds, params[0], params[1:],
                   (linear[-1].get_param("W"), linear[-1].get_param("b")), padded[0].attrs["pad"])

    def arrays(self) -> dict:
        """Everything it computes with, as named arrays (`from_arrays` builds it again)."""
        out = {"t2v_columns": np.array(self.columns), "t2v_seeds": np.array([s for _, s, _ in self.embeds]),
               "t2v_embed_columns": np.array([c for _, _, c in self.embeds]), "t2v_pad": np.array(self.pad)}
        out.update({f"t2v_E{i}": E for i, (E, _, _) in enumerate(self.embeds)})
        for name, params in [("first", self.first), *((f"block{i}", b) for i, b in enumerate(self.blocks))]:
            out.update({f"t2v_{name}_{k}": a for k, a in zip(("W", "b", "G", "gb"), params)})
        out["t2v_linear_W"], out["t2v_linear_b"] = self.linear
        return out

    @classmethod
    def from_arrays(cls, arrays) -> LeanTok2Vec:
        """From the arrays `arrays()` gave."""
        seeds, columns = arrays["t2v_seeds"].tolist(), arrays["t2v_embed_columns"].tolist()
        embeds = [(arrays[f"t2v_E{i}"], s, c) for i, (s, c) in enumerate(zip(seeds, columns))]
        n_blocks = sum(1 for k in arrays if k.startswith("t2v_block") and k.endswith("_W"))

        def four(name):
            return tuple(arrays[f"t2v_{name}_{k}"] for k in ("W", "b", "G", "gb"))

        return cls(arrays["t2v_columns"].tolist(), embeds, four("first"), [four(f"block{i}") for i in range(n_blocks)],
                   (arrays["t2v_linear_W"], arrays["t2v_linear_b"]), int(arrays["t2v_pad"]))

    def _rows(self, ids: np.ndarray) -> np.ndarray:
        """Row numbers in `table` of tokens given as (n, 4) attribute ids; words not seen yet are embedded first."""
        keys = list(map(tuple, ids.tolist()))
        index = self.index
        missing = [k for k in dict.fromkeys(keys) if k not in index]
        if missing:
            if len(index) + len(missing) > CACHE_LIMIT:
                self.reset()
            index.update(zip(missing, range(len(index), len(index) + len(missing))))
            self.table = np.concatenate([self.table, self._embed(np.asarray(missing, dtype="uint64"))])
        return np.fromiter((index[k] for k in keys), dtype=np.intp, count=len(keys))

    def reset(self) -> None:
        """Forget every word's row (the cache restarts)."""
        self.index.clear()
        self.table = self.table[:0]
        self.generation += 1

    def _embed(self, ids: np.ndarray) -> np.ndarray:
        n = len(ids)
        hashed = hash_keys(np.concatenate([ids[:, column] for _, _, column in self.embeds]),
                           np.repeat(np.array([seed for _, seed, _ in self.embeds], dtype=np.int64), n))
        parts = [gather_add(E, hashed[i * n:(i + 1) * n] % E.shape[0]) for i, (E, _, _) in enumerate(self.embeds)]
        W, b, G, gb = self.first
        return _layernorm(_maxout(np.hstack(parts), W, b), G, gb)

    def __call__(self, docs) -> np.ndarray:
        lengths = [len(doc) for doc in docs]
        if not sum(lengths):
            return self.vectors(np.zeros((0, len(self.columns)), "uint64"), lengths)
        ids = np.concatenate([doc.to_array(self.columns) for doc in docs])
        return self.vectors(ids.astype("uint64").reshape(sum(lengths), -1), lengths)

    def vectors(self, ids: np.ndarray, lengths: list[int]) -> np.ndarray:
        """Token vectors (tokens × width) of texts given as their tokens' attribute ids (tokens × columns, the
        texts one after another) and each text's token count."""
        if not sum(lengths):
            return np.zeros((0, self.linear[0].shape[0]), dtype="f")
        return self.vectors_of_rows(self._rows(ids), lengths)

    def vectors_of_rows(self, rows: np.ndarray, lengths: list[int]) -> np.ndarray:
        """`vectors` of tokens given as their rows in `table` (as `_rows` returned them, this generation)."""
        Wl, bl = self.linear
        lengths = np.asarray(lengths, dtype=np.intp)
        total = int(lengths.sum())
        # thinc's with_array(pad): `pad` zero rows before the first text and after each one
        pad = self.pad
        where = np.arange(total) + np.repeat(pad * np.arange(1, len(lengths) + 1), lengths)
        X = np.zeros((total + pad * (len(lengths) + 1), self.table.shape[1]), dtype="f")
        X[where] = self.table[rows]
        for W, b, G, gb in self.blocks:
            X += _layernorm(_maxout(_seq2col(X), W, b), G, gb)
        Y = np.dot(X[where], Wl.T)
        Y += bl
        return Y


def install(ner_pipe) -> bool:
    """Swap the lean twin in for the `ner` pipe's tok2vec chain (prediction only). False: architecture not matched."""
    from thinc.api import Model

    model = ner_pipe.model
    lean = LeanTok2Vec.of(model.layers[0])
    if lean is None:
        return False
    original = model.layers[0]

    def forward(_layer: Any, docs, is_train: bool):
        if is_train:
            return original(docs, is_train)
        return lean(docs), _no_backprop

    layer = Model("lean_tok2vec", forward, dims={"nO": original.get_dim("nO")}, attrs={"lean": lean})
    model.layers[0] = layer
    return True


def _no_backprop(_d):
    raise NotImplementedError("the lean tok2vec only predicts")
