"""A plain BM25 baseline for the search evaluations: a bare Whoosh index of the library's
current articles, tokenised by jieba, ranked by Whoosh's default BM25F, with no query
understanding (no synonyms, no statute priors, no variant folding, no citation parsing).

It is what the product's search must beat, built in the same run from the same data
directory.  The index is cached under bench/out/ (git-ignored) and rebuilt when the
library's current articles change.  One field holds each article's statute short title,
label and text; the query is jieba's analysis of the question, its terms OR-ed.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Callable

import jieba
from sqlalchemy import func, select
from whoosh import index
from whoosh.analysis import LowercaseFilter, StopFilter, Token, Tokenizer
from whoosh.fields import ID, NUMERIC, TEXT, Schema
from whoosh.query import Or, Term

from core.db import Database
from kb.models import KIND_ARTICLE, STATUS_CURRENT, Statute, StatuteVersion, Unit

OUT_DIR = Path(__file__).resolve().parent / "out" / "plain_bm25"
# Bump when the schema or the analyzer changes, so a cached index is rebuilt.
REVISION = "2"
BATCH = 5000

ArticleKey = tuple[int, int, int]
Progress = Callable[[int, int, str], None]


# The Chinese part of jieba.analyse's stop list for Whoosh (English words are rare here).
STOP_WORDS = frozenset(("的", "了", "和"))


class JiebaTokenizer(Tokenizer):
    """jieba's search-mode segmentation with the default dictionary: what
    jieba.analyse.ChineseAnalyzer does (that module is not imported: it opens its IDF file
    at import and never closes it).  Punctuation and spaces are dropped."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        position = start_pos
        for word, start, end in jieba.tokenize(value, mode="search"):
            if not any(ch.isalnum() for ch in word):
                continue
            token.text = word
            token.boost = 1.0
            if keeporiginal:
                token.original = word
            token.stopped = False
            if positions:
                token.pos = position
            position += 1
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


def _schema() -> Schema:
    analyzer = JiebaTokenizer() | LowercaseFilter() | StopFilter(stoplist=STOP_WORDS, minsize=1)
    return Schema(law_id=NUMERIC(stored=True), article_no=NUMERIC(stored=True),
                  suffix=NUMERIC(stored=True), key=ID(unique=True),
                  content=TEXT(analyzer=analyzer, phrase=False))


def _current_articles():
    return (select(Unit.id, Statute.id, Statute.short_title, Unit.article_no,
                   Unit.article_suffix, Unit.label, Unit.text)
            .join(StatuteVersion, Unit.version_id == StatuteVersion.id)
            .join(Statute, StatuteVersion.statute_id == Statute.id)
            .where(Unit.kind == KIND_ARTICLE, StatuteVersion.status == STATUS_CURRENT))


def fingerprint(db: Database) -> str:
    """Changes whenever the set of current articles does (count, newest unit, database)."""
    with db.session() as session:
        sub = _current_articles().subquery()
        count, newest = session.execute(select(func.count(), func.max(sub.c.id))).one()
    return hashlib.sha256(f"{REVISION}|{db.url}|{count}|{newest}".encode()).hexdigest()


class Bm25Baseline:
    """The baseline index: opened from the cache, or built from the library first."""

    def __init__(self, ix):
        self.ix = ix

    @classmethod
    def open(cls, db: Database, out_dir: Path = OUT_DIR, *, rebuild: bool = False,
             progress: Progress | None = None) -> tuple["Bm25Baseline", bool]:
        """The baseline over the library's current articles; True when it had to be built."""
        stamp = out_dir / "fingerprint.json"
        wanted = fingerprint(db)
        if not rebuild and stamp.exists() and index.exists_in(out_dir):
            if json.loads(stamp.read_text()).get("fingerprint") == wanted:
                return cls(index.open_dir(out_dir)), False
        shutil.rmtree(out_dir, ignore_errors=True)
        out_dir.mkdir(parents=True)
        ix = index.create_in(out_dir, _schema())
        cls._fill(ix, db, progress or (lambda done, total, name: None))
        stamp.write_text(json.dumps({"fingerprint": wanted}))
        return cls(ix), True

    @staticmethod
    def _fill(ix, db: Database, progress: Progress) -> None:
        with db.session() as session:
            total = session.execute(
                select(func.count()).select_from(_current_articles().subquery())).scalar_one()
            rows = session.execute(_current_articles().execution_options(yield_per=BATCH))
            writer = ix.writer(limitmb=256)
            for done, (unit_id, law_id, title, number, suffix, label, text) in enumerate(rows, 1):
                writer.add_document(law_id=law_id, article_no=number, suffix=suffix,
                                    key=str(unit_id), content=f"{title}\n{label} {text}")
                if done % BATCH == 0:
                    progress(done, total, "分词并写入基线索引")
            writer.commit()
            progress(total, total, "分词并写入基线索引")

    def search(self, question: str, limit: int = 100) -> list[ArticleKey]:
        """(law id, article no, suffix) of the best `limit` articles for the question."""
        terms = list(dict.fromkeys(t.text for t in self.ix.schema["content"].analyzer(question)))
        if not terms:
            return []
        with self.ix.searcher() as searcher:
            hits = searcher.search(Or([Term("content", t) for t in terms]), limit=limit)
            return [(h["law_id"], h["article_no"], h["suffix"]) for h in hits]

    @property
    def doc_count(self) -> int:
        return self.ix.doc_count()
