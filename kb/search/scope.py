"""Filters as document masks: statute, level, branch, kinds, status, date, quoted phrases.

A mask is a boolean array over the searcher's document numbers, built from posting lists
with numpy and cached per index generation (a generation never changes), so the same
filter costs nothing the second time.  Masks stay out of scoring: they only decide.
"""
from __future__ import annotations

import threading

import numpy as np
from whoosh import query as wq

from kb.search.scoring import Scorer


class DocsetCache:
    """Filter masks by (index generation, key); a generation never changes."""

    def __init__(self, size: int = 32):
        self.size = size
        self.masks: dict[tuple, np.ndarray] = {}
        self.lock = threading.Lock()

    def get(self, key: tuple, build) -> np.ndarray:
        mask = self.masks.get(key)
        if mask is None:
            mask = build()
            with self.lock:  # web workers may search in threads
                while len(self.masks) >= self.size:
                    self.masks.pop(next(iter(self.masks)))
                self.masks[key] = mask
        return mask


class Scope:
    """The documents the filters allow, as a boolean mask over document numbers (None: all)."""

    def __init__(self, searcher, scorer: Scorer, docsets: DocsetCache, generation: tuple):
        self.searcher = searcher
        self.scorer = scorer
        self.docsets = docsets
        self.generation = generation
        self.allow: np.ndarray | None = None

    def docs(self, *terms: tuple[str, str]) -> np.ndarray:
        """Documents with any of the terms (cached for the index generation)."""
        return self.docsets.get((self.generation, terms), lambda: self.scorer.mask(list(terms)))

    def other_than(self, term: tuple[str, str]) -> np.ndarray:
        """Documents with any other term of the field (not current: amended, repealed …)."""
        fieldname, text = term

        def build():
            others = [t.decode("utf-8") for t in self.searcher.lexicon(fieldname)]
            return self.scorer.mask([(fieldname, t) for t in others if t != text])
        return self.docsets.get((self.generation, "other than", term), build)

    def phrase_docs(self, query: wq.Query) -> np.ndarray:
        def build():
            mask = np.zeros(self.searcher.doc_count_all(), bool)
            mask[np.fromiter(self.searcher.docs_for_query(query), np.int64)] = True
            return mask
        return self.docsets.get((self.generation, repr(query)), build)

    def require(self, mask: np.ndarray) -> None:
        self.allow = mask if self.allow is None else self.allow & mask

    def exclude(self, mask: np.ndarray) -> None:
        self.require(~mask)

    def narrowed(self, within: np.ndarray | None = None,
                 without: list[int] = ()) -> np.ndarray | None:
        allow = self.allow
        if within is not None:
            allow = within if allow is None else allow & within
        if without:
            allow = np.ones(self.searcher.doc_count_all(), bool) if allow is None else allow.copy()
            allow[list(without)] = False
        return allow

    def first(self, *terms: tuple[str, str], prefer: np.ndarray | None = None) -> int | None:
        """An allowed document having all the terms (for look-ups, not ranking): the first
        one in `prefer` if any is, else the first one."""
        found = [d for d in self.scorer.lookup(list(terms)) if self.allow is None or self.allow[d]]
        preferred = [d for d in found if prefer is not None and prefer[d]]
        return (preferred or found or [None])[0]
