"""申请复核: a person asks for one of their graded written answers to be graded again.

The window is a round setting (`regrade_days`, default 3; 0 accepts none): it runs from when
the attempt's results are final — the round closed and every written answer graded — for
that many days.  One request per answer, with a reason (≤ 1000 characters).  It waits in the
复核申请 queue for a grader who did not grade the answer; they see the original grade and
the reason, confirm or change the points with a comment, and the attempt's score (hence
the round's results and rankings) follows.  The person gets an in-app notice; the request,
the decision and the change are in the grading log / audit log.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from accounts.permissions import MANAGER_ROLES
from accounts.security_log import add_event
from accounts.user import User
from core.actor import Actor
from core.clock import LOCAL_TZ, Clock, from_db, to_db
from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from quizzes.content import WrittenKey
from quizzes.double_marking import Counted, marks_by_answer
from quizzes.exemplary import ExemplaryAnswer, exemplary_of
from quizzes.grading import SUBMITTED, answers_visible, load_contents
from quizzes.grading_log import record_grade
from quizzes.marking import (Marks, answer_of, check_marks, count_grade, marks_from, marks_of, require_grader,
                             written_parts)
from quizzes.models import Attempt, AttemptItem, RegradeRequest, Round, RoundQuestion, WrittenGrade
from quizzes.notify.models import Notice
from quizzes.notify.notifier import Announcement
from quizzes.round_spec import CLOSED
from quizzes.transactions import SessionFactory, read_session, write_session

MAX_REASON = 1000
OPEN, CONFIRMED, CHANGED = "open", "confirmed", "changed"
STATUS_NAMES = {OPEN: "复核中", CONFIRMED: "复核维持原分", CHANGED: "复核已改分"}
# The result page's path: the notice of the outcome links to it.
ATTEMPT_PATH = "/attempts/{id}"


@dataclass(frozen=True)
class RegradeState:
    """A request as its author sees it on the result page."""
    request_id: int
    status: str
    status_name: str
    reason: str
    previous_points: float
    points: float | None            # the points after the re-grade; None while open
    comment: str                    # the re-grader's comment
    created_at: dt.datetime
    decided_at: dt.datetime | None


@dataclass(frozen=True)
class GradingRecord:
    """What grading left on an attempt, for its owner: the grades, the re-grade requests,
    until when a re-grade may be asked (None: not, or no longer), and the round's 示范答案
    once its answers are out."""
    marks: Mapping[tuple[int, str], Marks]
    regrades: Mapping[tuple[int, str], RegradeState]
    regrade_until: dt.datetime | None
    exemplary: Mapping[tuple[int, str], tuple[ExemplaryAnswer, ...]]


@dataclass(frozen=True)
class RegradeTicket:
    """A request in the graders' 复核申请 queue (the answer stays anonymous)."""
    request_id: int
    round_id: int
    round_title: str
    question_id: int
    part_id: str
    position: int
    status: str
    status_name: str
    reason: str
    previous_points: float
    max_points: float
    created_at: dt.datetime
    graded_by: tuple[str, ...]      # who graded it: they may not take it
    eligible: tuple[str, ...]       # who may take it
    may_take: bool                  # the grader looking at the queue may


@dataclass(frozen=True)
class RegradeCase:
    """What the re-grader decides on: the request, the question, the answer and its grade."""
    ticket: RegradeTicket
    stem: str
    key: WrittenKey
    answer: str
    marks: Marks


def regrade_deadline(attempt: Attempt, round_: Round) -> dt.datetime | None:
    """When 申请复核 closes for the attempt; None while its results are not final (or the
    round accepts none)."""
    if (round_.status != CLOSED or attempt.status != SUBMITTED or attempt.ungraded
            or attempt.graded_at is None or not round_.regrade_days):
        return None
    closed = from_db(round_.closed_at or round_.closes_at)
    return max(from_db(attempt.graded_at), closed) + dt.timedelta(days=round_.regrade_days)


def grading_record(session: Session, attempt: Attempt, round_: Round, now: dt.datetime) -> GradingRecord:
    requests = session.scalars(select(RegradeRequest).where(RegradeRequest.attempt_id == attempt.id))
    deadline = regrade_deadline(attempt, round_)
    return GradingRecord(marks_of(session, attempt), {(r.question_id, r.part_id): _state(r) for r in requests},
                         deadline if deadline is not None and now <= deadline else None,
                         exemplary_of(session, round_.id) if answers_visible(round_) else {})


def _state(row: RegradeRequest) -> RegradeState:
    return RegradeState(row.id, row.status, STATUS_NAMES[row.status], row.reason, row.previous_points,
                        row.points, row.comment, from_db(row.created_at), from_db(row.decided_at))


def check_reason(reason: Any) -> str:
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidInput("请填写申请复核的理由")
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise InvalidInput(f"申请复核的理由不超过 {MAX_REASON} 字（现 {len(reason)} 字）")
    return reason


class RegradeService:
    def __init__(self, sessions: SessionFactory, clock: Clock):
        self.sessions = sessions
        self.clock = clock
        # Told of each decision's notice once it is committed (the notifier, wired in
        # quizzes.services: the email goes out at once, through the work queue).
        self.decided: list[Callable[[Announcement], object]] = []

    def request(self, actor: Actor, attempt_id: Any, question_id: Any, part_id: str, reason: Any) -> RegradeState:
        """File a request for one's own graded written answer, within the window."""
        reason = check_reason(reason)
        with write_session(self.sessions) as session:
            attempt = session.scalars(select(Attempt).where(Attempt.id == attempt_id).with_for_update()).first() \
                if isinstance(attempt_id, int) else None
            if attempt is None or attempt.user_id != actor.id:
                raise NotFound(f"没有找到作答记录 {attempt_id}")
            item, grade = _graded_answer(session, attempt, question_id, part_id or "")
            self._check_window(attempt, session.get(Round, attempt.round_id))
            if session.scalars(select(RegradeRequest.id).where(
                    RegradeRequest.item_id == item.id, RegradeRequest.part_id == grade.part_id)).first():
                raise Conflict("这道题已经申请过复核，每道题只能申请一次")
            graders = {m.grader_id for m in marks_by_answer(session, [item.id]).get((item.id, grade.part_id), [])}
            row = RegradeRequest(attempt_id=attempt.id, item_id=item.id, question_id=item.question_id,
                                 part_id=grade.part_id, user_id=actor.id, reason=reason, status=OPEN,
                                 previous_points=grade.points, grader_ids=sorted(graders | {grade.grader_id} - {None}),
                                 created_at=to_db(self.clock.now()), comment="")
            session.add(row)
            add_event(session, self.clock, actor, "regrade_requested", _target(attempt.id, item.question_id,
                                                                                grade.part_id), reason[:200])
            session.flush()
            return _state(row)

    def _check_window(self, attempt: Attempt, round_: Round) -> None:
        if not round_.regrade_days:
            raise Conflict("本轮次不接受复核申请")
        deadline = regrade_deadline(attempt, round_)
        if deadline is None:
            raise Conflict("成绩尚未最终确定（轮次截止且全部主观题阅卷完成后），暂不能申请复核")
        if self.clock.now() > deadline:
            raise Conflict(f"申请复核的期限已过：成绩确定后 {round_.regrade_days} 天内可以申请，"
                           f"已于 {deadline.astimezone(LOCAL_TZ):%Y-%m-%d %H:%M} 截止")

    def queue(self, actor: Actor) -> list[RegradeTicket]:
        """Open requests, oldest first, then the 20 latest decided."""
        with read_session(self.sessions) as session:
            require_grader(session, actor)
            open_rows = session.scalars(select(RegradeRequest).where(RegradeRequest.status == OPEN)
                                        .order_by(RegradeRequest.id)).all()
            done = session.scalars(select(RegradeRequest).where(RegradeRequest.status != OPEN)
                                   .order_by(RegradeRequest.decided_at.desc()).limit(20)).all()
            graders = _graders(session)
            return [self._ticket(session, row, actor, graders) for row in [*open_rows, *done]]

    def get(self, actor: Actor, request_id: Any) -> RegradeCase:
        with read_session(self.sessions) as session:
            require_grader(session, actor)
            row = _request(session, request_id)
            attempt = session.get(Attempt, row.attempt_id)
            item, grade = _graded_answer(session, attempt, row.question_id, row.part_id)
            part = _part(session, item, row.part_id)
            return RegradeCase(self._ticket(session, row, actor, _graders(session)), part.stem, part.written_key,
                               str(answer_of(item, part) or ""), marks_from(grade))

    def decide(self, actor: Actor, request_id: Any, raw: Mapping) -> RegradeState:
        """Confirm or change the points, with a comment (required)."""
        with write_session(self.sessions) as session:
            require_grader(session, actor)
            row = _request(session, request_id)
            if actor.id in (row.grader_ids or []):
                raise PermissionDenied("您评过这份答卷，复核须由另一位阅卷人完成")
            attempt = session.scalars(select(Attempt).where(Attempt.id == row.attempt_id).with_for_update()).one()
            session.refresh(row)
            if row.status != OPEN:
                raise Conflict(f"这份复核申请已处理（{STATUS_NAMES[row.status]}）")
            item, grade = _graded_answer(session, attempt, row.question_id, row.part_id)
            part = _part(session, item, row.part_id)
            points, rubric, comment = check_marks(part.written_key, raw if isinstance(raw, Mapping) else {})
            if not comment:
                raise InvalidInput("请填写复核意见")
            now = to_db(self.clock.now())
            previous = grade.points
            count_grade(session, attempt, item, row.part_id, grade, Counted(points, rubric, grade.comment), actor, now)
            row.status = CHANGED if abs(points - previous) > 1e-9 else CONFIRMED
            row.points, row.comment, row.decided_by_id, row.decided_at = points, comment, actor.id, now
            record_grade(session, self.clock, actor, attempt_id=attempt.id, question_id=row.question_id,
                         points=points, max_points=part.written_key.points, part_id=row.part_id or None,
                         previous=previous, regrade=True, reason=f"复核：{comment[:200]}")
            notice = _notice(session, row, attempt, now)
            session.add(notice)
            session.flush()
            state = _state(row)
        announcement = Announcement(notice.event_key, notice.title, notice.body, notice.link, (notice.user_id,))
        for listener in self.decided:
            listener(announcement)
        return state

    @staticmethod
    def _ticket(session: Session, row: RegradeRequest, actor: Actor, graders: dict[int, str]) -> RegradeTicket:
        attempt = session.get(Attempt, row.attempt_id)
        round_ = session.get(Round, attempt.round_id)
        item = session.get(AttemptItem, row.item_id)
        part = _part(session, item, row.part_id)
        position = session.scalars(select(RoundQuestion.position).where(
            RoundQuestion.round_id == round_.id, RoundQuestion.question_id == row.question_id)).first()
        excluded = set(row.grader_ids or [])
        return RegradeTicket(row.id, round_.id, round_.title, row.question_id, row.part_id, position or item.position,
                             row.status, STATUS_NAMES[row.status], row.reason, row.previous_points,
                             part.written_key.points, from_db(row.created_at),
                             tuple(graders.get(i, f"用户 {i}") for i in sorted(excluded)),
                             tuple(name for uid, name in graders.items() if uid not in excluded),
                             row.status == OPEN and actor.id not in excluded)


def _graders(session: Session) -> dict[int, str]:
    """Everyone who may grade: active trainers, admins and designated graders."""
    rows = session.execute(select(User.id, User.display_name).where(
        User.is_active.is_(True), or_(User.role.in_(MANAGER_ROLES), User.is_grader.is_(True)))
        .order_by(User.display_name, User.id)).all()
    return {uid: name for uid, name in rows}


def _request(session: Session, request_id: Any) -> RegradeRequest:
    row = session.get(RegradeRequest, request_id) if isinstance(request_id, int) else None
    if row is None:
        raise NotFound(f"没有找到复核申请 {request_id}")
    return row


def _part(session: Session, item: AttemptItem, part_id: str):
    content = load_contents(session, [item.revision_id])[item.revision_id]
    part = next((p for p in written_parts(content) if p.id == part_id), None)
    if part is None:
        raise NotFound("这道题没有需要阅卷的主观题" + ("小题" if part_id else ""))
    return part


def _graded_answer(session: Session, attempt: Attempt, question_id: Any,
                   part_id: str) -> tuple[AttemptItem, WrittenGrade]:
    item = next((i for i in attempt.items if i.question_id == question_id), None)
    if item is None:
        raise NotFound(f"试题 {question_id} 不在本次作答中")
    _part(session, item, part_id)
    grade = session.scalars(select(WrittenGrade).where(
        WrittenGrade.item_id == item.id, WrittenGrade.part_id == part_id)).first()
    if grade is None:
        raise Conflict("这道题尚未阅卷定分，不能申请复核")
    return item, grade


def _target(attempt_id: int, question_id: int, part_id: str) -> str:
    return f"答卷 #{attempt_id} 试题 #{question_id}" + (f" 小题 {part_id}" if part_id else "")


def _notice(session: Session, row: RegradeRequest, attempt: Attempt, now: dt.datetime) -> Notice:
    round_ = session.get(Round, attempt.round_id)
    outcome = (f"维持原分 {row.previous_points:g} 分" if row.status == CONFIRMED
               else f"由 {row.previous_points:g} 分改为 {row.points:g} 分")
    return Notice(user_id=row.user_id, event_key=f"regrade:{row.id}", title=f"复核结果：{round_.title}"[:200],
                  body=f"您申请复核的答卷已处理：{outcome}。复核意见：{row.comment}",
                  link=ATTEMPT_PATH.format(id=attempt.id), created_at=now)
