"""The NER's words and their attribute ids without spaCy: what a blank spaCy zh pipeline's vocabulary gives a word.

The tok2vec reads four attributes of each word (NORM, PREFIX, SUFFIX, SHAPE) as spaCy's string ids, and the decoder
reads IS_SPACE. spaCy computes them with plain string functions (`spacy/lang/lex_attrs.py`: the lower-cased word
unless the norm exceptions name it, its first character, its last three, its shape) and stores each string's id:
the id of a reserved symbol (`spacy.symbols.IDS`) when the string is one, else MurmurHash64A of its UTF-8 bytes with
seed 1 (`spacy.strings.hash_string`). `Lexicon` does the same from the symbols and norm exceptions that training
exported beside the model (`training/lean_export.py` checks it against spaCy's vocabulary before writing them);
`words_and_spaces` is spaCy's alignment of a segmenter's words to a text with whitespace.
"""
from __future__ import annotations

MASK = (1 << 64) - 1
_M = 0xC6A4A7935BD1E995
COLUMNS = ("NORM", "PREFIX", "SUFFIX", "SHAPE")  # the attributes Lexicon computes (any order, any subset)


def murmur64a(data: bytes, seed: int = 1) -> int:
    """MurmurHash64A (Austin Appleby's MurmurHash2, 64-bit, for 64-bit platforms), little-endian blocks."""
    n = len(data)
    h = (seed ^ (n * _M)) & MASK
    end = n - n % 8
    for i in range(0, end, 8):
        k = int.from_bytes(data[i:i + 8], "little") * _M & MASK
        k ^= k >> 47
        k = k * _M & MASK
        h = (h ^ k) * _M & MASK
    if n % 8:
        h = (h ^ int.from_bytes(data[end:], "little")) * _M & MASK
    h ^= h >> 47
    h = h * _M & MASK
    return h ^ (h >> 47)


def word_shape(text: str) -> str:
    """spaCy's word shape: X, x, d per character, other characters as they are, runs of a kind cut at four."""
    if len(text) >= 100:
        return "LONG"
    shape, last, seq = [], "", 0
    for char in text:
        if char.isalpha():
            shape_char = "X" if char.isupper() else "x"
        elif char.isdigit():
            shape_char = "d"
        else:
            shape_char = char
        if shape_char == last:
            seq += 1
        else:
            seq, last = 0, shape_char
        if seq < 4:
            shape.append(shape_char)
    return "".join(shape)


class Lexicon:
    """`row(word)`: the word's ids of `columns`, then IS_SPACE (0 or 1), as spaCy's `Doc.to_array` gives them."""

    def __init__(self, columns: list[str], symbols: dict[str, int], norms: dict[str, str]) -> None:
        unknown = set(columns) - set(COLUMNS)
        if unknown:
            raise ValueError(f"attributes the lexicon does not compute: {sorted(unknown)}")
        self.columns = list(columns)
        self.symbols, self.norms = symbols, norms
        self._ids: dict[str, int] = {}  # string → id, kept: prefixes, suffixes and shapes repeat
        getters = {"NORM": self._norm, "PREFIX": lambda w: w[0], "SUFFIX": lambda w: w[-3:], "SHAPE": word_shape}
        self._getters = [getters[c] for c in self.columns]

    def _norm(self, word: str) -> str:
        norm = self.norms.get(word)
        return norm if norm is not None else word.lower()

    def string_id(self, string: str) -> int:
        """spaCy's id of a string: 0 for "", a symbol's own id, else the string's 64-bit hash."""
        found = self._ids.get(string)
        if found is None:
            if not string:
                found = 0
            else:
                found = self.symbols.get(string)
                if found is None:
                    found = murmur64a(string.encode("utf8"))
            if len(self._ids) > 500_000:
                self._ids.clear()
            self._ids[string] = found
        return found

    def row(self, word: str) -> tuple[int, ...]:
        """(ids of the columns…, IS_SPACE) of one non-empty word."""
        return (*(self.string_id(get(word)) for get in self._getters), int(word.isspace()))


def words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]]:
    """spaCy's `util.get_words_and_spaces`: the words aligned to the text, each followed by one space or not, any
    other whitespace as words of its own (the words must be the text's characters, whitespace aside)."""
    if "".join("".join(words).split()) != "".join(text.split()):
        raise ValueError("the words are not the text's")
    out_words: list[str] = []
    spaces: list[bool] = []
    at = 0
    for word in (w for w in words if not w.isspace()):
        start = text.index(word, at) - at
        if start > 0:
            out_words.append(text[at:at + start])
            spaces.append(False)
            at += start
        out_words.append(word)
        spaces.append(False)
        at += len(word)
        if at < len(text) and text[at] == " ":
            spaces[-1] = True
            at += 1
    if at < len(text):
        out_words.append(text[at:])
        spaces.append(False)
    return out_words, spaces
