"""jieba's precise-mode segmentation (`Tokenizer.cut(text)`, HMM on), word for word, in one pass per Han block.

jieba builds a dict of every position's word ends (`get_DAG`), then a dict of best routes from a generator of tuples
per position (`calc`), then walks it. `Segmenter.cut` does the same in one backward loop: at each position it walks
the prefix dictionary forward as `get_DAG` does and keeps the best (score, end) as `max` over those tuples would
(same floating-point expressions, in the same order: `log(freq) - logtotal + score of the rest`; ties go to the
longer word, as tuple order gives). The forward walk, the buffering of single characters and the HMM for runs the
dictionary does not know (`jieba.finalseg.cut`) are jieba's own, and so are the block and skip regexes. The NER
cuts each name window with it (service/core/models/greedy_ner.py); tests hold it to `jieba.cut` on every window.

The dictionary is a jieba Tokenizer's FREQ, or a `PrefixDict` (models/prefix_dict.py: the same entries read one first
character at a time, so a worker need not build the whole dict at start-up). A PrefixDict does not change, so with one
the words of each Han block (and of each HMM run) are kept (`MEMO_LIMIT`): the name windows repeat blocks (about half
of them on a first pass over 465 reports, 70% of the HMM runs), a report's own names most of all.
"""
from __future__ import annotations

from math import log

MEMO_LIMIT = 50_000  # Han blocks (and HMM runs) whose words are kept; the memo restarts beyond it


class Segmenter:
    """`cut(text)` = `list(tokenizer.cut(text))` for a jieba Tokenizer (or the jieba module: its default one);
    `total` and the prefix dictionary are read from the tokenizer at each call. With `prefixes` (a PrefixDict of
    that tokenizer's dictionary) the entries and total are read from it instead, and the tokenizer is not touched."""

    def __init__(self, tokenizer, prefixes=None) -> None:
        import jieba
        from jieba import finalseg

        if prefixes is None:
            tokenizer = getattr(tokenizer, "dt", tokenizer)  # the module's `jieba.cut` is its default Tokenizer's
            tokenizer.check_initialized()
        self.tokenizer, self.prefixes = tokenizer, prefixes
        self._gets = _Gets(prefixes.bucket) if prefixes is not None else None
        self._han, self._skip = jieba.re_han_default, jieba.re_skip_default
        self._hmm = _HMM(finalseg)
        # with a PrefixDict the dictionary is fixed, so a Han block's words (and an HMM run's) are too, as long as
        # jieba's HMM splits the same words: kept per block and per run, dropped when that set grows
        self._memo: dict[str, list[str]] | None = {} if prefixes is not None else None
        self._hmm_memo: dict[str, list[str]] = {}
        self._forced, self._forced_seen = finalseg.Force_Split_Words, len(finalseg.Force_Split_Words)

    def cut(self, sentence: str) -> list[str]:
        """The words of `sentence` as jieba's precise mode with HMM gives them."""
        out: list[str] = []
        han, skip, memo = self._han, self._skip, self._memo
        if memo is not None and len(self._forced) != self._forced_seen:
            memo.clear()
            self._hmm_memo.clear()
            self._forced_seen = len(self._forced)
        for blk in han.split(sentence):
            if not blk:
                continue
            if han.match(blk):
                if memo is None:
                    self._block(blk, out)
                    continue
                words = memo.get(blk)
                if words is None:
                    if len(memo) >= MEMO_LIMIT:
                        memo.clear()
                    at = len(out)
                    self._block(blk, out)
                    memo[blk] = out[at:]
                else:
                    out.extend(words)
            else:
                for x in skip.split(blk):
                    if skip.match(x):
                        out.append(x)
                    else:
                        out.extend(x)
        return out

    def _lookups(self, sentence: str) -> tuple[dict, float]:
        """(first character → the `get` of the entries beginning with it, for the characters of `sentence`;
        log of the total frequency)."""
        if self.prefixes is None:
            get = self.tokenizer.FREQ.get
            return dict.fromkeys(sentence, get), log(self.tokenizer.total)
        return self._gets, log(self.prefixes.total)

    def _block(self, sentence: str, out: list[str]) -> None:
        """jieba's `__cut_DAG` of one Han block, appended to out."""
        gets, logtotal = self._lookups(sentence)
        n = len(sentence)
        score = [0.0] * (n + 1)
        end = [0] * n
        for idx in range(n - 1, -1, -1):
            get = gets[sentence[idx]]
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
        self._walk(sentence, end, gets, out)

    def _walk(self, sentence: str, end: list[int], gets: dict, out: list[str]) -> None:
        x, buf, n = 0, "", len(sentence)
        while x < n:
            y = end[x] + 1
            word = sentence[x:y]
            if y - x == 1:
                buf += word
            else:
                if buf:
                    self._flush(buf, gets, out)
                    buf = ""
                out.append(word)
            x = y
        if buf:
            self._flush(buf, gets, out)

    def _flush(self, buf: str, gets: dict, out: list[str]) -> None:
        """A run of single characters: alone, as characters of a known word, or through the HMM."""
        if len(buf) == 1:
            out.append(buf)
        elif not gets[buf[0]](buf):
            if self._memo is None:
                out.extend(self._hmm(buf))
                return
            memo = self._hmm_memo
            words = memo.get(buf)
            if words is None:
                if len(memo) >= MEMO_LIMIT:
                    memo.clear()
                words = memo[buf] = list(self._hmm(buf))
            out.extend(words)
        else:
            out.extend(buf)


class _Gets(dict):
    """First character → the `get` of its PrefixDict bucket, filled as characters come."""

    def __init__(self, bucket) -> None:
        super().__init__()
        self._bucket = bucket

    def __missing__(self, ch: str):
        get = self[ch] = self._bucket(ch).get
        return get


class _HMM:
    """`jieba.finalseg.cut`, word for word, with its Viterbi keeping back pointers: jieba's copies each state's path
    at every character, quadratic in the run (a run of 20,000 characters the dictionary has no word for took 2 s).
    The best previous state is taken as jieba's `max` over (score, state) tuples takes it, so ties go the same way."""

    def __init__(self, finalseg) -> None:
        self.finalseg = finalseg
        self._han, self._skip = finalseg.re_han, finalseg.re_skip

    def __call__(self, sentence: str):
        force = self.finalseg.Force_Split_Words
        for blk in self._han.split(sentence):
            if self._han.match(blk):
                for word in self._cut(blk):
                    if word not in force:
                        yield word
                    else:
                        yield from word
            else:
                yield from (x for x in self._skip.split(blk) if x)

    def _cut(self, sentence: str):
        pos_list = self._viterbi(sentence)
        begin, nexti = 0, 0
        for i, char in enumerate(sentence):
            pos = pos_list[i]
            if pos == "B":
                begin = i
            elif pos == "E":
                yield sentence[begin:i + 1]
                nexti = i + 1
            elif pos == "S":
                yield char
                nexti = i + 1
        if nexti < len(sentence):
            yield sentence[nexti:]

    def _viterbi(self, obs: str) -> list[str]:
        fs = self.finalseg
        start_p, trans_p, emit_p, prev_status, min_float = fs.start_P, fs.trans_P, fs.emit_P, fs.PrevStatus, fs.MIN_FLOAT
        v = {y: start_p[y] + emit_p[y].get(obs[0], min_float) for y in "BMES"}
        back: list[dict[str, str]] = []
        for t in range(1, len(obs)):
            nv, pointers = {}, {}
            for y in "BMES":
                em_p = emit_p[y].get(obs[t], min_float)
                prob, state = max([(v[y0] + trans_p[y0].get(y, min_float) + em_p, y0) for y0 in prev_status[y]])
                nv[y], pointers[y] = prob, state
            v = nv
            back.append(pointers)
        _, state = max((v[y], y) for y in "ES")
        path = [state]
        for pointers in reversed(back):
            state = pointers[state]
            path.append(state)
        return path[::-1]
