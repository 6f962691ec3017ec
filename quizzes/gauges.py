"""What the monitoring reads from the database (the web app's /metrics turns it into
Prometheus gauges): jobs by kind and state (queue depth, failures), outbox messages by
channel and state (notice delivery), attempts in progress, and how far the search change
feed has gone.  Counted rows, so every process and every server reports the same figures."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from core.job import Job
from kb.search.feed import SearchChange
from quizzes.models import Attempt
from quizzes.notify.models import OutboxMessage


@dataclass(frozen=True)
class Gauges:
    # (kind, state) → rows of core.job (queued = the queue's depth, failed = failures).
    jobs: dict[tuple[str, str], int]
    # (channel, state) → notify_outbox rows (pending, sending, sent, failed, dropped).
    deliveries: dict[tuple[str, str], int]
    open_attempts: int
    # The newest search change feed number (0: none yet).
    feed_head: int


class GaugeReader:
    def __init__(self, sessions):
        self.sessions = sessions

    def read(self) -> Gauges:
        with self.sessions() as session:
            jobs = session.execute(select(Job.kind, Job.status, func.count(Job.id))
                                   .group_by(Job.kind, Job.status)).all()
            deliveries = session.execute(
                select(OutboxMessage.channel, OutboxMessage.status, func.count(OutboxMessage.id))
                .group_by(OutboxMessage.channel, OutboxMessage.status)).all()
            open_attempts = session.scalar(select(func.count(Attempt.id))
                                           .where(Attempt.status == "in_progress")) or 0
            head = session.scalar(select(func.max(SearchChange.id))) or 0
        return Gauges({(k, s): n for k, s, n in jobs}, {(c, s): n for c, s, n in deliveries},
                      open_attempts, head)
