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
# A token is kept if it has a letter, digit or ideograph; punctuation and spaces are not words.
_WORDLIKE = re.compile(r"\w")
# Punctuation and spaces end a clause; jieba never joins words across them, so cutting clause
# by clause gives the same words, and a clause met before (statutes repeat many) is not cut
# again.  ASCII . % - + # & _ stay inside clauses: jieba keeps them within a run (3.5%).
_CLAUSE_END = re.compile(r"[\s，。；：、！？“”‘’（）《》〈〉【】「」…—,;:!?()\[\]<>\"'/]+")

_lock = threading.Lock()
_jieba: jieba.Tokenizer | None = None


def normalise(text: str) -> str:
    """Half-width, lower-case text of the same length as `text`."""
    return text.translate(_FULL_WIDTH).lower()


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


@lru_cache(maxsize=1 << 18)
def _cut_clause(clause: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in tokenizer().cut(clause, HMM=False) if _WORDLIKE.search(w))


def cut_words(text: str) -> list[str]:
    """Words of `text` in order, normalised, without punctuation or spaces."""
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
