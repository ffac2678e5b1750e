"""jieba's precise-mode segmentation (`Tokenizer.cut(text)`, HMM on), word for word, in one pass per Han block.

jieba builds a dict of every position's word ends (`get_DAG`), then a dict of best routes from a generator of tuples
per position (`calc`), then walks it. `Segmenter.cut` does the same in one backward loop: at each position it walks
the prefix dictionary forward as `get_DAG` does and keeps the best (score, end) as `max` over those tuples would
(same floating-point expressions, in the same order: `log(freq) - logtotal + score of the rest`; ties go to the
longer word, as tuple order gives). The forward walk, the buffering of single characters and the HMM for runs the
dictionary does not know (`jieba.finalseg.cut`) are jieba's own, and so are the block and skip regexes. The NER
cuts each name window with it (service/core/models/greedy_ner.py); tests hold it to `jieba.cut` on every window.
"""
from __future__ import annotations

from math import log


class Segmenter:
    """`cut(text)` = `list(tokenizer.cut(text))` for a jieba Tokenizer (or the jieba module: its default one);
    `total` and the prefix dictionary are read from the tokenizer at each call."""

    def __init__(self, tokenizer) -> None:
        import jieba
        from jieba import finalseg

        tokenizer = getattr(tokenizer, "dt", tokenizer)  # the module's `jieba.cut` is its default Tokenizer's
        tokenizer.check_initialized()
        self.tokenizer = tokenizer
        self._han, self._skip = jieba.re_han_default, jieba.re_skip_default
        self._hmm = finalseg.cut

    def cut(self, sentence: str) -> list[str]:
        """The words of `sentence` as jieba's precise mode with HMM gives them."""
        out: list[str] = []
        han, skip = self._han, self._skip
        for blk in han.split(sentence):
            if not blk:
                continue
            if han.match(blk):
                self._block(blk, out)
            else:
                for x in skip.split(blk):
                    if skip.match(x):
                        out.append(x)
                    else:
                        out.extend(x)
        return out

    def _block(self, sentence: str, out: list[str]) -> None:
        """jieba's `__cut_DAG` of one Han block, appended to out."""
        freq = self.tokenizer.FREQ
        get = freq.get
        logtotal = log(self.tokenizer.total)
        n = len(sentence)
        score = [0.0] * (n + 1)
        end = [0] * n
        for idx in range(n - 1, -1, -1):
            best_s, best_x = 0.0, -1
            i, frag = idx, sentence[idx]
            while True:
                f = get(frag)
                if f is None:  # no word of the dictionary starts with frag
                    break
                if f:
                    s = log(f) - logtotal + score[i + 1]
                    if best_x < 0 or s >= best_s:  # i only grows: an equal score goes to the longer word
                        best_s, best_x = s, i
                i += 1
                if i >= n:
                    break
                frag = sentence[idx:i + 1]
            if best_x < 0:
                best_s, best_x = log(get(sentence[idx]) or 1) - logtotal + score[idx + 1], idx
            score[idx] = best_s
            end[idx] = best_x
        self._walk(sentence, end, out)

    def _walk(self, sentence: str, end: list[int], out: list[str]) -> None:
        get = self.tokenizer.FREQ.get
        x, buf, n = 0, "", len(sentence)
        while x < n:
            y = end[x] + 1
            word = sentence[x:y]
            if y - x == 1:
                buf += word
            else:
                if buf:
                    self._flush(buf, get, out)
                    buf = ""
                out.append(word)
            x = y
        if buf:
            self._flush(buf, get, out)

    def _flush(self, buf: str, get, out: list[str]) -> None:
        """A run of single characters: alone, as characters of a known word, or through the HMM."""
        if len(buf) == 1:
            out.append(buf)
        elif not get(buf):
            out.extend(self._hmm(buf))
        else:
            out.extend(buf)
