"""The biweekly push: one reconcile pass (`PushService.tick`) that brings the schedule, the
rounds and the notices to the state the clock says they should be in.

The scheduler process runs `tick` every half minute or so; it is safe to run any number
of times, from any number of processes, and after downtime it catches up once:
- the current schedule period gets its round (unique `period_key`; a period whose whole
  window passed while the system was down is not opened late);
- the quiz engine's `reconcile` opens and closes rounds and auto-submits attempts;
- notices follow the rounds' state, not the transitions a process happened to see: a round
  that is open and has no recorded "open" notice gets one, and so on.  A row in
  `push_events` records each notice done; the notice keys make a repeat harmless anyway;
- the outbox sender sends what is due.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from accounts.user import ROLE_ADMIN, ROLE_TRAINER, User
from core.clock import Clock, from_db, to_db, to_local
from quizzes.models import PushEvent
from core.errors import KbError
from quizzes.composition import CompositionPolicy
from quizzes.models import QuestionReport, Round, RoundExtension
from quizzes.notify.notifier import AnnounceStats, Notifier, insert_ignoring_duplicates
from quizzes.notify.sender import OutboxSender, SendReport
from quizzes.push_messages import Messages
from quizzes.round_spec import CANCELLED, CLOSED, OPEN, TRAINING, RoundSpec
from quizzes.lease import LeaseState, lease_state
from quizzes.lifecycle import RoundLifecycle
from quizzes.results import ResultService
from quizzes.statistics import StatisticsService
from quizzes.schedule import Period, ScheduleSettings, ScheduleStore, current_period, period

# How far back closed or cancelled rounds are still announced (older ones predate the push).
_ANNOUNCE_WINDOW = dt.timedelta(days=7)


@dataclass
class TickReport:
    period_key: str | None = None
    period_round: int | None = None
    created: bool = False
    auto_submitted: int = 0
    announced: list[str] = field(default_factory=list)
    notices: AnnounceStats = field(default_factory=AnnounceStats)
    sent: SendReport | None = None
    errors: list[str] = field(default_factory=list)


class PushService:
    def __init__(self, sessions, clock: Clock, lifecycle: RoundLifecycle, results: ResultService,
                 statistics: StatisticsService, schedule: ScheduleStore, notifier: Notifier,
                 sender: OutboxSender | None, round_url: Callable[[int], str]):
        self.sessions = sessions
        self.clock = clock
        self.lifecycle = lifecycle
        self.results = results
        self.statistics = statistics
        self.schedule = schedule
        self.notifier = notifier
        self.sender = sender
        self.messages = Messages(round_url)

    def tick(self) -> TickReport:
        report = TickReport()
        settings = self.schedule.load()
        if settings.enabled:
            self._ensure_period_round(settings, report)
        report.auto_submitted = self.lifecycle.reconcile().auto_submitted
        self.announce_pending(settings, report)
        if self.sender is not None:
            report.sent = self.sender.run_once()
        return report

    def _ensure_period_round(self, settings: ScheduleSettings, report: TickReport) -> None:
        now = self.clock.now()
        period = current_period(settings, now)
        if period.number < 0 or now >= period.close_at:
            return  # before the first period, or between periods (a missed window stays missed)
        report.period_key = period.key
        opens = to_local(period.open_at)
        spec = RoundSpec(
            title=f"审计实务案例练兵（{opens:%Y年%m月%d日}）", opens_at=period.open_at,
            closes_at=period.close_at, department_ids=tuple(settings.departments),
            description=f"按计划自动推送：{settings.describe()}。",
            policy=CompositionPolicy.from_json({**settings.policy, "count": settings.question_count}))
        try:
            result = self.lifecycle.ensure_period_round(spec, period.key)
        except KbError as error:
            report.errors.append(f"{period.key}：{error}")
            reason = str(error)  # `error` is unbound once the except block ends
            self._announce_once("period", period.number, "failed", report, lambda: self.messages.
                                compose_failed(period.key, reason, self._managers()))
            return
        report.period_round, report.created = result.round_id, result.created

    def announce_pending(self, settings: ScheduleSettings | None = None,
                         report: TickReport | None = None) -> TickReport:
        """Issue every notice the current state calls for and nobody has issued yet.

        Also run right after a trainer opens, closes or cancels a round, extends a deadline
        or a problem is reported (the services' `after_change`, wired in quizzes.services),
        so those notices go out without waiting for the scheduler."""
        settings = settings or self.schedule.load()
        report = report or TickReport()
        now = self.clock.now()
        since = to_db(now - _ANNOUNCE_WINDOW)
        with self.sessions() as session:
            rounds = session.scalars(select(Round).options(selectinload(Round.questions)).where(
                Round.kind == TRAINING,
                (Round.status == OPEN)
                | ((Round.status == CLOSED) & (Round.closed_at >= since))
                | ((Round.status == CANCELLED) & (Round.cancelled_at >= since)))).all()
            extensions = session.scalars(select(RoundExtension).where(
                RoundExtension.granted_at >= since)).all()
            reports = session.scalars(select(QuestionReport).where(
                QuestionReport.status == "open", QuestionReport.author_id.is_not(None),
                QuestionReport.created_at >= since)).all()
            session.expunge_all()
        for round_ in rounds:
            self._announce_round(round_, settings, now, report)
        for extension in extensions:
            stamp = f"until:{extension.closes_at:%Y%m%d%H%M}"
            self._announce_once("extension", extension.id, stamp, report,
                                lambda e=extension: self.messages.extension(e, self._title(e.round_id)))
        for problem in reports:
            self._announce_once("report", problem.id, "author", report,
                                lambda p=problem: self.messages.problem_report(p))
        return report

    def _announce_round(self, round_: Round, settings: ScheduleSettings, now: dt.datetime,
                        report: TickReport) -> None:
        closes = from_db(round_.closes_at)
        if round_.status in (OPEN, CLOSED):
            self._announce_once("round", round_.id, "open", report,
                                lambda: self.messages.opened(round_, self.lifecycle.audience(round_.id)),
                                only_if=round_.status == OPEN)
        if round_.status == OPEN and closes is not None:
            window = closes - from_db(round_.opens_at)
            remind_at = closes - dt.timedelta(hours=settings.reminder_hours)
            if window > dt.timedelta(hours=settings.reminder_hours) and remind_at <= now < closes:
                self._announce_once("round", round_.id, "remind", report,
                                    lambda: self.messages.reminder(round_, self.lifecycle.non_submitters(round_.id)))
        if round_.status == CLOSED:
            self._announce_once("round", round_.id, "close", report,
                                lambda: self.messages.results(round_, *self.results.notice_results(round_.id)))
            self._announce_once("round", round_.id, "digest", report,
                                lambda: self.messages.digest(round_, self.statistics.digest(round_.id),
                                                             self._managers()))
        if round_.status == CANCELLED:
            self._announce_once("round", round_.id, "cancel", report,
                                lambda: self.messages.cancelled(round_, self.lifecycle.audience(round_.id)),
                                only_if=self._was_announced("round", round_.id, "open"))

    def _announce_once(self, subject: str, subject_id: int, event: str, report: TickReport,
                       build, only_if: bool = True) -> None:
        """Announce unless already recorded; record it after the notices are written."""
        if not only_if or self._was_announced(subject, subject_id, event):
            return
        announcement = build()
        if announcement is not None:
            stats = self.notifier.announce(announcement)
            report.notices.inbox += stats.inbox
            report.notices.email += stats.email
            report.notices.robots += stats.robots
        with self.sessions() as session, session.begin():
            insert_ignoring_duplicates(session, PushEvent, [{
                "subject": subject, "subject_id": subject_id, "event": event,
                "created_at": to_db(self.clock.now())}])
        report.announced.append(f"{subject}:{subject_id}:{event}")

    def _was_announced(self, subject: str, subject_id: int, event: str) -> bool:
        with self.sessions() as session:
            return bool(session.scalar(select(func.count(PushEvent.id)).where(
                PushEvent.subject == subject, PushEvent.subject_id == subject_id,
                PushEvent.event == event)))

    def _managers(self) -> list[int]:
        with self.sessions() as session:
            return list(session.scalars(select(User.id).where(
                User.role.in_((ROLE_TRAINER, ROLE_ADMIN)), User.is_active.is_(True))))

    def _title(self, round_id: int) -> str:
        with self.sessions() as session:
            return session.scalar(select(Round.title).where(Round.id == round_id)) or ""


@dataclass(frozen=True)
class ScheduledRound:
    id: int
    title: str
    status: str
    period_key: str
    opens_at: dt.datetime
    closes_at: dt.datetime | None


@dataclass(frozen=True)
class ScheduleOverview:
    settings: ScheduleSettings
    upcoming: tuple[Period, ...]
    recent: tuple[ScheduledRound, ...]
    scheduler: LeaseState


def schedule_overview(sessions, clock: Clock, schedule: ScheduleStore,
                      periods: int = 3, rounds: int = 6) -> ScheduleOverview:
    """What the admin's schedule page shows: the next periods, the recent scheduled rounds,
    and whether a scheduler process is alive."""
    settings = schedule.load()
    now = clock.now()
    current = current_period(settings, now)
    upcoming = [current] if now < current.close_at and current.number >= 0 else []
    number = current.number + 1
    while len(upcoming) < periods:
        upcoming.append(period(settings, number))
        number += 1
    with sessions() as session:
        rows = session.scalars(select(Round).where(Round.period_key.is_not(None))
                               .order_by(Round.opens_at.desc()).limit(rounds)).all()
        recent = tuple(ScheduledRound(r.id, r.title, r.status, r.period_key, from_db(r.opens_at),
                                      from_db(r.closes_at)) for r in rows)
    return ScheduleOverview(settings, tuple(upcoming), recent, lease_state(sessions, clock))
