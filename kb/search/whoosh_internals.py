"""Every use of Whoosh's internals, in one module.

Search goes below Whoosh's public API in two places, both for speed: scoring reads a term's
posting blocks and the field-length columns straight from the segment files into numpy
(`kb.search.scoring`), and a full build drives Whoosh's segment writer by hand so that
several processes each write a segment that one commit then joins (`kb.search.indexer`).
Both rely on private attributes, codec classes and the posting format of the one Whoosh
version pinned in requirements.txt; tests/kb/search/test_whoosh_internals.py fails on any
other installed version, and when any other module touches a private name of Whoosh.  An
upgrade of Whoosh is checked against this module alone.
"""
from __future__ import annotations

from pickle import dumps

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, _lenfield
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length
from whoosh.reading import SegmentReader
from whoosh.writing import MERGE_SMALL, PostingPool, SegmentWriter

# Whoosh stores a field length as one byte; this maps the byte back to the length.
_LENGTH_TABLE = np.array([byte_to_length(i) for i in range(256)], dtype=np.float32)
_EMPTY = (np.zeros(0, np.int64), np.zeros(0, np.float32))
# Whoosh's own estimate of a pooled posting's size, used to spill the pool by count.
_POSTING_BYTES = 170


def codec() -> W3Codec:
    """Whoosh 3 postings in blocks of 1,024 instead of 128 (search reads whole posting lists
    into numpy, `kb.search.scoring`, where the per-block cost dominates), compressed with
    zlib's fastest level (level 3 costs a twentieth of the build for little space)."""
    return W3Codec(blocklimit=1024, compression=1)


def encode_positions(positions: list[int]) -> bytes:
    """A Positions posting's value, the bytes Whoosh writes: the count, then the pickled
    deltas between the word's positions."""
    deltas = [positions[0]] + [b - a for a, b in zip(positions, positions[1:])]
    return pack_uint(len(deltas)) + dumps(deltas, 2)


def encode_frequency(count: int) -> bytes:
    """A Frequency posting's value, the bytes Whoosh writes: the count."""
    return pack_uint(count)


def decode_postings(reader, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, weights) of a term in one segment reader, deleted documents
    included.

    Reads Whoosh 3 posting blocks directly (each a pickled tuple of delta-coded ids and
    weights); the block-by-block matcher API decodes ids one Python int at a time.
    """
    btext = text.encode("utf-8")
    if (fieldname, btext) not in reader:
        return _EMPTY
    terms = reader._terms
    info = terms.term_info(fieldname, btext)
    if info.is_inlined():  # a term with a single posting lives in the term dictionary
        ids, weights, _ = info.inlined_postings()
        return np.asarray(ids, np.int64), np.asarray(weights, np.float32)
    matcher = terms.matcher(fieldname, btext, reader.schema[fieldname].format)
    ids, weights = [], []
    while matcher.is_active():
        matcher._read_data()
        deltas, block_weights = matcher._data[0], matcher._data[1]
        count = matcher._blocklength
        ids.append(np.cumsum(np.asarray(deltas, dtype=np.int64)))
        if block_weights is None:
            weights.append(np.ones(count, np.float32))
        elif isinstance(block_weights, float):
            weights.append(np.full(count, block_weights, np.float32))
        else:
            weights.append(np.asarray(block_weights, dtype=np.float32))
        matcher._next_block()
    return np.concatenate(ids), np.concatenate(weights)


def field_lengths(perdoc, fieldname: str, count: int) -> np.ndarray:
    """Every document's length in `fieldname`, from a Whoosh 3 per-document reader (the
    length column holds one byte per document; documents past its end are 0)."""
    lengths = np.zeros(count, np.float32)
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is not None:
        raw = np.frombuffer(column._dbfile.get(column._basepos, column._count), dtype=np.uint8)
        lengths[:len(raw)] = _LENGTH_TABLE[raw]
    return lengths


def segment_field_lengths(reader, fieldname: str, count: int) -> np.ndarray:
    """`field_lengths` of a segment reader (one leaf of a searcher)."""
    return field_lengths(reader._perdoc, fieldname, count)


class _MemoryLengths:
    """Field lengths for `add_postings`, read once per document instead of once per posting.

    Whoosh's writer looks up the document's field length for every posting it writes (for
    BM25's block bounds) with a seek and read in the length column; for a whole corpus that
    is a third of the build.  Same values, held in lists.
    """

    def __init__(self, reader, doc_count: int):
        self.reader = reader
        self.doc_count = doc_count
        self.lengths: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lengths = self.lengths.get(fieldname)
        if lengths is None:
            lengths = field_lengths(self.reader, fieldname, self.doc_count).astype(int).tolist()
            self.lengths[fieldname] = lengths
        return lengths[docnum]


class _LeanPool(PostingPool):
    """Whoosh's posting pool without the per-posting byte estimate and type assertions (a
    build's postings are well-formed by construction); it spills by count instead, at the
    same 170 bytes a posting Whoosh estimates."""

    def __init__(self, tempstore, segment, limitmb: int):
        super().__init__(tempstore, segment, limitmb=limitmb)
        self.limit_count = limitmb * 1024 * 1024 // _POSTING_BYTES

    def add(self, item) -> None:
        self.current.append(item)
        if len(self.current) >= self.limit_count:
            self.save()


class _LengthsOnceWriter(SegmentWriter):
    """Writes the postings with the field lengths read once per document (`_MemoryLengths`)."""

    def _flush_segment(self):
        self.perdocwriter.close()
        reader = self.per_document_reader()
        self.fieldwriter.add_postings(self.schema, _MemoryLengths(reader, self.docnum),
                                      self.pool.iter_postings())
        self.fieldwriter.close()
        reader.close()


class BulkSegmentWriter(_LengthsOnceWriter):
    """A segment writer for full builds: no lock (each worker writes its own segment of a
    directory nobody else writes), a lean pool, lengths in memory, no compound file (which
    would copy the whole segment once more).  End it with `finish_segment`."""

    def __init__(self, ix, limitmb: int):
        super().__init__(ix, _lk=False, limitmb=limitmb, compound=False, codec=codec())
        self.pool = _LeanPool(self._tempstorage, self.newsegment, limitmb)


class UpdateWriter(_LengthsOnceWriter):
    """Whoosh's writer for updates (locked, committed as usual), the field lengths read once
    per document while it writes the postings, as a build's are (`_MemoryLengths`)."""


def drop_emptied(writer, segments):
    """Merge policy of an update: segments left with no live document (an owner's previous
    documents, all replaced) are dropped, a few small ones merged as Whoosh does by default
    (MERGE_SMALL); the large segments of a build are never rewritten on the request path."""
    return MERGE_SMALL(writer, [s for s in segments if s.doc_count() > 0])


def segment_terms(ix, fieldname: str) -> dict[str, set[str]]:
    """Segment id → the terms of `fieldname` that live documents of the segment hold (which
    owners' documents each segment holds, for checking what an update wrote)."""
    found = {}
    for segment in ix._segments():
        reader = SegmentReader(ix.storage, ix.schema, segment)
        found[segment.segment_id()] = {term.decode() for term in reader.lexicon(fieldname)
                                       if reader.postings(fieldname, term.decode()).is_active()}
        reader.close()
    return found


def finish_segment(writer: BulkSegmentWriter):
    """Write out the writer's segment without committing it; returns the segment for
    `commit_segments`, or None when the writer had no documents."""
    if writer.docnum:
        return writer._finalize_segment()
    # Not cancel(): that removes the temporary directory the other workers share.
    # The empty segment's files are swept when the segments are committed.
    writer._close_segment()
    return None


def commit_segments(ix, segments: list) -> None:
    """Commit segments written by `finish_segment` into `ix` as its next generation."""
    writer = ix.writer()
    writer._close_segment()
    writer._commit_toc(segments)
    writer._finish()
