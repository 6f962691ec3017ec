"""Chinese text analysis for the search index: jieba words by word order, plus sub-words.

Whoosh pickles a field's analyzer into the index, so `JiebaTokenizer` lives here under a
stable import path and holds no state beyond its mode; the jieba dictionary (the stock one
plus `data/userdict.txt`) is loaded once per process, lazily, behind a lock.

Two token streams come from one jieba pass (accurate mode, no HMM, so a text always splits
the same way at indexing and at query time):
- words: positions count words, not characters, so a quoted phrase is a run of adjacent
  positions.  jieba's own search mode emits overlapping words at character offsets, which
  breaks phrase queries; here it is only used for
- sub-words: the shorter dictionary words inside a long word (审计机关 → 审计, 机关), indexed in
  a second field so a query for 采购 still finds 政府采购.
"""
from __future__ import annotations

import logging
import math
import re
import threading
from functools import lru_cache
from pathlib import Path

import jieba
from whoosh.analysis import Token, Tokenizer

DATA_DIR = Path(__file__).resolve().parent / "data"
USER_DICTIONARY = DATA_DIR / "userdict.txt"

# Full-width ASCII (Ａ１＃) and the ideographic space fold to their half-width forms; the
# mapping keeps every character in place, so offsets in normalised text match the original.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = 0x20
# Variant forms folded to the form most statutes use, at indexing and at query time alike
# (every field and every query goes through `normalise`).  Found by counting each form in
# ../shared/corpus (grep -o over the Markdown files, 2026-12): the corpus itself mixes
# 帐 (256) / 账 (2,263: 帐簿 70 beside 账簿 286, 帐户 42 beside 账户 910), 其它 (163) / 其他,
# 签定 (12) / 签订, 撤消 (4) / 撤销, 做出 (809) / 作出 (8,894), 成份 (53) / 成分; and people
# type 账薄/帐薄 for 账簿 and 栓绳 for 拴绳 (0 in the corpus, seen in bench/plain_eval.json).
# Pairs with a meaning of their own are left alone: 象/像 (对象, 现象), 截止/截至, 订金/定金,
# 薄 alone (薄弱).  Every replacement has the length of what it replaces, so offsets in
# normalised text still match the original (snippets rely on it).
_VARIANT_CHARS = {ord("帐"): "账"}
VARIANT_WORDS = (("账薄", "账簿"), ("其它", "其他"), ("签定", "签订"), ("撤消", "撤销"),
                 ("做出", "作出"), ("成份", "成分"), ("栓绳", "拴绳"))
_FOLD = {**_FULL_WIDTH, **_VARIANT_CHARS}
_VARIANT_RUN = re.compile("|".join(a for a, _ in VARIANT_WORDS))
_VARIANT_MAP = dict(VARIANT_WORDS)
# A token is kept if it has a letter, digit or ideograph; punctuation and spaces are not words.
_WORDLIKE = re.compile(r"\w")
# Punctuation and spaces end a clause; jieba never joins words across them, so cutting clause
# by clause gives the same words, and a clause met before (statutes repeat many) is not cut
# again.  ASCII . % - + # & _ stay inside clauses: jieba keeps them within a run (3.5%).
_CLAUSE_END = re.compile(r"[\s，。；：、！？“”‘’（）《》〈〉【】「」…—,;:!?()\[\]<>\"'/]+")

# Function words so frequent that indexing them costs a seventh of all postings, and that no
# query ever searches for (they are query stopwords too).  Dropped before positions are
# counted, at indexing and in quoted phrases alike, so 招标的项目 still matches 招标项目's
# phrase query and the other way round.
INDEX_STOPWORDS = frozenset("的 和 或者 应当 规定 对 等 在 有关 由 并 本 其他 按照 可以 与 其 "
                            "为 将 及 以及 根据 依照 向 之 了 是".split())

# jieba's own patterns: runs it segments, whitespace it keeps, letters/digits it joins.
_HAN = jieba.re_han_default
_SKIP = jieba.re_skip_default
_ENGLISH = jieba.re_eng
_LOGS: dict[str, float] = {}
_LOG_TOTAL: dict[int, float] = {}

_lock = threading.Lock()
_jieba: jieba.Tokenizer | None = None


def normalise(text: str) -> str:
    """Half-width, lower-case text with variant forms folded, of the same length as `text`."""
    text = text.translate(_FOLD).lower()
    return _VARIANT_RUN.sub(_variant, text)


def _variant(match: re.Match) -> str:
    return _VARIANT_MAP[match.group(0)]


def _load() -> jieba.Tokenizer:
    global _jieba
    with _lock:
        if _jieba is None:
            logging.getLogger("jieba").setLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            for line in USER_DICTIONARY.read_text(encoding="utf-8").splitlines():
                word = line.split("#", 1)[0].strip()
                if word:
                    tokenizer.add_word(normalise(word))
            _jieba = tokenizer
    return _jieba


def tokenizer() -> jieba.Tokenizer:
    """The process's jieba tokenizer with the user dictionary (loaded on first use)."""
    return _jieba or _load()


def _segment(block: str, freq: dict, logs: dict, logtotal: float) -> list[str]:
    """jieba's accurate mode without HMM (`Tokenizer.__cut_DAG_NO_HMM`) on a run of Chinese,
    letters and digits: the same dictionary DAG and the same best route, ties included, in one
    backward pass with cached logarithms (jieba builds dicts and generators per character,
    two fifths of a whole-corpus build)."""
    n = len(block)
    score = [0.0] * (n + 1)
    end = [0] * (n + 1)
    for start in range(n - 1, -1, -1):
        best = None
        i, fragment = start, block[start]
        while i < n and fragment in freq:
            if freq[fragment]:
                value = logs.get(fragment)
                if value is None:
                    value = logs[fragment] = math.log(freq[fragment])
                candidate = (value - logtotal + score[i + 1], i)
                if best is None or candidate > best:
                    best = candidate
            i += 1
            fragment = block[start:i + 1]
        if best is None:  # no dictionary word starts here: the character alone
            best = (0.0 - logtotal + score[start + 1], start)
        score[start], end[start] = best
    words, buffer, x = [], "", 0
    while x < n:
        y = end[x] + 1
        word = block[x:y]
        if len(word) == 1 and _ENGLISH.match(word):
            buffer += word  # single letters and digits are joined, as jieba does
        else:
            if buffer:
                words.append(buffer)
                buffer = ""
            words.append(word)
        x = y
    if buffer:
        words.append(buffer)
    return words


def _jieba_cut(text: str) -> list[str]:
    """`jieba.Tokenizer.cut(text, HMM=False)` with our tokenizer, segmenting via `_segment`."""
    jb = tokenizer()
    logtotal = _LOG_TOTAL.get(id(jb)) or _LOG_TOTAL.setdefault(id(jb), math.log(jb.total))
    words: list[str] = []
    for block in _HAN.split(text):
        if not block:
            continue
        if _HAN.match(block):
            words += _segment(block, jb.FREQ, _LOGS, logtotal)
        else:
            for piece in _SKIP.split(block):
                words += [piece] if _SKIP.match(piece) else list(piece)
    return words


@lru_cache(maxsize=1 << 18)
def _cut_clause(clause: str) -> tuple[str, ...]:
    words = (w.strip() for w in _jieba_cut(clause))
    return tuple(w for w in words if _WORDLIKE.search(w) and w not in INDEX_STOPWORDS)


def cut_words(text: str) -> list[str]:
    """Words of `text` in order, normalised, without punctuation, spaces or `INDEX_STOPWORDS`."""
    words: list[str] = []
    for clause in _CLAUSE_END.split(normalise(text)):
        if clause:
            words.extend(_cut_clause(clause))
    return words


def sub_words(words: list[str]) -> list[str]:
    """Dictionary words of two or three characters inside each longer word (jieba's search mode),
    leaving out those the text also has as words of their own (the words field has them)."""
    freq = tokenizer().FREQ
    whole = set(words)
    out = []
    for word in words:
        n = len(word)
        if n <= 2:
            continue
        for size in (2, 3):
            if n <= size:
                break
            for i in range(n - size + 1):
                gram = word[i:i + size]
                if freq.get(gram) and gram not in whole:
                    out.append(gram)
    return out


class JiebaTokenizer(Tokenizer):
    """Whoosh tokenizer over `cut_words` (or `sub_words` with ``sub=True``).

    The indexer hands Whoosh ready-made word lists, so this runs only when someone gives a
    field a plain string; it must then produce exactly what the indexer would.
    """

    def __init__(self, sub: bool = False):
        self.sub = sub

    def __eq__(self, other):
        return isinstance(other, JiebaTokenizer) and other.sub == self.sub

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, mode="", **kwargs):
        words = cut_words(value)
        if self.sub:
            words = sub_words(words)
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, word in enumerate(words, start_pos):
            token.text = word
            token.boost = 1.0
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = pos
            yield token
