"""A reader's own marks on articles: favourites (收藏) and personal notes (笔记).

Both point at a statute and an article number, not at a stored unit: re-importing a
statute replaces its units, and a new version keeps the article's number, so a mark
follows the article into later versions.  Notes are private to their author and kept
as plain text (the web layer escapes them).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import (DateTime, ForeignKey, Integer, Text, UniqueConstraint, bindparam, func,
                        select)
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.actor import Actor
from core.clock import Clock, from_db, to_db
from core.db import Base
from core.errors import ArticleNotFound, InvalidInput, StatuteNotFound
from kb.library import article_slug
from kb.models import KIND_ARTICLE, Statute, StatuteVersion, Unit
from core.paging import Page, check_paging
from laws.numbering import format_article_label

MAX_NOTE = 5000


class _ArticleMark:
    """Columns shared by both kinds of mark: whose, and on which article."""
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    statute_id: Mapped[int] = mapped_column(ForeignKey("statutes.id", ondelete="CASCADE"))
    article_no: Mapped[int] = mapped_column(Integer)
    article_suffix: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Favourite(_ArticleMark, Base):
    __tablename__ = "favourites"
    __table_args__ = (UniqueConstraint("user_id", "statute_id", "article_no", "article_suffix"),)


class ArticleNote(_ArticleMark, Base):
    __tablename__ = "article_notes"
    __table_args__ = (UniqueConstraint("user_id", "statute_id", "article_no", "article_suffix"),)

    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


@dataclass(frozen=True)
class ArticleMarks:
    """What one user has put on one article."""
    favourite: bool
    note: str
    note_updated_at: dt.datetime | None


@dataclass(frozen=True)
class MarkedArticle:
    """A line of the reader's list: an article they favourited or wrote a note on."""
    statute_id: int
    statute_title: str
    article_no: int
    article_suffix: int
    at: dt.datetime
    note: str = ""

    @property
    def article_label(self) -> str:
        return format_article_label(self.article_no, self.article_suffix)

    @property
    def slug(self) -> str:
        return article_slug(self.article_no, self.article_suffix)


def _key(model, user_id: int, statute_id: int, number: int, suffix: int):
    return (model.user_id == user_id, model.statute_id == statute_id,
            model.article_no == number, model.article_suffix == suffix)


def _bound_key(model):
    return _key(model, bindparam("user_id"), bindparam("statute_id"), bindparam("number"),
                bindparam("suffix"))


# Read on every article page: built once.
_FAVOURITES = select(func.count(Favourite.id)).where(*_bound_key(Favourite))
_NOTE = select(ArticleNote).where(*_bound_key(ArticleNote))


class Bookmarks:
    def __init__(self, sessions, clock: Clock):
        self.sessions = sessions
        self.clock = clock

    def marks(self, actor: Actor, statute_id: int, number: int, suffix: int = 0) -> ArticleMarks:
        key = {"user_id": actor.id, "statute_id": statute_id, "number": number, "suffix": suffix}
        with self.sessions() as session:
            favourite = session.scalar(_FAVOURITES, key) or 0
            note = session.scalars(_NOTE, key).first()
        return ArticleMarks(bool(favourite), note.body if note else "",
                            from_db(note.updated_at) if note else None)

    def set_favourite(self, actor: Actor, statute_id: int, number: int, suffix: int,
                      on: bool) -> None:
        with self.sessions() as session, session.begin():
            row = session.scalars(select(Favourite).where(
                *_key(Favourite, actor.id, statute_id, number, suffix))).first()
            if on and row is None:
                self._check_article(session, statute_id, number, suffix)
                session.add(Favourite(user_id=actor.id, statute_id=statute_id, article_no=number,
                                      article_suffix=suffix, created_at=to_db(self.clock.now())))
            elif not on and row is not None:
                session.delete(row)

    def save_note(self, actor: Actor, statute_id: int, number: int, suffix: int,
                  body: str) -> bool:
        """Save the user's note on an article; blank text deletes it.  True if a note
        remains."""
        body = body.replace("\r\n", "\n").strip()
        if len(body) > MAX_NOTE:
            raise InvalidInput(f"笔记不超过 {MAX_NOTE} 字（当前 {len(body)} 字）")
        now = to_db(self.clock.now())
        with self.sessions() as session, session.begin():
            row = session.scalars(select(ArticleNote).where(
                *_key(ArticleNote, actor.id, statute_id, number, suffix))).first()
            if not body:
                if row is not None:
                    session.delete(row)
                return False
            if row is None:
                self._check_article(session, statute_id, number, suffix)
                session.add(ArticleNote(user_id=actor.id, statute_id=statute_id, article_no=number,
                                        article_suffix=suffix, body=body, created_at=now,
                                        updated_at=now))
            else:
                row.body, row.updated_at = body, now
        return True

    def favourites(self, actor: Actor, page: int = 1, per_page: int = 50) -> Page[MarkedArticle]:
        return self._page(Favourite, Favourite.created_at, actor.id, page, per_page)

    def notes(self, actor: Actor, page: int = 1, per_page: int = 50) -> Page[MarkedArticle]:
        return self._page(ArticleNote, ArticleNote.updated_at, actor.id, page, per_page)

    def _page(self, model, when, user_id: int, page: int, per_page: int) -> Page[MarkedArticle]:
        offset, limit = check_paging(page, per_page)
        body = model.body if model is ArticleNote else None
        columns = [model.statute_id, Statute.title, model.article_no, model.article_suffix, when]
        with self.sessions() as session:
            total = session.scalar(select(func.count(model.id)).where(model.user_id == user_id)) or 0
            rows = session.execute(select(*columns, *([body] if body is not None else []))
                                   .join(Statute, Statute.id == model.statute_id)
                                   .where(model.user_id == user_id)
                                   .order_by(when.desc(), model.id.desc())
                                   .offset(offset).limit(limit)).all()
        items = [MarkedArticle(r[0], r[1], r[2], r[3], from_db(r[4]), r[5] if len(r) > 5 else "")
                 for r in rows]
        return Page(items, page, per_page, total)

    @staticmethod
    def _check_article(session: Session, statute_id: int, number: int, suffix: int) -> None:
        statute = session.get(Statute, statute_id)
        if statute is None:
            raise StatuteNotFound(str(statute_id))
        exists = session.scalar(select(func.count(Unit.id)).join(StatuteVersion).where(
            StatuteVersion.statute_id == statute_id, Unit.kind == KIND_ARTICLE,
            Unit.article_no == number, Unit.article_suffix == suffix))
        if not exists:
            raise ArticleNotFound(statute.title, format_article_label(number, suffix))
