"""Time as an injectable dependency, so deadlines, lockouts and schedules are testable.

Conventions: the database stores naive UTC datetimes; code compares aware UTC datetimes
(`Clock.now()`); users see Asia/Shanghai time (`to_local`).
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


class Clock:
    """The real clock."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.timezone.utc)

    def today_local(self) -> dt.date:
        return to_local(self.now()).date()


class FixedClock(Clock):
    """A clock for tests: stands still until moved."""

    def __init__(self, start: dt.datetime):
        if start.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self.current = start.astimezone(dt.timezone.utc)

    def now(self) -> dt.datetime:
        return self.current

    def advance(self, **delta) -> dt.datetime:
        self.current += dt.timedelta(**delta)
        return self.current

    def set(self, when: dt.datetime) -> None:
        self.current = when.astimezone(dt.timezone.utc)


def to_db(value: dt.datetime) -> dt.datetime:
    """Aware datetime → naive UTC for storage."""
    return value.astimezone(dt.timezone.utc).replace(tzinfo=None)


def from_db(value: dt.datetime | None) -> dt.datetime | None:
    """Naive UTC from the database → aware UTC."""
    return value.replace(tzinfo=dt.timezone.utc) if value is not None else None


def to_local(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(LOCAL_TZ)
