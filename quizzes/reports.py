"""纠错: anyone who met a question in an attempt may say it is wrong; the report is stored
against the revision they saw and addressed to the question's author, who resolves it.
(The notice that tells the author comes with issue E; `open_reports_for` is its source.)
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.user import User
from core.clock import Clock, from_db, to_db
from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from accounts.permissions import is_manager, require_manager
from core.actor import Actor
from quizzes.bank import latest_revision
from quizzes.models import Attempt, AttemptItem, Question, QuestionReport, QuestionRevision
from quizzes.transactions import SessionFactory, after_change, read_session, write_session

OPEN, ACCEPTED, DISMISSED = "open", "accepted", "dismissed"
STATUS_NAMES = {OPEN: "待处理", ACCEPTED: "已采纳", DISMISSED: "未采纳"}
MAX_MESSAGE = 1000


@dataclass(frozen=True)
class ReportInfo:
    id: int
    question_id: int
    revision_no: int
    stem: str
    reporter_id: int
    reporter_name: str
    author_id: int | None
    message: str
    status: str
    resolution: str
    created_at: dt.datetime
    resolved_at: dt.datetime | None

    @property
    def status_name(self) -> str:
        return STATUS_NAMES[self.status]


class ReportService:
    def __init__(self, sessions: SessionFactory, clock: Clock):
        self.sessions = sessions
        self.clock = clock
        # Run after a problem is reported (the author's notice, at once; quizzes.services).
        self.after_change: list[Callable[[], object]] = []

    @after_change
    def report_problem(self, actor: Actor, question_id: int, message: str) -> ReportInfo:
        message = (message or "").strip()
        if not message or len(message) > MAX_MESSAGE:
            raise InvalidInput(f"请说明试题的问题（1 至 {MAX_MESSAGE} 字）")
        with write_session(self.sessions) as session:
            question = session.get(Question, question_id) if isinstance(question_id, int) else None
            if question is None:
                raise NotFound(f"没有找到试题 {question_id}")
            revision_id = self._seen_revision(session, actor.id, question_id)
            if revision_id is None:
                if not is_manager(actor):
                    raise PermissionDenied("只能对作答过的试题纠错")
                revision_id = latest_revision(session, question).id
            if session.scalar(select(QuestionReport.id).where(
                    QuestionReport.question_id == question_id, QuestionReport.reporter_id == actor.id,
                    QuestionReport.status == OPEN)):
                raise Conflict("您对该题的纠错正在处理中，请勿重复提交")
            report = QuestionReport(question_id=question_id, revision_id=revision_id,
                                    reporter_id=actor.id, author_id=question.author_id,
                                    message=message, created_at=to_db(self.clock.now()))
            session.add(report)
            session.flush()
            return _info(session, report)

    @staticmethod
    def _seen_revision(session: Session, user_id: int, question_id: int) -> int | None:
        return session.scalar(select(AttemptItem.revision_id).join(Attempt, Attempt.id == AttemptItem.attempt_id)
                              .where(Attempt.user_id == user_id, AttemptItem.question_id == question_id)
                              .order_by(Attempt.started_at.desc()).limit(1))

    def open_reports_for(self, actor: Actor) -> list[ReportInfo]:
        """The author's inbox: open reports on the questions they wrote."""
        with read_session(self.sessions) as session:
            rows = session.scalars(select(QuestionReport).where(
                QuestionReport.author_id == actor.id, QuestionReport.status == OPEN)
                .order_by(QuestionReport.id)).all()
            return [_info(session, r) for r in rows]

    def list_reports(self, actor: Actor, status: str | None = OPEN,
                     question_id: int | None = None) -> list[ReportInfo]:
        with read_session(self.sessions) as session:
            require_manager(actor, "查看纠错")
            statement = select(QuestionReport).order_by(QuestionReport.id.desc())
            if status:
                statement = statement.where(QuestionReport.status == status)
            if question_id:
                statement = statement.where(QuestionReport.question_id == question_id)
            return [_info(session, r) for r in session.scalars(statement)]

    def resolve_report(self, actor: Actor, report_id: int, accepted: bool, resolution: str) -> ReportInfo:
        """Close a report (the fix itself is an edit of the question: a new revision)."""
        with write_session(self.sessions) as session:
            require_manager(actor, "处理纠错")
            report = session.get(QuestionReport, report_id) if isinstance(report_id, int) else None
            if report is None:
                raise NotFound(f"没有找到纠错 {report_id}")
            if report.status != OPEN:
                raise Conflict("该纠错已处理")
            report.status = ACCEPTED if accepted else DISMISSED
            report.resolution, report.resolved_by_id = (resolution or "").strip()[:MAX_MESSAGE], actor.id
            report.resolved_at = to_db(self.clock.now())
            return _info(session, report)


def _info(session: Session, report: QuestionReport) -> ReportInfo:
    revision = session.get(QuestionRevision, report.revision_id)
    reporter = session.get(User, report.reporter_id)
    return ReportInfo(report.id, report.question_id, revision.number, revision.stem,
                      report.reporter_id, reporter.display_name if reporter else "",
                      report.author_id, report.message, report.status, report.resolution,
                      from_db(report.created_at), from_db(report.resolved_at))
