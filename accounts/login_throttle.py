"""Counters of failed sign-ins kept in the database, changed only by single atomic
statements, so concurrent requests (threads, worker processes) can neither lose a count
nor both pass a limit — on SQLite and PostgreSQL alike.

A row per key: a failure count in a fixed window, and an optional block.  Keys name an
address (`address_key`) or a user name tried from an address (`pair_key`; the name is
stored as a digest, since people type passwords into the user-name box).
"""
from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import DateTime, Integer, String, case, delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.clock import to_db
from core.db import Base


class LoginThrottle(Base):
    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[dt.datetime] = mapped_column(DateTime)
    blocked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)


def address_key(ip: str) -> str:
    return f"ip:{ip[:64]}"


def pair_key(username: str, ip: str) -> str:
    digest = hashlib.sha256(username.lower().encode("utf-8")).hexdigest()[:40]
    return f"name:{ip[:64]}:{digest}"


def _insert(session: Session):
    return sqlite_insert if session.get_bind().dialect.name == "sqlite" else postgresql_insert


def count_failure(session: Session, key: str, now: dt.datetime, window: dt.timedelta) -> int:
    """One more failure in the key's window (a fresh window once the last has passed);
    returns the count including this one.  One INSERT … ON CONFLICT … RETURNING."""
    table = LoginThrottle.__table__
    stale = table.c.window_start < to_db(now - window)
    statement = _insert(session)(table).values(key=key, failures=1, window_start=to_db(now))
    statement = statement.on_conflict_do_update(index_elements=[table.c.key], set_={
        "failures": case((stale, 1), else_=table.c.failures + 1),
        "window_start": case((stale, to_db(now)), else_=table.c.window_start),
    }).returning(table.c.failures)
    return session.execute(statement).scalar_one()


def recent_failures(session: Session, key: str, now: dt.datetime, window: dt.timedelta) -> int:
    return session.scalar(select(LoginThrottle.failures).where(
        LoginThrottle.key == key, LoginThrottle.window_start >= to_db(now - window))) or 0


def claim(session: Session, key: str, now: dt.datetime, until: dt.datetime) -> bool:
    """Block the key until `until` unless it is blocked already: True for the one caller
    that set the block (it may go ahead once), False for everyone the block stops."""
    table = LoginThrottle.__table__
    session.execute(_insert(session)(table).values(key=key, failures=0, window_start=to_db(now))
                    .on_conflict_do_nothing(index_elements=[table.c.key]))
    result = session.execute(update(table).where(
        table.c.key == key, or_(table.c.blocked_until.is_(None), table.c.blocked_until <= to_db(now)))
        .values(blocked_until=to_db(until)))
    return result.rowcount == 1


def release(session: Session, key: str) -> None:
    session.execute(delete(LoginThrottle).where(LoginThrottle.key == key))


def prune(session: Session, now: dt.datetime, keep: dt.timedelta) -> None:
    """Forget counters whose window and block both ended more than `keep` ago."""
    before = to_db(now - keep)
    session.execute(delete(LoginThrottle).where(
        LoginThrottle.window_start < before,
        or_(LoginThrottle.blocked_until.is_(None), LoginThrottle.blocked_until < before)))
