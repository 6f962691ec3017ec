"""A statute read whole: its headings (编, 分编, 章, 节) and articles in source order, for
the whole-text page, printing and the .docx download — or only some articles, under the
headings they stand in.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select

from core.errors import InvalidInput
from kb.library import (ArticleView, Library, StatuteInfo, VersionInfo, article_slug,
                        parse_article_slug)
from kb.models import KIND_ARTICLE, KIND_HEADING, Unit
from laws.parser import paragraphs_from_text

# At most this many articles may be picked by number for a download (民法典 has 1,260).
MAX_SELECTED = 2000


@dataclass(frozen=True)
class HeadingBlock:
    depth: int
    text: str
    # The unit's position in the version: a stable anchor (#h12) for the contents.
    seq: int

    @property
    def anchor(self) -> str:
        return f"h{self.seq}"


@dataclass(frozen=True)
class TextBody:
    """A version's body: what the reader caches per version text."""
    # (version id, content hash): changes when a re-import changes the text.
    key: tuple[int, str]
    blocks: tuple[HeadingBlock | ArticleView, ...]
    # The body of a document without articles (a decision, a resolution): its passages.
    passages: tuple[str, ...]


@dataclass(frozen=True)
class StatuteText:
    statute: StatuteInfo
    versions: tuple[VersionInfo, ...]
    version: VersionInfo
    # Whether the version shown was in force on the date asked for (None without a date).
    in_force_on_date: bool | None
    body: TextBody
    # True when only some articles were asked for.
    selected: bool = False
    # The plain statement when the library lacks the version in force on that date.
    notice: str = ""

    @property
    def blocks(self) -> tuple[HeadingBlock | ArticleView, ...]:
        return self.body.blocks

    @property
    def headings(self) -> list[HeadingBlock]:
        return [b for b in self.blocks if isinstance(b, HeadingBlock)]

    @property
    def articles(self) -> list[ArticleView]:
        return [b for b in self.blocks if isinstance(b, ArticleView)]


def article_anchor(view: ArticleView) -> str:
    """#a34, #a10-1: the article's anchor on the whole-text page (its 款 are #a34-p1, its
    项 #a34-p1-i2)."""
    return "a" + article_slug(view.article_no, view.article_suffix)


def parse_selection(slugs: list[str]) -> set[tuple[int, int]] | None:
    """Article numbers picked for a download (34, 10-1); none picked: the whole text."""
    if len(slugs) > MAX_SELECTED:
        raise InvalidInput(f"一次最多选择 {MAX_SELECTED} 条")
    return {parse_article_slug(slug, strict=True) for slug in slugs} or None


class StatuteReader:
    """Builds whole texts from a Library; keeps the last few whole bodies (民法典's takes
    ≈ 0.2 s to read and parse), keyed by version and content hash."""

    def __init__(self, library: Library, cache_size: int = 16):
        self.library = library
        self.cache_size = cache_size
        self._bodies: OrderedDict[tuple[int, str], TextBody] = OrderedDict()
        self._lock = threading.Lock()

    def whole_text(self, statute_id: int, version_id: int | None = None, on: dt.date | None = None,
                   articles: Collection[tuple[int, int]] | None = None) -> StatuteText:
        """The version asked for (by id, by date, else the current one), whole or limited
        to the given article numbers."""
        dated = self.library.dated(statute_id, on)
        statute = dated.statute
        version, exact, notice = dated.resolve(version_id, dated=on is not None)
        key = (version.id, version.content_hash)
        if articles is not None:
            body = self._read(key, statute, version, set(articles))
        else:
            with self._lock:
                body = self._bodies.get(key)
            if body is None:
                body = self._read(key, statute, version, None)
                with self._lock:
                    self._bodies[key] = body
                    while len(self._bodies) > self.cache_size:
                        self._bodies.popitem(last=False)
        return StatuteText(statute, tuple(dated.versions), version, exact,
                           body, articles is not None, notice)

    def _read(self, key, statute: StatuteInfo, version: VersionInfo,
              wanted: set[tuple[int, int]] | None) -> TextBody:
        with self.library.sessions() as session:
            rows = session.execute(select(Unit.id, Unit.seq, Unit.kind, Unit.depth, Unit.label,
                                          Unit.text, Unit.article_no, Unit.article_suffix,
                                          Unit.heading_path)
                                   .where(Unit.version_id == version.id,
                                          Unit.kind.in_((KIND_HEADING, KIND_ARTICLE)))
                                   .order_by(Unit.seq)).all()
        blocks: list[HeadingBlock | ArticleView] = []
        pending: list[HeadingBlock] = []
        for unit_id, seq, kind, depth, label, text, number, suffix, path in rows:
            if kind == KIND_HEADING:
                heading = HeadingBlock(depth or 0, text, seq)
                if wanted is None:
                    blocks.append(heading)
                else:  # kept only if an article picked stands under it
                    pending = [h for h in pending if h.depth < heading.depth] + [heading]
                continue
            if wanted is not None and (number, suffix) not in wanted:
                continue
            blocks.extend(pending)
            pending = []
            blocks.append(ArticleView(statute, version, unit_id, number, suffix, label,
                                      tuple(path or ()), tuple(paragraphs_from_text(text))))
        passages = () if version.article_count or wanted else self.library.passages(version.id)
        return TextBody(key, tuple(blocks), passages)
