"""练兵轮次 as trainers set them up and as staff find them: creating a round with picked
or composed questions, editing it while nobody has started, listing and showing rounds
to each person with what they may do next.

The lifecycle (publish, open, close, cancel, extend, the scheduler's reconcile) is in
quizzes.lifecycle.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accounts.user import Department
from core.clock import Clock, from_db, to_db
from core.errors import Conflict, InvalidInput, NotFound
from kb.library import Library
from accounts.permissions import is_manager, require_manager
from core.actor import Actor
from quizzes.audience import audience_size, is_in_audience, user_deadline
from quizzes.bank import published_revision
from quizzes.composition import AUDIT_STATUTES, Composition, CompositionPolicy, compose
from quizzes.content import TYPE_NAMES
from quizzes.grading import IN_PROGRESS, SUBMITTED, load_contents
from quizzes.history import audience_candidates
from quizzes.models import Attempt, Question, Round, RoundDepartment, RoundQuestion
from quizzes.round_spec import (DRAFT, MAX_QUESTIONS, OPEN, SCHEDULED, SELF_PRACTICE, STATUS_NAMES,
                                 STATUSES, TRAINING, RoundSpec)
from quizzes.scoring import ScoringRules
from quizzes.transactions import SessionFactory, after_change, read_session, write_session


@dataclass(frozen=True)
class MyAttempt:
    """One of my attempts at a round, for the round page's links to it."""
    id: int
    number: int
    status: str
    score: float | None
    max_score: float
    submitted_at: dt.datetime | None
    # Written answers still to be graded: the score is not final (待阅卷) until 0.
    ungraded: int = 0


@dataclass(frozen=True)
class MyRoundState:
    """A person's standing in a round: what they did and may do next."""
    attempts_used: int
    attempts_allowed: int
    in_progress_attempt_id: int | None
    best_score: float | None
    deadline: dt.datetime | None
    can_start: bool
    reason: str          # why not, in Chinese; empty when can_start
    attempts: tuple[MyAttempt, ...] = ()


@dataclass(frozen=True)
class RoundQuestionInfo:
    question_id: int
    position: int
    revision_id: int
    qtype: str
    type_name: str
    stem: str
    points: float


@dataclass(frozen=True)
class RoundSummary:
    id: int
    title: str
    status: str
    status_name: str
    opens_at: dt.datetime
    closes_at: dt.datetime | None
    time_limit_minutes: int | None
    attempts_allowed: int
    practice_mode: bool
    question_count: int
    max_score: float
    audience_all: bool
    department_ids: tuple[int, ...]
    mine: MyRoundState | None = None
    competition: bool = False
    start_window_minutes: int | None = None
    grade_while_open: bool = False
    double_marking_threshold: float | None = None
    regrade_days: int = 3


@dataclass(frozen=True)
class RoundDetail:
    summary: RoundSummary
    description: str
    scoring: dict
    policy: dict | None
    period_key: str | None
    audience_size: int
    department_names: tuple[str, ...]
    # Trainers only; staff never see the paper outside an attempt.
    questions: tuple[RoundQuestionInfo, ...] = ()
    composition_notes: dict = field(default_factory=dict)
    cancel_reason: str = ""


def round_questions_info(session: Session, round_: Round) -> list[RoundQuestionInfo]:
    rules = ScoringRules.from_json(round_.scoring)
    contents = load_contents(session, [rq.revision_id for rq in round_.questions])
    return [RoundQuestionInfo(rq.question_id, rq.position, rq.revision_id,
                              contents[rq.revision_id].qtype, TYPE_NAMES[contents[rq.revision_id].qtype],
                              contents[rq.revision_id].stem,
                              rules.question_points(contents[rq.revision_id]))
            for rq in round_.questions]


class RoundService:
    def __init__(self, sessions: SessionFactory, clock: Clock, library: Library):
        self.sessions = sessions
        self.clock = clock
        self.library = library
        # Run after a round's settings change (the push's announce pass; quizzes.services).
        self.after_change: list[Callable[[], object]] = []

    def create_round(self, actor: Actor, spec: RoundSpec) -> RoundDetail:
        with write_session(self.sessions) as session:
            require_manager(actor, "创建练兵轮次")
            round_ = self.add_round(session, spec, actor.id)
            return self._detail(session, round_, actor)

    def add_round(self, session: Session, spec: RoundSpec, author_id: int | None,
                  period_key: str | None = None) -> Round:
        """Store a draft round (the caller checked who may)."""
        round_ = Round(kind=TRAINING, status=DRAFT, period_key=period_key, created_by_id=author_id,
                       created_at=to_db(self.clock.now()))
        self._apply(session, round_, spec)
        session.flush()
        return round_

    @after_change
    def update_round(self, actor: Actor, round_id: int, spec: RoundSpec,
                     keep_questions: bool = False) -> RoundDetail:
        """Change a round nobody has started; `keep_questions` leaves its paper (and how
        it was composed) as it is and changes only the settings."""
        with write_session(self.sessions) as session:
            round_ = self._editable(session, actor, round_id)
            self._apply(session, round_, spec, keep_questions)
            if round_.status != DRAFT:
                round_.status = OPEN if spec.opens_at <= self.clock.now() else SCHEDULED
            return self._detail(session, round_, actor)

    def set_questions(self, actor: Actor, round_id: int, question_ids: tuple[int, ...]) -> RoundDetail:
        """The paper picked by hand, in this order (published questions only)."""
        if len(question_ids) != len(set(question_ids)) or len(question_ids) > MAX_QUESTIONS:
            raise InvalidInput(f"试题不能重复，且不超过 {MAX_QUESTIONS} 道")
        with write_session(self.sessions) as session:
            round_ = self._editable(session, actor, round_id)
            kept = {rq.question_id: rq.revision_id for rq in round_.questions}
            round_.questions.clear()
            session.flush()
            self._set_questions(session, round_, tuple(question_ids), kept)
            return self._detail(session, round_, actor)

    @staticmethod
    def _editable(session: Session, actor: Actor, round_id: int) -> Round:
        require_manager(actor, "修改练兵轮次")
        round_ = get_round_row(session, round_id)
        if round_.kind != TRAINING:
            raise NotFound(f"没有找到轮次 {round_id}")
        if round_.status not in (DRAFT, SCHEDULED, OPEN) or has_attempts(session, round_.id):
            raise Conflict("轮次已开始作答或已结束，不能再修改；可延长个人截止时间或取消轮次")
        return round_

    def preview_composition(self, actor: Actor, policy: CompositionPolicy,
                            department_ids: tuple[int, ...] = ()) -> Composition:
        """What a policy would pick now, without storing anything (for the trainer's form)."""
        with read_session(self.sessions) as session:
            require_manager(actor, "组卷")
            return self._compose(session, policy, department_ids)

    def _apply(self, session: Session, round_: Round, spec: RoundSpec,
               keep_questions: bool = False) -> None:
        self._check_departments(session, spec.department_ids)
        round_.title, round_.description = spec.title.strip(), spec.description
        round_.opens_at, round_.closes_at = to_db(spec.opens_at), to_db(spec.closes_at)
        round_.time_limit_minutes, round_.attempts_allowed = spec.time_limit_minutes, spec.attempts_allowed
        round_.practice_mode, round_.scoring = spec.practice_mode, spec.scoring.to_json()
        round_.competition, round_.start_window_minutes = spec.competition, spec.start_window_minutes
        round_.grade_while_open = spec.grade_while_open
        round_.double_marking_threshold, round_.regrade_days = spec.double_marking_threshold, spec.regrade_days
        round_.audience_all = not spec.department_ids
        session.add(round_)
        # Old rows go first: the flush would insert the new ones before deleting the old.
        round_.departments.clear()
        if not keep_questions:
            round_.questions.clear()
        session.flush()
        round_.departments = [RoundDepartment(department_id=d) for d in spec.department_ids]
        session.flush()
        if keep_questions:
            return
        if spec.policy is not None:
            composition = self._compose(session, spec.policy, spec.department_ids)
            round_.policy = dict(spec.policy.to_json(), reasons={str(k): v for k, v in composition.reasons.items()},
                                 warnings=composition.warnings)
            question_ids = tuple(composition.question_ids)
        else:
            round_.policy, question_ids = None, spec.question_ids
        self._set_questions(session, round_, question_ids)

    @staticmethod
    def _check_departments(session: Session, department_ids: tuple[int, ...]) -> None:
        if not department_ids:
            return
        found = set(session.scalars(select(Department.id).where(Department.id.in_(department_ids))))
        missing = sorted(set(department_ids) - found)
        if missing:
            raise InvalidInput(f"科室不存在：{'、'.join(map(str, missing))}")

    @staticmethod
    def _set_questions(session: Session, round_: Round, question_ids: tuple[int, ...],
                       kept: dict[int, int] | None = None) -> None:
        """`kept`: questions already on the paper keep their revision (reordering a
        paper does not require its questions to be published still)."""
        rows = []
        for position, question_id in enumerate(question_ids, 1):
            question = session.get(Question, question_id)
            if question is None:
                raise InvalidInput(f"试题 {question_id} 不存在")
            revision = published_revision(session, question)
            revision_id = revision.id if revision is not None else (kept or {}).get(question_id)
            if revision_id is None:
                raise InvalidInput(f"试题 {question_id} 尚未发布或已停用，不能用于轮次")
            rows.append(RoundQuestion(position=position, question_id=question_id, revision_id=revision_id))
        round_.questions = rows
        session.flush()

    def _compose(self, session: Session, policy: CompositionPolicy,
                 department_ids: tuple[int, ...]) -> Composition:
        statute_names = self._coverage_targets(policy)
        candidates, size = audience_candidates(session, department_ids, self.clock.now(), policy.recent_days)
        return compose(candidates, policy, size, statute_names)

    def _coverage_targets(self, policy: CompositionPolicy) -> dict[int, str]:
        if policy.statute_ids:
            return {i: self.library.get_statute(i).short_title for i in policy.statute_ids}
        targets = {}
        for name in AUDIT_STATUTES:
            try:
                info = self.library.find_statute(name)
            except NotFound:
                continue
            targets[info.id] = info.short_title
        return targets

    def list_rounds(self, actor: Actor, status: str | None = None) -> list[RoundSummary]:
        """Rounds the person may see, newest first; staff see published rounds addressed to them."""
        if status is not None and status not in STATUSES:
            raise InvalidInput(f"轮次状态“{status}”无效，可选：{'、'.join(STATUSES)}")
        with read_session(self.sessions) as session:
            statement = select(Round).where(Round.kind == TRAINING).order_by(Round.opens_at.desc(), Round.id.desc())
            if status:
                statement = statement.where(Round.status == status)
            rounds = [r for r in session.scalars(statement) if may_see(session, r, actor)]
            return [self._summary(session, r, actor) for r in rounds]

    def get_round(self, actor: Actor, round_id: int) -> RoundDetail:
        with read_session(self.sessions) as session:
            round_ = get_round_row(session, round_id)
            if round_.kind != TRAINING or not may_see(session, round_, actor):
                raise NotFound(f"没有找到轮次 {round_id}")
            return self._detail(session, round_, actor)

    def _summary(self, session: Session, round_: Round, actor: Actor) -> RoundSummary:
        infos = round_questions_info(session, round_)
        return RoundSummary(round_.id, round_.title, round_.status, STATUS_NAMES[round_.status],
                            from_db(round_.opens_at), from_db(round_.closes_at),
                            round_.time_limit_minutes, round_.attempts_allowed, round_.practice_mode,
                            len(infos), round(sum(i.points for i in infos), 2), round_.audience_all,
                            tuple(sorted(d.department_id for d in round_.departments)),
                            self.my_state(session, round_, actor), round_.competition,
                            round_.start_window_minutes, bool(round_.grade_while_open),
                            round_.double_marking_threshold, round_.regrade_days)

    def _detail(self, session: Session, round_: Round, actor: Actor) -> RoundDetail:
        names = tuple(session.scalars(select(Department.name).where(
            Department.id.in_([d.department_id for d in round_.departments])).order_by(Department.name)))
        policy = dict(round_.policy) if round_.policy else None
        notes = policy.pop("reasons", {}) if policy else {}
        return RoundDetail(self._summary(session, round_, actor), round_.description,
                           dict(round_.scoring or {}), policy, round_.period_key,
                           audience_size(session, round_), names,
                           tuple(round_questions_info(session, round_)) if is_manager(actor) else (),
                           notes if is_manager(actor) else {}, round_.cancel_reason or "")

    def my_state(self, session: Session, round_: Round, actor: Actor) -> MyRoundState:
        attempts = session.scalars(select(Attempt).where(
            Attempt.round_id == round_.id, Attempt.user_id == actor.id)).all()
        done = [a for a in attempts if a.status == SUBMITTED]
        running = next((a for a in attempts if a.status == IN_PROGRESS), None)
        deadline = user_deadline(session, round_, actor.id)
        reason = start_refusal(round_, self.clock.now(), deadline, len(done), running is not None)
        best = max((a.score for a in done if a.score is not None), default=None)
        mine = tuple(MyAttempt(a.id, a.number, a.status, a.score, a.max_score, from_db(a.submitted_at),
                               a.ungraded)
                     for a in sorted(attempts, key=lambda a: a.number))
        return MyRoundState(len(attempts), round_.attempts_allowed, running.id if running else None,
                            best, deadline, not reason, reason, mine)


def start_refusal(round_: Round, now: dt.datetime, deadline: dt.datetime | None,
                  submitted: int, running: bool) -> str:
    """Why a person may not start or resume an attempt now ('' if they may)."""
    if round_.status in ("draft", "cancelled", "closed"):
        return {"draft": "轮次尚未发布", "cancelled": "轮次已取消", "closed": "轮次已结束"}[round_.status]
    if now < from_db(round_.opens_at):
        return "轮次尚未开始"
    if deadline is not None and now >= deadline:
        return "已过截止时间"
    if not running and round_.competition and round_.start_window_minutes and \
            now > from_db(round_.opens_at) + dt.timedelta(minutes=round_.start_window_minutes):
        return f"比武入场时间已过（开始后 {round_.start_window_minutes} 分钟内入场）"
    if not running and submitted >= round_.attempts_allowed:
        return f"已完成作答（本轮可作答 {round_.attempts_allowed} 次）"
    return ""


def get_round_row(session: Session, round_id: int) -> Round:
    round_ = session.get(Round, round_id) if isinstance(round_id, int) else None
    if round_ is None:
        raise NotFound(f"没有找到轮次 {round_id}")
    return round_


def get_training_round(session: Session, round_id: int) -> Round:
    """A 练兵 round; a 自测 round is its owner's alone, so to everything that manages,
    grades or reports rounds it does not exist."""
    round_ = get_round_row(session, round_id)
    if round_.kind != TRAINING:
        raise NotFound(f"没有找到轮次 {round_id}")
    return round_


def has_attempts(session: Session, round_id: int) -> bool:
    return bool(session.scalar(select(func.count(Attempt.id)).where(Attempt.round_id == round_id)))


def may_see(session: Session, round_: Round, actor: Actor) -> bool:
    if round_.kind == SELF_PRACTICE:
        return round_.owner_id == actor.id
    if is_manager(actor):
        return True
    if round_.status == DRAFT:
        return False
    if is_in_audience(session, round_, actor):
        return True
    return bool(session.scalar(select(func.count(Attempt.id)).where(
        Attempt.round_id == round_.id, Attempt.user_id == actor.id)))

