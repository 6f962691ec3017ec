"""The outbox sender: claims due messages, sends them, retries failures with back-off.

Each channel (email; each robot) is sent from its own thread, so a robot that hangs or an
SMTP server that is down holds back nobody else.  Rows are claimed with a compare-and-set
update (status pending → sending), so two sender processes never send the same row; a
claim left behind by a crashed process is released after `stale_claim` (at-least-once
on a crash, exactly once otherwise).  A claimed message whose event has been overtaken
(the `overtaken` rule says why: a "round opened" message for a round closed since) is
dropped, not sent, with the reason kept for the admin's list.  Group robots are held to
their rate limit (about 20 messages a minute each) by counting what was sent to them in
the last minute.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from core.clock import Clock, from_db, to_db
from quizzes.notify.channels import (ChannelError, EmailTransport, RobotTarget, RobotTransport,
                                     close_quietly)
from quizzes.notify.models import (CHANNEL_EMAIL, STATUS_DROPPED, STATUS_FAILED, STATUS_PENDING,
                                   STATUS_SENDING, STATUS_SENT, OutboxMessage, Robot)

_CLAIM_BATCH = 200


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 6
    first_delay: dt.timedelta = dt.timedelta(minutes=1)
    factor: int = 4
    max_delay: dt.timedelta = dt.timedelta(hours=6)
    robot_per_minute: int = 20
    stale_claim: dt.timedelta = dt.timedelta(minutes=10)

    def delay(self, attempts: int) -> dt.timedelta:
        """Wait before the next try after `attempts` failed tries (1 min, 4 min, 16 min, …)."""
        return min(self.first_delay * self.factor ** max(0, attempts - 1), self.max_delay)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    gave_up: int = 0
    deferred: int = 0
    errors: dict[str, str] = field(default_factory=dict)

    def add(self, other: "SendReport") -> None:
        self.sent += other.sent
        self.failed += other.failed
        self.gave_up += other.gave_up
        self.deferred += other.deferred
        self.errors.update(other.errors)


# Why a queued message should no longer go out (its event key → a Chinese reason), or None.
OvertakenRule = Callable[[Session, str], "str | None"]


class OutboxSender:
    def __init__(self, sessions, clock: Clock, *, email: EmailTransport | None,
                 robots: RobotTransport, policy: RetryPolicy = RetryPolicy(),
                 overtaken: OvertakenRule | None = None):
        self.sessions = sessions
        self.clock = clock
        self.email = email
        self.robots = robots
        self.policy = policy
        self.overtaken = overtaken

    def run_once(self, limit: int = 10000) -> SendReport:
        """Send everything due now (up to `limit` messages), one thread per channel."""
        self._release_stale_claims()
        now = to_db(self.clock.now())
        with self.sessions() as session:
            due = session.execute(select(OutboxMessage.id, OutboxMessage.channel, OutboxMessage.robot_id)
                                  .where(OutboxMessage.status == STATUS_PENDING,
                                         OutboxMessage.next_attempt_at <= now)
                                  .order_by(OutboxMessage.id).limit(limit)).all()
        groups: dict[str, list[int]] = defaultdict(list)
        for message_id, channel, robot_id in due:
            groups[CHANNEL_EMAIL if channel == CHANNEL_EMAIL else f"robot:{robot_id}"].append(message_id)
        report = SendReport()
        if not groups:
            return report
        with ThreadPoolExecutor(max_workers=min(8, len(groups))) as pool:
            futures = [pool.submit(self._send_group, key, ids) for key, ids in groups.items()]
            for future in futures:
                report.add(future.result())
        return report

    def next_due(self) -> dt.datetime | None:
        """When the earliest message still waiting falls due (a retry's back-off, a
        rate-limited robot), or None when nothing waits."""
        with self.sessions() as session:
            due = session.scalar(select(func.min(OutboxMessage.next_attempt_at))
                                 .where(OutboxMessage.status == STATUS_PENDING))
        return from_db(due) if due is not None else None

    def _send_group(self, key: str, ids: list[int]) -> SendReport:
        if key == CHANNEL_EMAIL:
            return self._send_email(ids)
        return self._send_robot(int(key.split(":")[1]), ids)

    def _send_email(self, ids: list[int]) -> SendReport:
        report = SendReport()
        if self.email is None:
            report.deferred = len(ids)
            report.errors[CHANNEL_EMAIL] = "未配置邮件服务器"
            return report
        try:
            smtp = self.email.connect()
        except ChannelError as error:
            self._fail_channel(ids, error, report, CHANNEL_EMAIL)
            return report
        try:
            def deliver(message: OutboxMessage) -> None:
                body = _with_link(message.body, message.link)
                self.email.send(smtp, self.email.build(message.address, message.subject, body))

            for start in range(0, len(ids), _CLAIM_BATCH):
                if not self._deliver(self._claim(ids[start:start + _CLAIM_BATCH]), deliver,
                                     report, CHANNEL_EMAIL):
                    self._fail_channel(ids[start + _CLAIM_BATCH:], None, report, CHANNEL_EMAIL)
                    break
        finally:
            close_quietly(smtp)
        return report

    def _send_robot(self, robot_id: int, ids: list[int]) -> SendReport:
        report = SendReport()
        key = f"robot:{robot_id}"
        with self.sessions() as session:
            robot = session.get(Robot, robot_id)
            window_start = to_db(self.clock.now() - dt.timedelta(minutes=1))
            recent = session.scalar(select(func.count(OutboxMessage.id)).where(
                OutboxMessage.robot_id == robot_id, OutboxMessage.sent_at >= window_start)) or 0
        if robot is None or not robot.is_active:
            self._fail_channel(ids, ChannelError("机器人已删除或停用"), report, key)
            return report
        allowed = max(0, self.policy.robot_per_minute - recent)
        report.deferred = max(0, len(ids) - allowed)
        target = RobotTarget(robot.kind, robot.url, robot.secret)
        self._deliver(self._claim(ids[:allowed]),
                      lambda m: self.robots.post(target, m.subject, m.body, m.link), report,
                      key, name=robot.name)
        return report

    def _deliver(self, claimed: list[OutboxMessage], send, report: SendReport, key: str,
                 name: str = "") -> bool:
        """Send claimed messages in order; False (rest released) once the channel is down."""
        for index, message in enumerate(claimed):
            try:
                send(message)
            except ChannelError as error:
                self._record_failure(message.id, str(error), report)
                report.errors[key] = f"{name}：{error}" if name else str(error)
                if error.channel_down:
                    rest = claimed[index + 1:]
                    self._release([m.id for m in rest])
                    report.deferred += len(rest)
                    return False
                continue
            self._mark_sent(message.id)
            report.sent += 1
        return True

    def _fail_channel(self, ids: list[int], error: ChannelError | None, report: SendReport,
                      key: str) -> None:
        """The channel cannot be used now: its due messages wait (one failed try each)."""
        if error is not None:
            report.errors[key] = str(error)
        reason = str(error) if error is not None else report.errors.get(key, "通道不可用")
        for message in self._claim(ids):
            self._record_failure(message.id, reason, report)

    def _claim(self, ids: list[int]) -> list[OutboxMessage]:
        """Take pending rows for this process: pending → sending, atomically per row; the
        claimed rows whose event was overtaken are dropped instead, in the same transaction."""
        if not ids:
            return []
        now = to_db(self.clock.now())
        with self.sessions() as session, session.begin():
            claimed = session.scalars(update(OutboxMessage)
                                      .where(OutboxMessage.id.in_(ids),
                                             OutboxMessage.status == STATUS_PENDING)
                                      .values(status=STATUS_SENDING, claimed_at=now)
                                      .returning(OutboxMessage.id)).all()
            rows = session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(claimed))
                                   .order_by(OutboxMessage.id)).all()
            rows = self._drop_overtaken(session, rows)
            session.expunge_all()
            return rows

    def _drop_overtaken(self, session: Session, rows) -> list[OutboxMessage]:
        if self.overtaken is None:
            return list(rows)
        reasons: dict[str, str | None] = {}
        kept = []
        for row in rows:
            if row.event_key not in reasons:
                reasons[row.event_key] = self.overtaken(session, row.event_key)
            reason = reasons[row.event_key]
            if reason is None:
                kept.append(row)
            else:
                row.status, row.last_error, row.claimed_at = STATUS_DROPPED, reason, None
        session.flush()
        return kept

    def _mark_sent(self, message_id: int) -> None:
        with self.sessions() as session, session.begin():
            if session.get_bind().dialect.name == "postgresql":
                # One commit per message sent, so a crash resends at most the message in
                # hand; PostgreSQL need not wait for the disk for it: a server crash could
                # lose the last fraction of a second of these marks, and those messages go
                # out again (at-least-once, as after a claim left by a crashed sender).
                session.execute(text("SET LOCAL synchronous_commit TO OFF"))
            session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(
                status=STATUS_SENT, sent_at=to_db(self.clock.now()), last_error=None))

    def _record_failure(self, message_id: int, error: str, report: SendReport) -> None:
        with self.sessions() as session, session.begin():
            message = session.get(OutboxMessage, message_id)
            message.attempts += 1
            message.last_error = error
            message.claimed_at = None
            if message.attempts >= self.policy.max_attempts:
                message.status = STATUS_FAILED
                report.gave_up += 1
            else:
                message.status = STATUS_PENDING
                message.next_attempt_at = to_db(self.clock.now() + self.policy.delay(message.attempts))
                report.failed += 1

    def _release(self, ids: list[int]) -> None:
        if not ids:
            return
        with self.sessions() as session, session.begin():
            session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids),
                                                        OutboxMessage.status == STATUS_SENDING)
                            .values(status=STATUS_PENDING, claimed_at=None))

    def _release_stale_claims(self) -> None:
        cutoff = to_db(self.clock.now() - self.policy.stale_claim)
        with self.sessions() as session, session.begin():
            session.execute(update(OutboxMessage).where(OutboxMessage.status == STATUS_SENDING,
                                                        OutboxMessage.claimed_at < cutoff)
                            .values(status=STATUS_PENDING, claimed_at=None))


def _with_link(body: str, link: str | None) -> str:
    return f"{body}\n\n查看详情：{link}" if link else body

