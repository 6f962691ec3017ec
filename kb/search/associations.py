"""Word associations learned from the statute text: which words the articles use together.

`python -m kb train-search` reads the corpus (national statutes, regulations, rules and
judicial interpretations, not local regulations or cases), cuts every distinct article into
words with the index's own analysis, and counts in how many articles each pair of words
occurs together.  A word's associates are the words with the highest normalised pointwise
mutual information (NPMI) with it:

    npmi(a, b) = log(p(a, b) / (p(a) p(b))) / -log p(a, b)

where p is the share of articles holding the word (or both words).  Only words in at least
`MIN_DOCS` articles and in at most `MAX_SHARE` of them count, a pair needs `MIN_PAIR`
articles, and each word keeps its `TOP` associates with npmi ≥ `MIN_NPMI`.  A query then
also looks for a typed word's associates, weakly (`kb.search.terms`): 彩礼 finds 婚约,
宅基地 finds 村民 (examples: the tests).

Counting is exact integer arithmetic over sorted vocabularies, so the table written
(`data/associations.tsv`) is the same bytes on every run over the same corpus.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from kb.search.analysis import DATA_DIR, cut_words, normalise
from laws.corpus import load_documents

ASSOCIATIONS_FILE = DATA_DIR / "associations.tsv"
# The corpus beside the project (README: ../shared/corpus).
DEFAULT_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
# Levels read: national law and what interprets or implements it.
TRAINED_LEVELS = ("宪法", "法律", "行政法规", "司法解释", "部门规章")
MIN_DOCS = 5
MAX_SHARE = 0.02
MIN_PAIR = 3
MIN_NPMI = 0.35
TOP = 5
# An article's rarest words stand for it (long articles would otherwise count most pairs).
MAX_WORDS_PER_ARTICLE = 48
_CHUNK = 4000
HEADER = "# 由 python -m kb train-search 生成（kb/search/associations.py），勿手工修改。词\t关联词:npmi …"


def corpus_articles(corpus: Path) -> Iterator[str]:
    """The text of every distinct article of the national documents under `corpus`."""
    seen: set[str] = set()
    for loaded in load_documents(corpus):
        document = loaded.document
        if document is None or document.level not in TRAINED_LEVELS:
            continue
        for article in document.articles:
            text = article.text
            if text and text not in seen:
                seen.add(text)
                yield text


def _words(text: str, stop: frozenset[str]) -> list[str]:
    return sorted({w for w in cut_words(text)
                   if len(w) >= 2 and w not in stop and not any(c.isdigit() for c in w)})


def train(texts: Iterable[str], stop: frozenset[str] = frozenset(), max_share: float = MAX_SHARE
          ) -> dict[str, list[tuple[str, float]]]:
    """Each word's associates (word, npmi), best first, learned from the texts (words in more
    than `max_share` of them are too common to tell anything)."""
    articles = [_words(t, stop) for t in texts]
    total = len(articles)
    frequency = Counter(w for words in articles for w in words)
    vocabulary = sorted(w for w, n in frequency.items()
                        if MIN_DOCS <= n <= max_share * total)
    if total == 0 or len(vocabulary) < 2:
        return {}
    index = {w: i for i, w in enumerate(vocabulary)}
    docs = np.array([frequency[w] for w in vocabulary], np.int64)
    size = len(vocabulary)
    codes, counts = np.empty(0, np.int64), np.empty(0, np.int64)
    for start in range(0, total, _CHUNK):
        chunk = []
        for words in articles[start:start + _CHUNK]:
            ids = sorted((index[w] for w in words if w in index),
                         key=lambda i: (docs[i], i))[:MAX_WORDS_PER_ARTICLE]
            ids = np.array(sorted(ids), np.int64)
            if len(ids) > 1:
                first, second = np.triu_indices(len(ids), 1)
                chunk.append(ids[first] * size + ids[second])
        if chunk:
            found, found_counts = np.unique(np.concatenate(chunk), return_counts=True)
            codes, counts = _merge(codes, counts, found, found_counts)
    keep = counts >= MIN_PAIR
    codes, counts = codes[keep], counts[keep]
    left, right = codes // size, codes % size
    joint = counts / total
    npmi = np.log(joint / ((docs[left] / total) * (docs[right] / total))) / -np.log(joint)
    strong = npmi >= MIN_NPMI
    table: dict[str, list[tuple[str, float]]] = {}
    for a, b, score in zip(left[strong], right[strong], np.round(npmi[strong], 3)):
        table.setdefault(vocabulary[a], []).append((vocabulary[b], float(score)))
        table.setdefault(vocabulary[b], []).append((vocabulary[a], float(score)))
    return {w: sorted(pairs, key=lambda p: (-p[1], p[0]))[:TOP] for w, pairs in sorted(table.items())}


def _merge(codes, counts, more_codes, more_counts):
    joined = np.concatenate((codes, more_codes))
    weights = np.concatenate((counts, more_counts))
    unique, inverse = np.unique(joined, return_inverse=True)
    return unique, np.bincount(inverse, weights=weights).astype(np.int64)


def dump(table: dict[str, list[tuple[str, float]]]) -> str:
    lines = [HEADER]
    for word, pairs in table.items():
        lines.append(word + "\t" + " ".join(f"{w}:{s:.3f}" for w, s in pairs))
    return "\n".join(lines) + "\n"


def parse(text: str) -> dict[str, tuple[tuple[str, float], ...]]:
    table = {}
    for line in text.splitlines():
        if not line or line.startswith("#") or "\t" not in line:
            continue
        word, pairs = line.split("\t", 1)
        table[normalise(word)] = tuple((w, float(s)) for w, s in
                                       (p.rsplit(":", 1) for p in pairs.split()))
    return table


@lru_cache(maxsize=1)
def associations() -> dict[str, tuple[tuple[str, float], ...]]:
    """The shipped table (empty if it has not been trained)."""
    if not ASSOCIATIONS_FILE.exists():
        return {}
    return parse(ASSOCIATIONS_FILE.read_text(encoding="utf-8"))


def train_file(corpus: Path, target: Path = ASSOCIATIONS_FILE,
               stop: frozenset[str] = frozenset()) -> int:
    """Train on the corpus and write the table; the number of words with associates."""
    table = train(corpus_articles(corpus), stop)
    target.write_text(dump(table), encoding="utf-8")
    return len(table)
