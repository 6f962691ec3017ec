"""The search change feed: every change that affects search, recorded in the database in the
transaction that makes it, so that every app server (each with its own index on its own
disk) can bring its index up to date, in order, whichever server made the change.

A row names one index group ("statute:7", "case:12", "guide:3") or `REBUILD_ALL` for a
requested full rebuild.  Rows are numbered by the database (an identity on PostgreSQL, an
AUTOINCREMENT column on SQLite so that a number is never reused after the newest rows were
pruned).  Readers follow the numbers (kb.search.follower); `prune` deletes rows older than
the retention and raises the `pruned_through` mark, so a reader whose position lies below
the mark knows it missed rows and rebuilds (a gap is never silently skipped).

Recording is a plain `session.add` in the caller's transaction: a save that rolls back
leaves no row, and a committed save always leaves one.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import DateTime, Integer, String, delete, func, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.clock import to_db
from core.db import Base, utcnow

# The group of a requested full rebuild: every server rebuilds its index from the database.
REBUILD_ALL = "*"
# How long rows are kept; a server offline for longer rebuilds when it comes back.
RETENTION = dt.timedelta(days=7)
STATE_ID = 1


class SearchChange(Base):
    __tablename__ = "search_changes"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The index group to re-read from the database (or REBUILD_ALL).
    group: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)


class SearchFeedState(Base):
    """One row: the highest feed number pruning has removed (0: nothing pruned yet)."""
    __tablename__ = "search_feed_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pruned_through: Mapped[int] = mapped_column(Integer, default=0)


def record_search_change(session: Session, group: str) -> None:
    """Add one change to the feed inside the caller's transaction."""
    session.add(SearchChange(group=group))


def record_search_changes(session: Session, groups) -> None:
    for group in sorted(set(groups)):
        record_search_change(session, group)


@dataclass(frozen=True)
class FeedEntry:
    id: int
    group: str


@dataclass(frozen=True)
class FeedSlice:
    """What a reader sees in one poll: the entries after its position (in number order),
    the highest number pruning removed, and the feed's newest number."""
    entries: tuple[FeedEntry, ...]
    pruned_through: int
    head: int


class ChangeFeed:
    """Reading, requesting a rebuild through, and pruning the feed."""

    def __init__(self, sessions):
        self.sessions = sessions

    def read_after(self, position: int, limit: int = 5000) -> FeedSlice:
        with self.sessions() as session:
            rows = session.execute(select(SearchChange.id, SearchChange.group)
                                   .where(SearchChange.id > position)
                                   .order_by(SearchChange.id).limit(limit)).all()
            return FeedSlice(tuple(FeedEntry(i, g) for i, g in rows),
                             _pruned_through(session),
                             session.scalar(select(func.max(SearchChange.id))) or 0)

    def head(self) -> int:
        with self.sessions() as session:
            return session.scalar(select(func.max(SearchChange.id))) or 0

    def snapshot(self) -> FeedSlice:
        """Every entry's number (groups left out), read before a full build: the build
        includes them all."""
        with self.sessions() as session:
            ids = session.scalars(select(SearchChange.id).order_by(SearchChange.id)).all()
            return FeedSlice(tuple(FeedEntry(i, "") for i in ids), _pruned_through(session),
                             ids[-1] if ids else 0)

    def request_rebuild(self) -> None:
        """Ask every server to rebuild its index (the admin's 重建索引, a restore)."""
        with self.sessions() as session, session.begin():
            record_search_change(session, REBUILD_ALL)

    def prune(self, now: dt.datetime, retention: dt.timedelta = RETENTION) -> int:
        """Delete rows older than `retention` before `now`, keeping the newest row whatever
        its age (so numbering continues), and raise the pruned mark; returns the rows deleted."""
        cutoff = to_db(now - retention)
        with self.sessions() as session, session.begin():
            newest = session.scalar(select(func.max(SearchChange.id))) or 0
            through = session.scalar(select(func.max(SearchChange.id)).where(
                SearchChange.created_at < cutoff, SearchChange.id < newest))
            if not through:
                return 0
            deleted = session.execute(delete(SearchChange).where(SearchChange.id <= through)).rowcount
            if session.get(SearchFeedState, STATE_ID) is None:
                session.add(SearchFeedState(id=STATE_ID, pruned_through=through))
            else:
                session.execute(update(SearchFeedState).where(SearchFeedState.id == STATE_ID)
                                .values(pruned_through=func.max(SearchFeedState.pruned_through, through)
                                        if session.bind.dialect.name == "sqlite"
                                        else func.greatest(SearchFeedState.pruned_through, through)))
            return deleted


def _pruned_through(session: Session) -> int:
    return session.scalar(select(SearchFeedState.pruned_through)
                          .where(SearchFeedState.id == STATE_ID)) or 0
