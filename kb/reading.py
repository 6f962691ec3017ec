"""A statute read whole: its headings (编, 分编, 章, 节) and articles in source order, for
the whole-text page, printing and the .docx download — or only some articles, under the
headings they stand in.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select

from kb.errors import InvalidInput
from kb.library import ArticleView, Library, StatuteOutline, article_slug, parse_article_slug
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
class StatuteText:
    outline: StatuteOutline
    blocks: tuple[HeadingBlock | ArticleView, ...]
    # True when only some articles were asked for.
    selected: bool = False

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
    """Builds whole texts from a Library."""

    def __init__(self, library: Library):
        self.library = library

    def whole_text(self, statute_id: int, version_id: int | None = None, on: dt.date | None = None,
                   articles: Collection[tuple[int, int]] | None = None) -> StatuteText:
        """The version asked for (by id, by date, else the current one), whole or limited
        to the given article numbers."""
        outline = self.library.outline(statute_id, version_id, on)
        version = outline.version
        with self.library.sessions() as session:
            rows = session.execute(select(Unit.id, Unit.seq, Unit.kind, Unit.depth, Unit.label,
                                          Unit.text, Unit.article_no, Unit.article_suffix,
                                          Unit.heading_path)
                                   .where(Unit.version_id == version.id,
                                          Unit.kind.in_((KIND_HEADING, KIND_ARTICLE)))
                                   .order_by(Unit.seq)).all()
        wanted = set(articles) if articles is not None else None
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
            blocks.append(ArticleView(outline.statute, version, unit_id, number, suffix, label,
                                      tuple(path or ()), tuple(paragraphs_from_text(text)),
                                      outline.in_force_on_date))
        return StatuteText(outline, tuple(blocks), wanted is not None)
