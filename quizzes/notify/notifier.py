"""Turning an event into notices: inbox rows now, email and robot messages into the outbox.

`Notifier.announce` is safe to call any number of times for the same event: every row it
writes is unique per (event, channel, recipient) and duplicates are ignored by the
database, so a job that runs twice notifies nobody twice.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable, Mapping

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from accounts.user import User
from core.actor import Actor
from core.clock import Clock, from_db, to_db
from core.errors import NotFound
from core.paging import Page, check_paging
from quizzes.notify.models import (CHANNEL_EMAIL, CHANNEL_ROBOT, STATUS_PENDING, Notice,
                                   OutboxMessage, Robot)

_CHUNK = 500


@dataclass(frozen=True)
class Announcement:
    """One event to tell people about.

    `personal` overrides (title, body) per user (their score, their department's place);
    robots post `group_body` (no personal data), or `group_bodies[department_id]` for a
    department's own group; without either, the event is personal and robots stay quiet.
    """
    key: str
    title: str
    body: str
    link: str | None
    user_ids: tuple[int, ...]
    personal: Mapping[int, tuple[str, str]] = field(default_factory=dict)
    group_body: str | None = None
    group_bodies: Mapping[int, str] = field(default_factory=dict)


@dataclass
class AnnounceStats:
    inbox: int = 0
    email: int = 0
    robots: int = 0


def insert_ignoring_duplicates(session: Session, model, rows: list[dict]) -> int:
    """Bulk insert; rows that hit a unique constraint are skipped.  Returns rows inserted.

    Counted from RETURNING, not `rowcount`: psycopg reports -1 for a multi-row INSERT …
    ON CONFLICT DO NOTHING, so only SQLite's count was right."""
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    inserted = 0
    for start in range(0, len(rows), _CHUNK):
        statement = (module.insert(model).values(rows[start:start + _CHUNK])
                     .on_conflict_do_nothing().returning(*model.__table__.primary_key.columns))
        inserted += len(session.execute(statement).all())
    return inserted


class Notifier:
    def __init__(self, sessions, clock: Clock, *, email_enabled: bool):
        self.sessions = sessions
        self.clock = clock
        self.email_enabled = email_enabled
        # Called once messages were committed to the outbox (the delivery worker's wake,
        # wired in quizzes.services), so they go out at once.
        self.queued: list[Callable[[], object]] = []

    def announce(self, event: Announcement) -> AnnounceStats:
        stats = self._write(event)
        if stats.email or stats.robots:
            for listener in self.queued:
                listener()
        return stats

    def _write(self, event: Announcement) -> AnnounceStats:
        now = to_db(self.clock.now())
        stats = AnnounceStats()
        with self.sessions() as session, session.begin():
            users = session.execute(
                select(User.id, User.email, User.email_notifications, User.department_id)
                .where(User.id.in_(event.user_ids), User.is_active.is_(True))).all()
            stats.inbox = insert_ignoring_duplicates(session, Notice, [
                {"user_id": uid, "event_key": event.key, "title": self._title(event, uid),
                 "body": self._body(event, uid), "link": event.link, "created_at": now}
                for uid, *_ in users])
            if self.email_enabled:
                stats.email = insert_ignoring_duplicates(session, OutboxMessage, [
                    self._outbox_row(event, now, CHANNEL_EMAIL, f"user:{uid}", user_id=uid,
                                     address=email, subject=self._title(event, uid),
                                     body=self._body(event, uid))
                    for uid, email, wants_email, _ in users if email and wants_email])
            departments = {dept for *_, dept in users}
            if event.group_body is None and not event.group_bodies:
                return stats  # a personal notice: nothing for the group robots
            stats.robots = insert_ignoring_duplicates(session, OutboxMessage, [
                self._outbox_row(event, now, CHANNEL_ROBOT, f"robot:{robot.id}", robot_id=robot.id,
                                 subject=event.title, body=self._group_body(event, robot.department_id))
                for robot in self._robots(session, departments)])
        return stats

    @staticmethod
    def _robots(session: Session, departments: set[int | None]) -> list[Robot]:
        robots = session.scalars(select(Robot).where(Robot.is_active.is_(True))).all()
        return [r for r in robots if r.department_id is None or r.department_id in departments]

    @staticmethod
    def _title(event: Announcement, user_id: int) -> str:
        return event.personal.get(user_id, (event.title, event.body))[0]

    @staticmethod
    def _body(event: Announcement, user_id: int) -> str:
        return event.personal.get(user_id, (event.title, event.body))[1]

    @staticmethod
    def _group_body(event: Announcement, department_id: int | None) -> str:
        if department_id is not None and department_id in event.group_bodies:
            return event.group_bodies[department_id]
        return event.group_body or event.body

    @staticmethod
    def _outbox_row(event: Announcement, now, channel: str, target: str, *, subject: str,
                    body: str, user_id=None, robot_id=None, address=None) -> dict:
        return {"event_key": event.key, "channel": channel, "target": target,
                "user_id": user_id, "robot_id": robot_id, "address": address,
                "subject": subject, "body": body, "link": event.link,
                "status": STATUS_PENDING, "attempts": 0, "next_attempt_at": now,
                "created_at": now}


@dataclass(frozen=True)
class NoticeView:
    id: int
    title: str
    body: str
    link: str | None
    created_at: dt.datetime
    is_read: bool


class Inbox:
    """A person's in-app notices."""

    def __init__(self, sessions, clock: Clock):
        self.sessions = sessions
        self.clock = clock

    def unread_count(self, actor: Actor) -> int:
        with self.sessions() as session:
            return session.scalar(select(func.count(Notice.id)).where(
                Notice.user_id == actor.id, Notice.read_at.is_(None))) or 0

    def notices(self, actor: Actor, page: int = 1, per_page: int = 20) -> Page[NoticeView]:
        offset, limit = check_paging(page, per_page)
        with self.sessions() as session:
            total = session.scalar(select(func.count(Notice.id)).where(Notice.user_id == actor.id))
            rows = session.scalars(select(Notice).where(Notice.user_id == actor.id)
                                   .order_by(Notice.created_at.desc(), Notice.id.desc())
                                   .offset(offset).limit(limit)).all()
            return Page([NoticeView(n.id, n.title, n.body, n.link, from_db(n.created_at),
                                    n.read_at is not None) for n in rows], page, per_page, total or 0)

    def open(self, actor: Actor, notice_id: int) -> NoticeView:
        """Mark one of the person's notices read and return it (NotFound for anyone else's)."""
        with self.sessions() as session, session.begin():
            notice = session.get(Notice, notice_id)
            if notice is None or notice.user_id != actor.id:
                raise NotFound("没有这条通知")
            if notice.read_at is None:
                notice.read_at = to_db(self.clock.now())
            return NoticeView(notice.id, notice.title, notice.body, notice.link,
                              from_db(notice.created_at), True)

    def mark_read(self, actor: Actor, notice_id: int | None = None) -> int:
        """Mark one notice (or, with None, all) as read; only the owner's notices."""
        with self.sessions() as session, session.begin():
            query = select(Notice).where(Notice.user_id == actor.id, Notice.read_at.is_(None))
            if notice_id is not None:
                query = query.where(Notice.id == notice_id)
            rows = session.scalars(query).all()
            for row in rows:
                row.read_at = to_db(self.clock.now())
            return len(rows)
