"""Stored fields of the documents searches re-rank and show, kept between searches.

Reading a document's stored fields costs a column read, a zlib inflate and an unpickle, and
every search reads forty of them (the re-ranked head) and folds their text for matching;
the same articles come back for many questions (审计法's, 预算法's).  Documents are kept by
(segment id, document number in the segment): a segment never changes once written, and a
deleted document is never a hit, so nothing kept can go stale when the index is updated or
rebuilt.  The cache holds at most `capacity` documents, least recently used dropped first.
"""
from __future__ import annotations

import threading
from bisect import bisect_right
from collections import OrderedDict

from kb.search import schema as f
from kb.search.analysis import normalise
from kb.search.scoring import segment_id

# Documents kept (an article's stored fields and folded texts, a few kilobytes).
CACHED_DOCUMENTS = 6_000


class StoredDocument:
    """A document's stored fields (shared: never change them) and its folded texts."""
    __slots__ = ("fields", "_texts")

    def __init__(self, fields: dict):
        self.fields = fields
        self._texts: tuple[str, str, str] | None = None

    def texts(self) -> tuple[str, str, str]:
        """Body, chapter headings and statute title, normalised as queries are."""
        if self._texts is None:
            shown = self.fields[f.DISPLAY]
            self._texts = (normalise(self.fields.get(f.BODY, "")),
                           normalise(" ".join(shown["chapter"])), normalise(shown["law_title"]))
        return self._texts


class StoredCache:
    def __init__(self, capacity: int = CACHED_DOCUMENTS):
        self.capacity = capacity
        self.entries: OrderedDict[tuple, StoredDocument] = OrderedDict()
        self.lock = threading.Lock()

    def reader(self, searcher) -> "StoredReader":
        return StoredReader(searcher, self)

    def get(self, key: tuple, read) -> StoredDocument:
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
                return found
        found = StoredDocument(read())
        with self.lock:
            self.entries[key] = found
            while len(self.entries) > self.capacity:
                self.entries.popitem(last=False)
        return found


class StoredReader:
    """Documents of one open searcher, by its document numbers, through the cache."""

    def __init__(self, searcher, cache: StoredCache):
        self.cache = cache
        leaves = searcher.leaf_searchers()
        self.offsets = [offset for _, offset in leaves]
        self.readers = [(leaf.reader(), segment_id(leaf.reader())) for leaf, _ in leaves]

    def document(self, docnum: int) -> StoredDocument:
        leaf = bisect_right(self.offsets, docnum) - 1
        reader, segment = self.readers[leaf]
        local = docnum - self.offsets[leaf]
        return self.cache.get((segment, local), lambda: reader.stored_fields(local))
