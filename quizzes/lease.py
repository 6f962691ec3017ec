"""One active scheduler: a lease row in the database that the running scheduler renews.

A second scheduler process started by mistake finds the lease held and stands by (it
takes over if the first stops renewing).  Nothing depends on the lease for correctness —
every job is idempotent — but it keeps two processes from doing the same work, and its
heartbeat tells the admin page whether a scheduler is running at all.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from core.clock import Clock, from_db, to_db
from quizzes.models import SchedulerLease

LEASE_SECONDS = 120


@dataclass(frozen=True)
class LeaseState:
    holder: str | None
    heartbeat_at: dt.datetime | None
    is_alive: bool


class Lease:
    def __init__(self, sessions, clock: Clock, holder: str, seconds: int = LEASE_SECONDS):
        self.sessions = sessions
        self.clock = clock
        self.holder = holder
        self.seconds = seconds

    def acquire(self) -> bool:
        """Take or renew the lease; False while another live holder has it."""
        now = self.clock.now()
        stale = to_db(now - dt.timedelta(seconds=self.seconds))
        with self.sessions() as session, session.begin():
            taken = session.execute(update(SchedulerLease).where(
                SchedulerLease.id == 1,
                (SchedulerLease.holder == self.holder) | (SchedulerLease.heartbeat_at < stale))
                .values(holder=self.holder, heartbeat_at=to_db(now))).rowcount
            if taken:
                return True
        try:
            with self.sessions() as session, session.begin():
                exists = session.get(SchedulerLease, 1)
                if exists is not None:
                    return False
                session.add(SchedulerLease(id=1, holder=self.holder, heartbeat_at=to_db(now)))
            return True
        except IntegrityError:
            return False

    def release(self) -> None:
        with self.sessions() as session, session.begin():
            session.execute(update(SchedulerLease).where(
                SchedulerLease.id == 1, SchedulerLease.holder == self.holder)
                .values(heartbeat_at=to_db(dt.datetime(2000, 1, 1))))


def lease_state(sessions, clock: Clock, seconds: int = LEASE_SECONDS) -> LeaseState:
    with sessions() as session:
        row = session.scalars(select(SchedulerLease).where(SchedulerLease.id == 1)).first()
        if row is None:
            return LeaseState(None, None, False)
        beat = from_db(row.heartbeat_at)
        alive = clock.now() - beat < dt.timedelta(seconds=seconds)
        return LeaseState(row.holder, beat if beat.year > 2000 else None, alive)
