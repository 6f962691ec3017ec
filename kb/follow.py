"""关注: a staff member follows a statute to hear of its new versions, repeals and status
changes (kb.library_changes records them; quizzes.notify.library tells the followers).

Following twice, or unfollowing a statute not followed, is refused (409) rather than
silently ignored, so a client that believes otherwise learns it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import DateTime, ForeignKey, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, mapped_column

from core.actor import Actor
from core.clock import Clock, from_db, to_db
from core.db import Base
from core.errors import Conflict, PermissionDenied, StatuteNotFound
from core.paging import Page, check_paging
from kb.models import Statute


class StatuteFollow(Base):
    __tablename__ = "statute_follows"
    __table_args__ = (UniqueConstraint("user_id", "statute_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    statute_id: Mapped[int] = mapped_column(ForeignKey("statutes.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


@dataclass(frozen=True)
class FollowedStatute:
    statute_id: int
    title: str
    level: str
    # Repeal date, when the statute is recorded as repealed.
    repealed_on: dt.date | None
    since: dt.datetime

    def to_json(self) -> dict:
        return {"statute_id": self.statute_id, "title": self.title, "level": self.level,
                "repealed_on": self.repealed_on.isoformat() if self.repealed_on else None,
                "since": self.since.isoformat()}


class Follows:
    def __init__(self, sessions, clock: Clock):
        self.sessions = sessions
        self.clock = clock

    def is_following(self, actor: Actor, statute_id: int) -> bool:
        if actor.id is None:
            return False
        with self.sessions() as session:
            return self._row(session, actor.id, statute_id) is not None

    def follow(self, actor: Actor, statute_id: int) -> FollowedStatute:
        self._check_person(actor)
        with self.sessions() as session, session.begin():
            statute = self._statute(session, statute_id)
            if self._row(session, actor.id, statute_id) is not None:
                raise Conflict(f"你已关注《{statute.title}》，无需重复关注")
            row = StatuteFollow(user_id=actor.id, statute_id=statute_id,
                                created_at=to_db(self.clock.now()))
            session.add(row)
            session.flush()
            return FollowedStatute(statute.id, statute.title, statute.level, statute.repealed_on,
                                   from_db(row.created_at))

    def unfollow(self, actor: Actor, statute_id: int) -> None:
        self._check_person(actor)
        with self.sessions() as session, session.begin():
            statute = self._statute(session, statute_id)
            row = self._row(session, actor.id, statute_id)
            if row is None:
                raise Conflict(f"你没有关注《{statute.title}》，无法取消关注")
            session.delete(row)

    def followed(self, actor: Actor, page: int = 1, per_page: int = 50) -> Page[FollowedStatute]:
        """我关注的法规, most recently followed first."""
        offset, limit = check_paging(page, per_page)
        with self.sessions() as session:
            total = session.scalar(select(func.count(StatuteFollow.id))
                                   .where(StatuteFollow.user_id == actor.id)) or 0
            rows = session.execute(
                select(Statute.id, Statute.title, Statute.level, Statute.repealed_on,
                       StatuteFollow.created_at)
                .join(Statute, Statute.id == StatuteFollow.statute_id)
                .where(StatuteFollow.user_id == actor.id)
                .order_by(StatuteFollow.created_at.desc(), StatuteFollow.id.desc())
                .offset(offset).limit(limit)).all()
        return Page([FollowedStatute(r[0], r[1], r[2], r[3], from_db(r[4])) for r in rows],
                    page, per_page, total)

    def followers(self, session, statute_id: int) -> list[int]:
        """User ids following a statute (inside the caller's session)."""
        return list(session.scalars(select(StatuteFollow.user_id)
                                    .where(StatuteFollow.statute_id == statute_id)
                                    .order_by(StatuteFollow.user_id)))

    @staticmethod
    def _check_person(actor: Actor) -> None:
        if actor.id is None:
            raise PermissionDenied("只有登录的用户可以关注法规")

    @staticmethod
    def _row(session, user_id: int, statute_id: int) -> StatuteFollow | None:
        return session.scalars(select(StatuteFollow).where(
            StatuteFollow.user_id == user_id, StatuteFollow.statute_id == statute_id)).first()

    @staticmethod
    def _statute(session, statute_id: int) -> Statute:
        statute = session.get(Statute, statute_id)
        if statute is None:
            raise StatuteNotFound(str(statute_id))
        return statute
