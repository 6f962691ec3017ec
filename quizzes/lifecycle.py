"""A round's life: publish, open now, close (grading every unfinished attempt from its
last saved answers), cancel, extend one person's deadline — and `reconcile`, which
brings every round and attempt to the state the clock says it should be in.

`reconcile` is what the scheduler (issue E) runs every minute or so: it is safe to run
any number of times, from any number of processes, and catches up after downtime in one
pass.  `ensure_period_round` creates the round of a schedule period exactly once (the
unique `period_key`), however often the job fires.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accounts.security_log import add_event
from accounts.user import User
from core.clock import Clock, from_db, to_db, to_local
from core.errors import Conflict, InvalidInput, NotFound
from accounts.permissions import require_manager
from core.actor import Actor
from quizzes.audience import audience_user_ids, final_close, user_deadline
from quizzes.grading import (EARLY_CLOSE, IN_PROGRESS, ROUND_CLOSE, SUBMITTED, TIME_LIMIT, VOID,
                             finalize_attempt, is_due, record_attempt_results)
from quizzes.models import Attempt, Round, RoundExtension
from quizzes.round_spec import (CANCELLED, CLOSED, DRAFT, OPEN, SCHEDULED, STATUS_NAMES, TRAINING,
                                RoundSpec)
from quizzes.rounds import RoundService, get_round_row
from quizzes.transactions import SessionFactory, after_change, read_session, write_session


@dataclass(frozen=True)
class Transition:
    """A round changed state (for notices: opened → notify, closed → scores)."""
    round_id: int
    title: str
    old_status: str
    new_status: str


@dataclass(frozen=True)
class CloseSummary:
    round_id: int
    auto_submitted: int
    submitted: int


@dataclass(frozen=True)
class PeriodRound:
    round_id: int
    created: bool
    status: str


@dataclass(frozen=True)
class ReconcileReport:
    transitions: tuple[Transition, ...]
    auto_submitted: int


def lock_round(session: Session, round_id: int) -> Round:
    """The 练兵 round, locked (自测 rounds are nobody's to manage: NotFound)."""
    round_ = session.scalars(select(Round).where(Round.id == round_id).with_for_update()).first()
    if round_ is None or round_.kind != TRAINING:
        raise NotFound(f"没有找到轮次 {round_id}")
    return round_


def auto_kind(attempt: Attempt, round_: Round) -> str:
    """Why an attempt whose deadline has come is submitted for the person."""
    if round_.time_limit_minutes and attempt.deadline_at is not None and attempt.deadline_at == (
            attempt.started_at + dt.timedelta(minutes=round_.time_limit_minutes)):
        return TIME_LIMIT
    return ROUND_CLOSE


def _closing_kind(attempt: Attempt, round_: Round, now: dt.datetime) -> str:
    """At the round's close: an attempt whose own deadline has not come yet was cut short
    by a trainer ending the round early (提前结束), not by its time limit or close time."""
    if attempt.deadline_at is None or to_db(now) < attempt.deadline_at:
        return EARLY_CLOSE
    return auto_kind(attempt, round_)


class RoundLifecycle:
    def __init__(self, sessions: SessionFactory, clock: Clock, rounds: RoundService):
        self.sessions = sessions
        self.clock = clock
        self.rounds = rounds
        # Run after each manual action (the push's announce pass, wired in quizzes.services).
        self.after_change: list[Callable[[], object]] = []

    @after_change
    def publish_round(self, actor: Actor, round_id: int) -> Transition:
        """草稿 → 未开始 (or 进行中 when its open time has come)."""
        with write_session(self.sessions) as session:
            require_manager(actor, "发布练兵轮次")
            round_ = lock_round(session, round_id)
            transition = self._publish(session, round_)
            self._log(session, actor, "round_published", round_, STATUS_NAMES[transition.new_status])
            return transition

    def _publish(self, session: Session, round_: Round) -> Transition:
        if round_.status != DRAFT:
            raise Conflict("只有草稿状态的轮次可以发布")
        if not round_.questions:
            raise InvalidInput("轮次还没有试题，不能发布")
        now = self.clock.now()
        if from_db(round_.closes_at) <= now:
            raise InvalidInput("截止时间已过，请先修改轮次时间")
        round_.status = OPEN if from_db(round_.opens_at) <= now else SCHEDULED
        round_.published_at = to_db(now)
        return Transition(round_.id, round_.title, DRAFT, round_.status)

    @after_change
    def open_round_now(self, actor: Actor, round_id: int) -> Transition:
        """立即开始: the open time becomes now."""
        with write_session(self.sessions) as session:
            require_manager(actor, "开启练兵轮次")
            round_ = lock_round(session, round_id)
            if round_.status not in (DRAFT, SCHEDULED):
                raise Conflict("轮次已开始、已结束或已取消")
            old = round_.status
            round_.opens_at = to_db(self.clock.now())
            self._log(session, actor, "round_opened", round_, f"原状态：{STATUS_NAMES[old]}")
            if old == DRAFT:
                return self._publish(session, round_)
            round_.status = OPEN
            return Transition(round_.id, round_.title, old, OPEN)

    @after_change
    def close_round(self, actor: Actor, round_id: int) -> CloseSummary:
        """提前结束 (or at its time): unfinished attempts are graded from their last save."""
        with write_session(self.sessions) as session:
            require_manager(actor, "结束练兵轮次")
            round_ = lock_round(session, round_id)
            if round_.status not in (SCHEDULED, OPEN):
                raise Conflict("只有未开始或进行中的轮次可以结束")
            now = self.clock.now()
            early = from_db(round_.closes_at) > now
            if early:
                round_.closes_at = to_db(now)
            summary = self._close(session, round_, now)
            self._log(session, actor, "round_closed", round_,
                      ("提前结束" if early else "到期结束") + f"；已交卷 {summary.submitted} 份，"
                      f"其中未完成自动交卷 {summary.auto_submitted} 份")
            return summary

    def _close(self, session: Session, round_: Round, now: dt.datetime) -> CloseSummary:
        round_.status, round_.closed_at = CLOSED, to_db(now)
        auto = 0
        attempts = session.scalars(select(Attempt).where(Attempt.round_id == round_.id)
                                   .order_by(Attempt.id).with_for_update()).all()
        for attempt in attempts:
            if attempt.status == IN_PROGRESS:
                finalize_attempt(session, attempt, round_, now, _closing_kind(attempt, round_, now))
                auto += 1
            record_attempt_results(session, attempt)
        submitted = sum(1 for a in attempts if a.status == SUBMITTED)
        return CloseSummary(round_.id, auto, submitted)

    @after_change
    def cancel_round(self, actor: Actor, round_id: int, reason: str) -> Transition:
        reason = (reason or "").strip()
        if not reason:
            raise InvalidInput("请填写取消原因（将通知参加人员）")
        with write_session(self.sessions) as session:
            require_manager(actor, "取消练兵轮次")
            round_ = lock_round(session, round_id)
            if round_.status in (CLOSED, CANCELLED):
                raise Conflict("轮次已结束或已取消")
            old = round_.status
            round_.status, round_.cancel_reason = CANCELLED, reason[:500]
            round_.cancelled_at = to_db(self.clock.now())
            for attempt in session.scalars(select(Attempt).where(Attempt.round_id == round_.id)):
                attempt.status = VOID
            self._log(session, actor, "round_cancelled", round_, f"原状态：{STATUS_NAMES[old]}；原因：{reason}")
            return Transition(round_.id, round_.title, old, CANCELLED)

    @after_change
    def extend_deadline(self, actor: Actor, round_id: int, user_id: int,
                        closes_at: dt.datetime) -> dt.datetime:
        """A later deadline for one person; their unfinished attempt gets it too."""
        if not isinstance(closes_at, dt.datetime) or closes_at.tzinfo is None:
            raise InvalidInput("延长后的截止时间应为带时区的时间")
        with write_session(self.sessions) as session:
            require_manager(actor, "延长截止时间")
            round_ = lock_round(session, round_id)
            if round_.kind != TRAINING or round_.status in (CLOSED, CANCELLED):
                raise Conflict("轮次已结束或已取消，答案可能已公布，不能再延长")
            user = session.get(User, user_id)
            if user is None or not user.is_active:
                raise NotFound(f"没有找到用户 {user_id}")
            if closes_at <= from_db(round_.closes_at) or closes_at <= self.clock.now():
                raise InvalidInput("延长后的截止时间应晚于轮次截止时间和当前时间")
            self._store_extension(session, round_, user_id, closes_at, actor.id)
            self._log(session, actor, "deadline_extended", round_,
                      f"人员：{user.display_name}（{user.username}）；延长至 "
                      f"{to_local(closes_at):%Y-%m-%d %H:%M}")
            return closes_at

    def _log(self, session: Session, actor: Actor, action: str, round_: Round, detail: str) -> None:
        add_event(session, self.clock, actor, action, f"轮次 #{round_.id} {round_.title}", detail)

    def _store_extension(self, session: Session, round_: Round, user_id: int,
                         closes_at: dt.datetime, actor_id: int) -> None:
        extension = session.scalars(select(RoundExtension).where(
            RoundExtension.round_id == round_.id, RoundExtension.user_id == user_id)).first()
        if extension is None:
            extension = RoundExtension(round_id=round_.id, user_id=user_id)
            session.add(extension)
        extension.closes_at, extension.granted_by_id = to_db(closes_at), actor_id
        extension.granted_at = to_db(self.clock.now())
        for attempt in session.scalars(select(Attempt).where(
                Attempt.round_id == round_.id, Attempt.user_id == user_id,
                Attempt.status == IN_PROGRESS).with_for_update()):
            limit_end = (attempt.started_at + dt.timedelta(minutes=round_.time_limit_minutes)
                         if round_.time_limit_minutes else None)
            attempt.deadline_at = min(d for d in (limit_end, to_db(closes_at)) if d is not None)

    def reconcile(self) -> ReconcileReport:
        """Open what is due to open, close what is due to close, auto-submit attempts
        whose time is up.  Idempotent; each round is handled in its own transaction."""
        now = self.clock.now()
        with read_session(self.sessions) as session:
            rounds = session.scalars(select(Round.id).where(
                Round.kind == TRAINING, Round.status.in_((SCHEDULED, OPEN)))).all()
        transitions = [t for t in (self._reconcile_round(i, now) for i in rounds) if t]
        return ReconcileReport(tuple(transitions), self.sweep_due_attempts(now))

    def _reconcile_round(self, round_id: int, now: dt.datetime) -> Transition | None:
        with write_session(self.sessions) as session:
            round_ = lock_round(session, round_id)
            old = round_.status
            if old not in (SCHEDULED, OPEN):
                return None          # another process got here first
            last = final_close(session, round_)
            if last is not None and now >= last:
                self._close(session, round_, now)
            elif old == SCHEDULED and now >= from_db(round_.opens_at):
                round_.status = OPEN
            else:
                return None
            return Transition(round_.id, round_.title, old, round_.status)

    def sweep_due_attempts(self, now: dt.datetime | None = None) -> int:
        """Auto-submit every unfinished attempt past its deadline (time limit or close)."""
        now = now or self.clock.now()
        with read_session(self.sessions) as session:
            due = session.scalars(select(Attempt.id).where(
                Attempt.status == IN_PROGRESS, Attempt.deadline_at <= to_db(now))).all()
        done = 0
        for attempt_id in due:
            with write_session(self.sessions) as session:
                attempt = session.scalars(select(Attempt).where(Attempt.id == attempt_id)
                                          .with_for_update()).first()
                if attempt is not None and is_due(attempt, now):
                    round_ = session.get(Round, attempt.round_id)
                    finalize_attempt(session, attempt, round_, now, auto_kind(attempt, round_))
                    done += 1
        return done

    def ensure_period_round(self, spec: RoundSpec, period_key: str,
                            author_id: int | None = None) -> PeriodRound:
        """The round of a schedule period, created and published once whatever fires twice."""
        if not period_key or len(period_key) > 40:
            raise InvalidInput("周期标识不能为空，且不超过 40 个字符")
        existing = self._period_round(period_key)
        if existing:
            return existing
        try:
            with write_session(self.sessions) as session:
                round_ = self.rounds.add_round(session, spec, author_id, period_key=period_key)
                self._publish(session, round_)
                return PeriodRound(round_.id, True, round_.status)
        except IntegrityError:
            found = self._period_round(period_key)
            if found is None:
                raise
            return found

    def _period_round(self, period_key: str) -> PeriodRound | None:
        with read_session(self.sessions) as session:
            round_ = session.scalars(select(Round).where(Round.period_key == period_key)).first()
            return PeriodRound(round_.id, False, round_.status) if round_ else None

    def audience(self, round_id: int) -> list[int]:
        """User ids the round is addressed to (for notices)."""
        with read_session(self.sessions) as session:
            return audience_user_ids(session, get_round_row(session, round_id))

    def non_submitters(self, round_id: int) -> list[int]:
        """The audience members without a submitted attempt (for the reminder)."""
        with read_session(self.sessions) as session:
            round_ = get_round_row(session, round_id)
            done = set(session.scalars(select(Attempt.user_id).where(
                Attempt.round_id == round_id, Attempt.status == SUBMITTED)))
            return [u for u in audience_user_ids(session, round_) if u not in done]

    def deadline_of(self, round_id: int, user_id: int) -> dt.datetime | None:
        with read_session(self.sessions) as session:
            return user_deadline(session, get_round_row(session, round_id), user_id)
