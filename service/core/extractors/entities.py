"""Platforms and mentioned agencies: spaCy NER on the sentences likely to hold names, plus gazetteer rules.

Policy when the two overlap: the longer span wins (rules are anchored on head words, the NER finds left edges).
Mentions that name the same thing (市政府网站 / 中卫市人民政府门户网站) are grouped into one entry with all spans.
"""
from __future__ import annotations

import bisect
import re
from difflib import SequenceMatcher
from functools import lru_cache

from service.base.schema import AgencyMention, Platform
from service.base.vocab import VOCAB_DIR, read_yaml
from service.core.extractors.self_names import is_own_platform, self_name_at
from service.core.extractors.soft_breaks import Joined
from service.core.text import layer_of

VOCAB = VOCAB_DIR / "entities.yaml"
# a run of digits is tried from its first digit only, possessively: retrying inside a run is quadratic. Every
# branch starts with a character (\t, |, a digit), so the scan skips the positions no branch can start at
_TABLE_LINE = re.compile(r"\t|\|.*\||\d(?<!\d\d)\d*+\s+(?:\d++\s+){3}")


@lru_cache(maxsize=1)
def vocab() -> dict:
    """entities.yaml with its rule patterns compiled (read once per process)."""
    data = read_yaml(VOCAB)
    heads = sorted(data["platform_kinds"], key=len, reverse=True)
    words = sorted(set(heads + data["agency_heads"] + list(data["platform_prefix_kinds"]) + ["APP", "客户端"]),
                   key=len, reverse=True)
    notes, after = data["trigger_not_before"], data["trigger_not_after"]  # 报告 / 网络 / 格局 / 申报: no name endings
    # every alternative begins with its word's first character (a character barred before the word is tested after
    # it, behind the whole word), so the scan jumps between the positions where a word can start without trying any
    data["triggers"] = re.compile("(?:" + "|".join(
        re.escape(w) + (f"(?<![{re.escape(''.join(after[w]))}]{re.escape(w)})" if w in after else "")
        + (f"(?!{'|'.join(notes[w])})" if w in notes else "") for w in words) + ")")
    data["rules"] = [(label, re.compile(p)) for label, pats in data["patterns"].items() for p in pats
                     if label != "ACCOUNT"]
    # any rule at all: a window where this finds nothing has no match of any rule (an alternation matches at a
    # position when one of its alternatives does), so its ten scans are skipped
    data["any_rule"] = re.compile("|".join(f"(?:{rx.pattern})" for _, rx in data["rules"]) or "(?!)")
    data["account_rules"] = [re.compile(p) for p in data["patterns"].get("ACCOUNT", [])]
    data["heads"] = heads
    data["province_prefixes"] = tuple(data["provinces"])  # for str.startswith
    # each head list's words reversed, as one alternation: its first match in a reversed span is where the span's
    # last head word ends (_fit_head)
    data["last_head"] = {label: re.compile("|".join(re.escape(h[::-1]) for h in words))
                         for label, words in (("PLATFORM", heads), ("AGENCY", data["agency_heads"]))}
    return data


LEFT, RIGHT = 16, 2  # names end at a head word and rarely run longer than LEFT characters before it
PREFIX_RIGHT = 8  # a name that starts with its trigger (云上X) runs on to the right
# Windows around head words in a row merge up to this length, then a new one starts where the last ends: a run of
# head words (局局局…) made one window of the whole run, and jieba's HMM is quadratic in it (20,000: 2 s). Real
# windows are far shorter (71 characters at most on the golden corpus).
WINDOW_MAX = 400
# no name runs across a clause mark outside quotes or brackets (“最威海，是环翠”政务号 does, inside its quotes):
# a window starts after the last such mark before its head word
_CLAUSE_MARKS = "，,：:、"
_OPENERS, _CLOSERS = "“「『《（(", "”」』》）)"
_CLAUSE_OR_BRACKET = re.compile(f"[{_CLAUSE_MARKS}{_OPENERS}{_CLOSERS}]")
_AND = re.compile("[和及、]")
_NOT_IN_NAME = re.compile(r"[\s“”\"'‘’《》「」]")


def _clause_starts(sentence: str) -> list[int]:
    """Offsets where the clauses of a sentence start (0 and after each clause mark outside quotes or brackets)."""
    starts, depth = [0], 0
    for m in _CLAUSE_OR_BRACKET.finditer(sentence):
        ch = m.group()
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0:
            starts.append(m.end())
    return starts


def name_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) windows of narrative sentences around platform/agency head words; table rows are skipped.

    The NER runs on these windows only (training uses the same windows), which keeps it inside the time budget.
    The head words are found in one scan of the whole text: no head word, no break mark after which a head word must
    not stand and no word that must not follow one holds a break mark (。！？!?；, a line end; a test holds the
    vocabulary to that), so each match lies inside one sentence and is the match a scan of that sentence alone finds.
    Only the lines and sentences that hold one are then cut.
    """
    v = vocab()
    trig, prefix_kinds = v["triggers"], v["platform_prefix_kinds"]
    hits = list(trig.finditer(text))
    out: list[tuple[int, int]] = []
    if not hits:
        return out
    layer = layer_of(text)
    starts, n_lines = layer.line_starts, len(layer.line_starts)
    i, n = 0, len(hits)
    while i < n:
        k = bisect.bisect_right(starts, hits[i].start()) - 1
        l0, l1 = starts[k], starts[k + 1] - 1 if k + 1 < n_lines else len(text)
        j = i + 1
        while j < n and hits[j].start() < l1:
            j += 1
        line_hits, i = hits[i:j], j
        if _TABLE_LINE.search(text, l0, l1):
            continue
        h = 0
        for s0, e0 in layer.pieces(l0, l1, semicolons="；"):
            if h == len(line_hits):
                break
            if line_hits[h].start() >= e0:
                continue
            sentence, clauses = text[s0:e0], None
            while h < len(line_hits) and line_hits[h].start() < e0:
                t = line_hits[h]
                h += 1
                t0, t1 = t.start() - s0, t.end() - s0
                right = PREFIX_RIGHT if t.group() in prefix_kinds else RIGHT
                clauses = clauses or _clause_starts(sentence)
                clause = clauses[bisect.bisect_right(clauses, t0) - 1]
                ws, we = s0 + max(clause, t0 - LEFT), min(e0, s0 + t1 + right)
                if out and ws <= out[-1][1] and out[-1][0] >= s0:
                    if we - out[-1][0] <= WINDOW_MAX:
                        out[-1] = (out[-1][0], max(we, out[-1][1]))
                    elif we > out[-1][1]:
                        out.append((out[-1][1], we))
                else:
                    out.append((ws, we))
    return out


def _ner_spans(nlp, text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    if nlp is None or nlp.ner is None or not sentences:
        return []
    out = []
    for (start, _), ents in zip(sentences, nlp.entities([text[s:e] for s, e in sentences])):
        out.extend((start + s, start + e, label) for s, e, label in ents)
    return out


def _rule_spans(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    # named accounts carry no head word, so no window is cut around them: their rules read the whole text
    out = [(m.start(), m.end(), "ACCOUNT") for rx in vocab()["account_rules"] for m in rx.finditer(text)]
    any_rule = vocab()["any_rule"]
    for s, e in sentences:
        chunk = text[s:e]
        if not any_rule.search(chunk):
            continue
        for label, rx in vocab()["rules"]:
            out.extend((s + m.start(), s + m.end(), label) for m in rx.finditer(chunk))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop function words and quotes that a span picked up at its edges."""
    prefixes, suffixes = _edge_words()
    changed = True
    while changed and end > start:
        changed = False
        # one pass over strip_prefix in order, then over strip_suffix: only words that begin (end) with the
        # span's current first (last) character can match, so each pass looks at those alone
        done = 0
        while start < end:
            hit = next((j for j in prefixes.get(text[start], ()) if j[0] >= done and text.startswith(j[1], start)
                        and end - start > len(j[1]) + 1), None)
            if hit is None:
                break
            start, changed, done = start + len(hit[1]), True, hit[0] + 1
        done = 0
        while end > start:
            hit = next((j for j in suffixes.get(text[end - 1], ()) if j[0] >= done and text.endswith(j[1], start, end)
                        and end - start > len(j[1]) + 1), None)
            if hit is None:
                break
            end, changed, done = end - len(hit[1]), True, hit[0] + 1
    while end > start and text[start] in "“”\"'《》（(、，":
        start += 1
    while end > start and text[end - 1] in "“\"'《（(、，":
        end -= 1
    return start, end


@lru_cache(maxsize=1)
def _edge_words() -> tuple[dict[str, list[tuple[int, str]]], dict[str, list[tuple[int, str]]]]:
    """strip_prefix by first character and strip_suffix by last, each word with its place in its list."""
    v = vocab()
    prefixes: dict[str, list[tuple[int, str]]] = {}
    suffixes: dict[str, list[tuple[int, str]]] = {}
    for i, w in enumerate(v["strip_prefix"]):
        prefixes.setdefault(w[0], []).append((i, w))
    for i, w in enumerate(v["strip_suffix"]):
        suffixes.setdefault(w[-1], []).append((i, w))
    return prefixes, suffixes


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping spans: keep the longest (the NER finds left edges, rules find full heads)."""
    kept: list[tuple[int, int, str]] = []
    for s, e, label in sorted(spans, key=lambda x: (x[0] - x[1], x[0])):
        if all(e <= ks or s >= ke for ks, ke, _ in kept):
            kept.append((s, e, label))
    return sorted(kept)


def _fit_head(text: str, start: int, end: int, label: str) -> tuple[int, int] | None:
    """Cut a span back to its last head word (网站, 公众号 …; 局, 办 …); a span without one is no name."""
    v = vocab()
    chunk = text[start:end]
    if label == "PLATFORM" and any(chunk.startswith(p) for p in v["platform_prefix_kinds"]):
        return start, end
    last = v["last_head"]["PLATFORM" if label == "PLATFORM" else "AGENCY"].search(chunk[::-1])
    best = len(chunk) - last.start() if last else 0  # the end of the head word that ends last
    return (start, start + best) if best >= 2 else None


def _split(text: str, start: int, end: int, label: str) -> list[tuple[int, int]]:
    """A span that joins two names with 和/及/、 becomes two spans when both halves end in a head word."""
    for m in _AND.finditer(text[start:end]):
        left, right = (start, start + m.start()), (start + m.end(), end)
        if _fit_head(text, *left, label) == left and _fit_head(text, *right, label) == right:
            return [left, right]
    return [(start, end)]


def find_mentions(nlp, text: str) -> list[tuple[int, int, str]]:
    """All (start, end, label) entity mentions in text, trimmed, cut to head words and de-overlapped."""
    sentences = name_sentences(text)
    spans = []
    for s, e, label in _ner_spans(nlp, text, sentences) + _rule_spans(text, sentences):
        if label == "ACCOUNT":  # a named account: the rule found its whole name, there is no head word to fit
            spans.append((s, e, "PLATFORM"))
            continue
        fitted = _fit_head(text, *_trim(text, s, e), label)
        if fitted:
            spans += [(*_own(text, *_trim(text, a, z), label), label) for a, z in _split(text, *fitted, label)]
    return _merge([(s, e, label) for s, e, label in spans if e - s >= 2])


def _own(text: str, start: int, end: int, label: str) -> tuple[int, int]:
    """A generic platform word right after a self-name (本局门户网站) keeps it: the agency's own platform, named in
    full from the reporting agency later (platform_names.py), never grouped with the government's 政府网站."""
    if label != "PLATFORM":
        return start, end
    word = self_name_at(text, start)
    if word and is_own_platform(word + clean_name(text[start:end])):
        return start - len(word), end
    return start, end


def clean_name(name: str) -> str:
    """A mention as a name: no quotes, brackets or spaces."""
    return _NOT_IN_NAME.sub("", name)


@lru_cache(maxsize=4096)
def kind_of(name: str) -> str:
    """Platform kind from the name's head word (entities.yaml), e.g. 微信公众号 → wechat."""
    v = vocab()
    for prefix, kind in v["platform_prefix_kinds"].items():
        if name.startswith(prefix):
            return kind
    for head in v["heads"]:
        if name.endswith(head):
            return v["platform_kinds"][head]
    return "app" if re.search("APP|App|客户端", name) else "other"


@lru_cache(maxsize=4096)
def _core(name: str) -> str:
    """A name without the words that aliases drop (人民, 门户, 官方, level characters)."""
    return re.sub("人民|门户|官方|[市县区省]", "", name)


# kinds whose head words are variants of one account: X微信公众号, X微信平台 and X微信 are the same account (unlike
# websites, where X政务服务网 and X门户网站 are two)
_ACCOUNT_KINDS = frozenset({"wechat", "weibo", "video", "app", "mini_program"})


@lru_cache(maxsize=4096)
def _stem(name: str) -> str:
    """A name without its head word and the channel words before it (石嘴山科技微信公众号 → 石嘴山科技)."""
    head = next((h for h in vocab()["heads"] if name.endswith(h)), "")
    return re.sub("(?:微信|新浪|腾讯|官方)+$", "", name[:len(name) - len(head)])


def _similar(a: str, b: str) -> bool:
    ca, cb = _core(a), _core(b)
    kind = kind_of(a)
    if kind != kind_of(b):
        return False
    if len(ca) >= 3 and len(cb) >= 3 and (ca in cb or cb in ca):
        return True
    if kind in _ACCOUNT_KINDS and len(_stem(a)) >= 3 and _stem(a) == _stem(b):
        return True
    matcher = SequenceMatcher(None, a, b)  # the quick ratios bound ratio() from above: the same answer, cheaper
    return matcher.real_quick_ratio() >= 0.8 and matcher.quick_ratio() >= 0.8 and matcher.ratio() >= 0.8


def _cluster(names: list[str]) -> list[list[int]]:
    """Indexes of names grouped by containment or close similarity (single link)."""
    groups: list[list[int]] = []
    for i, name in enumerate(names):
        hits = [g for g in groups if any(_similar(name, names[j]) for j in g)]
        merged = [i] + [j for g in hits for j in g]
        groups = [g for g in groups if g not in hits] + [sorted(merged)]
    return groups


def _category(name: str, skip: set[str]) -> bool:
    """True for a category word (政务新媒体) or one with a stray character or two in front (个网络平台)."""
    if name.startswith(vocab()["province_prefixes"]):
        return False
    # the category words the name ends with are its suffixes found in skip
    return len(name) < 3 or any(name[k:] in skip and _stray(name[:k]) for k in range(len(name) + 1))


_NOT_A_PLACE = set("各全本该此其每有相等个级和与及的在")


def _stray(front: str) -> bool:
    """Characters before a category word that name nothing: none, one (个网络平台), or two that hold a quantifier or
    function word (各地政务服务网); two others are a place (漳坦政务服务网)."""
    return len(front) <= 1 or (len(front) == 2 and bool(set(front) & _NOT_A_PLACE))


def _generic_home(name: str, kind: str, specific: list[tuple[str, str]]) -> int | None:
    """Which specific platform a generic mention (政府网站, 微信公众号) stands for, if any."""
    same = [i for i, (n, k) in enumerate(specific) if k == kind]
    if kind == "website":  # the government's 政府网站 is never the agency's own 本局门户网站
        same = [i for i in same if not ("政府" in name and is_own_platform(specific[i][0]))]
        governments = [i for i in same if ("政府" in specific[i][0]) == ("政府" in name)]
        # a government's site (政府网站, 市政府网站) is no other body's: alone, it stands as written or is named from
        # the agency's place (platform_names.py)
        same = governments if "政府" in name else governments or same
    elif kind == "service_hall":  # the 政务服务大厅 is no 便民服务中心 of a town
        same = [i for i in same if specific[i][0].endswith(name)]
    return max(same, key=lambda i: SequenceMatcher(None, name, specific[i][0]).ratio(), default=None)


def group_platforms(text: str, spans: list[tuple[int, int]]) -> list[Platform]:
    """Platforms with all their spans: aliases and generic mentions joined to the platform they name."""
    v = vocab()
    generic, skip = set(v["generic_platforms"]), set(v["not_platforms"])
    named = [(clean_name(text[s:e]), (s, e)) for s, e in spans]
    named = [(n, sp) for n, sp in named if n in generic or is_own_platform(n) or not _category(n, skip)]
    generic |= {n for n, _ in named if n.endswith("专栏")}  # a column belongs to the site it sits on
    specific = [(n, sp) for n, sp in named if n not in generic]
    groups = _cluster([n for n, _ in specific])
    heads = [max((specific[j][0] for j in g), key=len) for g in groups]
    found = [(h, kind_of(h), [specific[j][1] for j in g]) for h, g in zip(heads, groups)]
    for n, sp in [(n, sp) for n, sp in named if n in generic]:
        home = _generic_home(n, kind_of(n), [(h, k) for h, k, _ in found])
        if home is None and n in v["keep_generic"]:
            found.append((n, kind_of(n), []))
            home = len(found) - 1
        if home is not None:
            found[home][2].append(sp)
    return [Platform(name=h, kind=k, spans=sorted(sps)) for h, k, sps in _merge_generic(found)]


def _merge_generic(found: list[tuple[str, str, list]]) -> list[tuple[str, str, list]]:
    """Generic entries that repeat or contain one another (门户网站 / 政府门户网站) become one."""
    out: list[tuple[str, str, list]] = []
    for name, kind, spans in found:
        twin = next((o for o in out if o[1] == kind and (name in o[0] or o[0] in name)), None)
        if twin is None:
            out.append((name, kind, list(spans)))
            continue
        twin[2].extend(spans)
        if len(name) > len(twin[0]):
            out[out.index(twin)] = (name, kind, twin[2])
    return out


def group_agencies(text: str, spans: list[tuple[int, int]]) -> list[AgencyMention]:
    """Agencies by name; the one named in the title line is the reporting agency."""
    first = next((ln for ln in text.split("\n") if ln.strip()), "")
    by_name: dict[str, list] = {}
    for s, e in spans:
        name = clean_name(text[s:e])
        if len(name) >= 3:
            by_name.setdefault(name, []).append((s, e))
    return [AgencyMention(name=n, role="reporting" if n in clean_name(first) else "mentioned", spans=sps)
            for n, sps in by_name.items()]


def extract_entities(nlp, text: str, sections=None) -> tuple[list[AgencyMention], list[Platform]]:
    """Agencies (role mentioned; reporting when it is the title's agency) and platforms with all their spans. Names
    are found in the text with its wrapped line ends joined (soft_breaks), so a name broken over lines is whole."""
    joined = Joined(text)
    mentions = [(*joined.span(s, e), label) for s, e, label in find_mentions(nlp, joined.text)]
    agencies = group_agencies(text, [(s, e) for s, e, label in mentions if label == "AGENCY"])
    platforms = group_platforms(text, [(s, e) for s, e, label in mentions if label == "PLATFORM"])
    return agencies, platforms
