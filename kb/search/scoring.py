"""BM25F with document priors, summed with numpy over Whoosh's posting lists.

Whoosh's own OR matcher walks a tree of Python matchers, about 5 µs per posting: a question
whose words appear in 20,000 articles takes 100+ ms.  Here each word's postings are read
from Whoosh's segment files block by block into numpy arrays (`kb.search.whoosh_internals`;
kept in an LRU cache) and scored as vectors, so every article containing any query word is
scored exactly, in a few milliseconds, with no approximation.

Per segment (segments never change once written) the field lengths and the priors are
arrays cached by segment id: national law above local regulation, core audit statutes
above the rest, current versions above superseded ones.
"""
from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from kb.models import STATUS_CURRENT
from kb.search import schema as f
from kb.search.documents import STATUTE_GROUP, statute_group
from kb.search.whoosh_internals import decode_postings, segment_field_lengths

K1 = 1.2
B = 0.75
LEVEL_PRIORS = {"宪法": 1.3, "法律": 1.3, "行政法规": 1.15, "司法解释": 1.0,
                "部门规章": 0.95, "地方性法规": 0.75, "其他": 0.75}
CORE_PRIOR = 1.4
SUPERSEDED_PRIOR = 0.8
# The statute stage: the best POOL_FACTOR × limit hits (at least POOL_MIN) are re-weighed by
# how well their statute as a whole answers (its best STATUTE_DEPTH articles, each counting
# STATUTE_DECAY times the one before), raised to STATUTE_POWER: an article of the statute
# that governs the situation rises above one of a statute that merely shares a word.
POOL_FACTOR = 3
POOL_MIN = 300
STATUTE_DEPTH = 3
STATUTE_DECAY = 0.5
STATUTE_POWER = 0.5
_DECAYS = tuple(STATUTE_DECAY ** i for i in range(STATUTE_DEPTH))
# Postings kept decoded (about 8 bytes each): the common words of audit questions.
CACHED_POSTINGS = 4_000_000
# Decoded ahead when a server starts (ScoringCache.preload): half the cache, for the words
# found in most documents; the other half is left to the words the questions bring.
PRELOADED_POSTINGS = CACHED_POSTINGS // 2
PRELOAD_TERMS = 3000   # per field and segment, the most frequent first
# Document frequencies kept (a word's in a field, over one set of segments): a question
# asks for a few hundred, each a look-up in every segment's term table.
CACHED_FREQUENCIES = 200_000


def segment_id(reader) -> str | None:
    """The id of a leaf reader's segment (None for the reader of an empty index)."""
    segment = reader.segment()
    return segment.segment_id() if segment is not None else None


def core_groups(law_ids) -> frozenset[str]:
    """Index groups of the core audit statutes (the prior lifts their documents)."""
    return frozenset(statute_group(i) for i in law_ids)


@dataclass(frozen=True)
class WeightedTerm:
    field: str
    text: str
    boost: float


class SegmentArrays:
    """Lengths per scored field and the prior of every document in one segment."""

    def __init__(self, reader, core_groups: frozenset[str], cache: "ScoringCache"):
        self.id = reader.segment().segment_id()
        self.count = reader.doc_count_all()
        self.lengths = {name: segment_field_lengths(reader, name, self.count)
                        for name in f.SCORED_FIELDS}
        priors = np.ones(self.count, np.float32)
        for level, factor in LEVEL_PRIORS.items():
            priors[cache.postings(reader, f.LEVEL, level)[0]] *= factor
        for status in (s.decode("utf-8") for s in reader.lexicon(f.STATUS)):
            if status != STATUS_CURRENT:
                priors[cache.postings(reader, f.STATUS, status)[0]] *= SUPERSEDED_PRIOR
        for group in core_groups:
            priors[cache.postings(reader, f.GROUP, group)[0]] *= CORE_PRIOR
        self.priors = priors
        # The statute of each document (its law id; -1 for documents of no statute), read
        # once per segment from the group terms, for the statute stage (`governing`).
        self.statutes = np.full(self.count, -1, np.int64)
        for term in reader.lexicon(f.GROUP):
            group = term.decode("utf-8")
            if group.startswith(STATUTE_GROUP):
                self.statutes[decode_postings(reader, f.GROUP, group)[0]] = \
                    int(group[len(STATUTE_GROUP):])


class ScoringCache:
    """Decoded postings (LRU, by count) and per-segment arrays; shared by all searches."""

    def __init__(self, capacity: int = CACHED_POSTINGS):
        self.capacity = capacity
        self.size = 0
        self.entries: OrderedDict[tuple, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self.segments: dict[tuple, SegmentArrays] = {}
        self.frequencies: OrderedDict[tuple, int] = OrderedDict()
        self.denominators: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self.denominator_size = 0
        self.lock = threading.Lock()

    def frequency(self, searcher, segments: tuple, fieldname: str, text: str) -> int:
        """`searcher.doc_frequency`, remembered by segment set (a segment never changes, and
        Whoosh's frequency counts deleted documents too, so deletions leave it as it is)."""
        key = (segments, fieldname, text)
        with self.lock:
            found = self.frequencies.get(key)
        if found is None:
            found = searcher.doc_frequency(fieldname, text)
            with self.lock:
                self.frequencies[key] = found
                if len(self.frequencies) > CACHED_FREQUENCIES:
                    self.frequencies.popitem(last=False)
        return found

    def postings(self, reader, fieldname: str, text: str,
                 segment: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """A term's (document numbers, weights) in one segment (`segment`: its id, if known)."""
        key = (segment or reader.segment().segment_id(), fieldname, text)
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
                return found
        found = decode_postings(reader, fieldname, text)
        with self.lock:
            self.entries[key] = found
            self.size += len(found[0])
            while self.size > self.capacity and len(self.entries) > 1:
                _, (ids, _) = self.entries.popitem(last=False)
                self.size -= len(ids)
        return found

    def preload(self, searcher, budget: int = PRELOADED_POSTINGS) -> int:
        """Decode ahead the postings of the words found in most documents, until `budget`
        postings (shared by the segments); returns how many were decoded.

        Their lists are the longest, so decoding them is most of what a search costs in a
        process that has not met its words yet (a cold search took twice a warm one), and
        most questions use some of them (单位, 规定, 资金, 合同 …).
        """
        decoded = 0
        leaves = [leaf.reader() for leaf, _ in searcher.leaf_searchers()]
        for reader in leaves:
            share, segment = -(-budget // len(leaves)), reader.segment().segment_id()
            ranked = sorted(((frequency, field, text) for field in f.SCORED_FIELDS
                             for frequency, text in reader.most_frequent_terms(field, PRELOAD_TERMS)),
                            reverse=True)
            for _, field, text in ranked:
                if share <= 0:
                    break
                count = len(self.postings(reader, field, text.decode("utf-8"), segment)[0])
                share -= count
                decoded += count
        return decoded

    def term(self, reader, arrays: SegmentArrays, fieldname: str, text: str,
             average: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A term's postings and BM25 denominators (weight + K1 × length norm) in one
        segment; the denominators depend on the field's average length, so they are kept
        by it too (an update changes it)."""
        ids, weights = self.postings(reader, fieldname, text, arrays.id)
        key = (arrays.id, fieldname, text, average)
        with self.lock:
            found = self.denominators.get(key)
            if found is not None:
                self.denominators.move_to_end(key)
                return ids, weights, found
        norm = K1 * ((1 - B) + B * arrays.lengths[fieldname][ids] / average)
        found = weights + norm
        with self.lock:
            self.denominators[key] = found
            self.denominator_size += len(found)
            while self.denominator_size > self.capacity and len(self.denominators) > 1:
                _, dropped = self.denominators.popitem(last=False)
                self.denominator_size -= len(dropped)
        return ids, weights, found

    def segment(self, reader, core_groups: frozenset[str]) -> SegmentArrays:
        key = (reader.segment().segment_id(), core_groups)
        arrays = self.segments.get(key)
        if arrays is None:
            arrays = SegmentArrays(reader, core_groups, self)
            with self.lock:
                if len(self.segments) > 32:
                    self.segments.clear()
                self.segments[key] = arrays
        return arrays


class Scorer:
    """Scores weighted terms over every segment of an open searcher."""

    def __init__(self, searcher, cache: ScoringCache, core_groups: frozenset[str]):
        self.searcher = searcher
        self.cache = cache
        self.core_groups = core_groups
        self.doc_count = searcher.doc_count_all()
        # The segments searched (an empty index has none), for the frequencies' cache.
        self.segments = tuple(segment_id(leaf.reader()) for leaf, _ in searcher.leaf_searchers())

    def frequency(self, fieldname: str, text: str) -> int:
        """How many documents hold the word in the field (deleted ones included, as Whoosh counts)."""
        return self.cache.frequency(self.searcher, self.segments, fieldname, text)

    def _live(self, reader, ids: np.ndarray) -> np.ndarray:
        deleted = reader.deleted_docs_set
        return ids[~np.isin(ids, np.fromiter(deleted, np.int64, len(deleted)))] if deleted else ids

    def mask(self, terms: list[tuple[str, str]]) -> np.ndarray:
        """Documents with any of the (field, text) terms, as a mask over document numbers."""
        mask = np.zeros(self.doc_count, bool)
        for leaf, offset in self.searcher.leaf_searchers():
            reader = leaf.reader()
            for fieldname, text in terms:
                mask[self.cache.postings(reader, fieldname, text)[0] + offset] = True
        return mask

    def lookup(self, terms: list[tuple[str, str]]) -> list[int]:
        """Live documents with all of the (field, text) terms, in document order."""
        found: list[int] = []
        for leaf, offset in self.searcher.leaf_searchers():
            reader = leaf.reader()
            ids = None
            for fieldname, text in terms:
                posted = self.cache.postings(reader, fieldname, text)[0]
                ids = posted if ids is None else np.intersect1d(ids, posted, assume_unique=True)
            if ids is not None:
                found += [int(i) + offset for i in self._live(reader, ids)]
        return found

    def _idf(self, term: WeightedTerm) -> float:
        frequency = self.frequency(term.field, term.text)
        return math.log(self.doc_count / (frequency + 1)) + 1

    def top(self, terms: list[WeightedTerm], limit: int, allow: np.ndarray | None = None,
            governing: bool = False) -> tuple[list[tuple[int, float]], int]:
        """The `limit` best (docnum, score) among allowed documents, and how many matched;
        with `governing`, re-weighed by the statute stage first."""
        terms = [t for t in terms if t.boost > 0]
        stats = [(t, self._idf(t), self.searcher.avg_field_length(t.field) or 1.0) for t in terms]
        pooled: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        matched = 0
        for leaf, offset in self.searcher.leaf_searchers():
            reader = leaf.reader()
            arrays = self.cache.segment(reader, self.core_groups)
            scores = np.zeros(arrays.count, np.float32)
            for term, idf, average in stats:
                ids, weights, denominator = self.cache.term(reader, arrays, term.field,
                                                            term.text, average)
                if len(ids):
                    scores[ids] += term.boost * idf * weights * (K1 + 1) / denominator
            scores *= arrays.priors
            if allow is not None:
                scores[~allow[offset:offset + arrays.count]] = 0
            deleted = reader.deleted_docs_set
            if deleted:
                scores[np.fromiter(deleted, np.int64, len(deleted))] = 0
            matched += int(np.count_nonzero(scores))
            docs = _top(scores, max(limit * POOL_FACTOR, POOL_MIN) if governing else limit)
            pooled.append((scores[docs].astype(np.float64), docs + offset, arrays.statutes[docs]))
        if not pooled:
            return [], matched
        scores, docs, statutes = (np.concatenate(column) for column in zip(*pooled))
        if governing:
            scores = _governing(scores, docs, statutes)
        best = np.lexsort((docs, -scores))[:limit]  # equal scores in document order
        return list(zip(docs[best].tolist(), scores[best].tolist())), matched


def _governing(scores: np.ndarray, docs: np.ndarray, statutes: np.ndarray) -> np.ndarray:
    """Scores re-weighed by their statute's relevance: the decayed sum of its best articles'
    scores, relative to the best statute's (a document of no statute is its own)."""
    if not len(scores):
        return scores
    keys = np.where(statutes >= 0, statutes, -1 - docs)
    order = np.lexsort((-scores, keys))  # by statute, best first
    ordered = keys[order]
    new_group = np.empty(len(order), bool)
    new_group[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new_group[1:])
    starts = np.flatnonzero(new_group)
    group = np.cumsum(new_group) - 1
    rank = np.arange(len(order)) - starts[group]
    weight = np.zeros(len(starts))
    for position, decay in enumerate(_DECAYS):  # summed best first, as the decay falls
        picked = rank == position
        weight[group[picked]] += scores[order[picked]] * decay
    best = float(weight.max()) or 1.0
    factor = np.array([(value / best) ** STATUTE_POWER for value in weight.tolist()])
    of_document = np.empty(len(order), np.int64)
    of_document[order] = group
    return scores * factor[of_document]


def _top(scores: np.ndarray, limit: int) -> np.ndarray:
    """Positions of the `limit` best positive scores (in no particular order)."""
    positive = np.flatnonzero(scores > 0)
    if len(positive) > limit:
        positive = positive[np.argpartition(-scores[positive], limit - 1)[:limit]]
    return positive
