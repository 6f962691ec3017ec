"""Tables of the quiz engine: the question bank with its revisions and 纠错 reports,
rounds (练兵轮次) with their questions, audiences and deadline extensions, attempts with
one row per answered question, and the 错题本's spaced-repetition state.

Revisions are never updated once written: an edit adds a revision, and attempts point
at the revision they were answered on, so a score can never change under a later edit.
A question's `latest_no` and `published_no` say which revision trainers edit and which
one new attempts are served (no foreign keys back to the revisions, which would make the
two tables depend on each other).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String,
                        Text, UniqueConstraint, false)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base
from core.db import utcnow

USERS_FK = "users.id"


class Question(Base):
    __tablename__ = "quiz_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # draft → reviewed → published (→ archived); describes the latest revision.
    status: Mapped[str] = mapped_column(String(20), index=True)
    latest_no: Mapped[int] = mapped_column(Integer, default=1)
    # The revision rounds and self-practice serve; None until first published.
    published_no: Mapped[int | None] = mapped_column(Integer)
    qtype: Mapped[str] = mapped_column(String(20), index=True)
    # manual / imported / generated / sample
    origin: Mapped[str] = mapped_column(String(20), default="manual")
    # Generator and sample loader key: re-running them never duplicates a question.
    source_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    # Hash of type, stem and options: an import of the same question twice is skipped.
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey(USERS_FK))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey(USERS_FK))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    revisions: Mapped[list["QuestionRevision"]] = relationship(
        back_populates="question", order_by="QuestionRevision.number")


class QuestionRevision(Base):
    __tablename__ = "quiz_question_revisions"
    __table_args__ = (UniqueConstraint("question_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("quiz_questions.id"))
    number: Mapped[int] = mapped_column(Integer)
    qtype: Mapped[str] = mapped_column(String(20))
    stem: Mapped[str] = mapped_column(Text)
    # [{"id": "o1", "text": "…"}]; ids stay with their option across revisions.
    options: Mapped[list] = mapped_column(JSON, default=list)
    # Canonical answer: option id, sorted list of ids, bool, or blanks × alternatives.
    answer: Mapped[object | None] = mapped_column(JSON)
    explanation: Mapped[str] = mapped_column(Text, default="")
    # [[statute_id, article_no, suffix]], validated against the library when written.
    articles: Mapped[list] = mapped_column(JSON, default=list)
    difficulty: Mapped[int] = mapped_column(Integer, default=3)
    tags: Mapped[list] = mapped_column(JSON, default=list)
    # A case of the cases feature (issue C) the stem is built on; no foreign key until
    # that table exists in this branch.
    case_id: Mapped[int | None] = mapped_column(Integer)
    # Sub-questions of a 案例分析题: [{"id": "p1", "type", "stem", "options", "answer", …}].
    parts: Mapped[list] = mapped_column(JSON, default=list)
    # 固定选项顺序: options shown as written to everyone, never shuffled (quizzes.attempts).
    fixed_order: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(String(200), default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey(USERS_FK))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    question: Mapped[Question] = relationship(back_populates="revisions")


class QuestionReport(Base):
    """纠错: a participant says a question is wrong; it reaches the question's author."""
    __tablename__ = "quiz_question_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("quiz_questions.id"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("quiz_question_revisions.id"))
    reporter_id: Mapped[int] = mapped_column(ForeignKey(USERS_FK))
    # The author at the time of the report: whom the notice goes to (issue E).
    author_id: Mapped[int | None] = mapped_column(ForeignKey(USERS_FK), index=True)
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")
    resolution: Mapped[str] = mapped_column(Text, default="")
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey(USERS_FK))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Round(Base):
    """练兵轮次, or a person's self-practice session (kind "self", owner_id set)."""
    __tablename__ = "quiz_rounds"
    __table_args__ = (Index("ix_quiz_rounds_kind_status", "kind", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="training")
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # draft / scheduled / open / closed / cancelled
    status: Mapped[str] = mapped_column(String(20), default="draft")
    audience_all: Mapped[bool] = mapped_column(Boolean, default=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey(USERS_FK), index=True)
    opens_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # None only for self-practice, which never closes.
    closes_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    time_limit_minutes: Mapped[int | None] = mapped_column(Integer)
    attempts_allowed: Mapped[int] = mapped_column(Integer, default=1)
    practice_mode: Mapped[bool] = mapped_column(Boolean, default=False)
    # Points per type and the 多选题 rule (quizzes.scoring.ScoringRules).
    scoring: Mapped[dict] = mapped_column(JSON, default=dict)
    # The composition policy the questions came from, for the record.
    policy: Mapped[dict | None] = mapped_column(JSON)
    # One round per schedule period (issue E): whatever fires twice creates one round.
    period_key: Mapped[str | None] = mapped_column(String(40), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey(USERS_FK))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    cancel_reason: Mapped[str] = mapped_column(String(500), default="")
    # 练兵比武 (quizzes.competition): attempts may start only within start_window_minutes
    # of the opening, so everyone answers in the same window.
    competition: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    start_window_minutes: Mapped[int | None] = mapped_column(Integer)
    # Written answers may be graded while the round is still open (else after the close).
    grade_while_open: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # 双评 (quizzes.double_marking): two graders per written answer; a difference above this
    # many points needs a third grade.  None: one grader (单评).
    double_marking_threshold: Mapped[float | None] = mapped_column(Float)
    # 申请复核 (quizzes.regrade): days after the results are final; 0 accepts none.
    regrade_days: Mapped[int] = mapped_column(Integer, default=3, server_default="3")

    questions: Mapped[list["RoundQuestion"]] = relationship(
        order_by="RoundQuestion.position", cascade="all, delete-orphan")
    departments: Mapped[list["RoundDepartment"]] = relationship(cascade="all, delete-orphan")


class RoundDepartment(Base):
    __tablename__ = "quiz_round_departments"

    round_id: Mapped[int] = mapped_column(ForeignKey("quiz_rounds.id"), primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), primary_key=True)


class RoundQuestion(Base):
    __tablename__ = "quiz_round_questions"
    __table_args__ = (UniqueConstraint("round_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("quiz_rounds.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[int] = mapped_column(ForeignKey("quiz_questions.id"))
    # The revision new attempts get; follows newly published revisions until the round
    # closes.  Attempts keep the revision they started with.
    revision_id: Mapped[int] = mapped_column(ForeignKey("quiz_question_revisions.id"))


class RoundExtension(Base):
    """A later deadline for one person (a trainer's decision)."""
    __tablename__ = "quiz_round_extensions"
    __table_args__ = (UniqueConstraint("round_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("quiz_rounds.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey(USERS_FK))
    closes_at: Mapped[dt.datetime] = mapped_column(DateTime)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey(USERS_FK))
    granted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Attempt(Base):
    __tablename__ = "quiz_attempts"
    __table_args__ = (UniqueConstraint("round_id", "user_id", "number"),
                      Index("ix_quiz_attempts_status_deadline", "status", "deadline_at"),
                      Index("ix_quiz_attempts_user", "user_id", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("quiz_rounds.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey(USERS_FK))
    number: Mapped[int] = mapped_column(Integer, default=1)
    # in_progress / submitted / void (round cancelled)
    status: Mapped[str] = mapped_column(String(20), default="in_progress")
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # When it is submitted automatically: time limit or (extended) close, whichever first.
    deadline_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # manual / time_limit / round_close / early_close (quizzes.grading)
    submit_kind: Mapped[str | None] = mapped_column(String(20))
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float] = mapped_column(Float, default=0.0)
    # The results went into the 错题本 (at close, or at submission in practice mode).
    results_recorded: Mapped[bool] = mapped_column(Boolean, default=False)
    # Written answers still to be graded; the score is final at 0.
    ungraded: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # When its last written answer got the grade that counts (the 申请复核 window starts then,
    # or at the round's close if later).
    graded_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    items: Mapped[list["AttemptItem"]] = relationship(
        order_by="AttemptItem.position", cascade="all, delete-orphan")


class AttemptItem(Base):
    """One question of an attempt: its revision, this person's option order, the last
    saved answer and, once graded, the score."""
    __tablename__ = "quiz_attempt_items"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id"))
    position: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[int] = mapped_column(ForeignKey("quiz_questions.id"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("quiz_question_revisions.id"))
    max_score: Mapped[float] = mapped_column(Float)
    # {"": [option ids]} for a plain question, {part id: [option ids]} for a case.
    option_order: Mapped[dict] = mapped_column(JSON, default=dict)
    # SQL NULL (not JSON null) when unanswered, so the answered ones can be counted in SQL.
    answer: Mapped[object | None] = mapped_column(JSON(none_as_null=True))
    saved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    save_count: Mapped[int] = mapped_column(Integer, default=0)
    # Practice mode: feedback was shown, the answer is final.
    checked: Mapped[bool] = mapped_column(Boolean, default=False)
    # Flagged for later (标记) on the 答题卡: kept with the attempt, so another device sees it.
    flagged: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The author agreed that this answer, if chosen as a 示范答案, shows their name.
    named_exemplary: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    score: Mapped[float | None] = mapped_column(Float)
    # Per-part scores of a case question: {part id: score}.
    part_scores: Mapped[dict | None] = mapped_column(JSON)


class WrittenGrade(Base):
    """A grader's marks for one written part of an attempt item (part "" for a 简答题/
    论述题).  `version` rises with every save: a save naming an older one is refused, so
    two graders never overwrite each other unseen."""
    __tablename__ = "quiz_written_grades"
    __table_args__ = (UniqueConstraint("item_id", "part_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempt_items.id"), index=True)
    part_id: Mapped[str] = mapped_column(String(16), default="")
    points: Mapped[float] = mapped_column(Float)
    # {rubric point id: points}
    rubric: Mapped[dict] = mapped_column(JSON, default=dict)
    comment: Mapped[str] = mapped_column(Text, default="")
    grader_id: Mapped[int | None] = mapped_column(ForeignKey(USERS_FK))
    graded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Chosen by a grader as a 示范答案, published with the 专家解题 (at most two per question).
    exemplary: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class GradeMark(Base):
    """One grader's marks under 双评 (quizzes.double_marking); the grade that counts is the
    WrittenGrade written once the marks agree (their mean) or a third grade decides."""
    __tablename__ = "quiz_grade_marks"
    __table_args__ = (UniqueConstraint("item_id", "part_id", "grader_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempt_items.id"), index=True)
    part_id: Mapped[str] = mapped_column(String(16), default="")
    grader_id: Mapped[int] = mapped_column(ForeignKey(USERS_FK))
    points: Mapped[float] = mapped_column(Float)
    rubric: Mapped[dict] = mapped_column(JSON, default=dict)
    comment: Mapped[str] = mapped_column(Text, default="")
    graded_at: Mapped[dt.datetime] = mapped_column(DateTime)


class RegradeRequest(Base):
    """申请复核: a person asks for one written answer to be graded again (once per answer);
    a grader who did not grade it decides (quizzes.regrade)."""
    __tablename__ = "quiz_regrade_requests"
    __table_args__ = (UniqueConstraint("item_id", "part_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempt_items.id"))
    question_id: Mapped[int] = mapped_column(ForeignKey("quiz_questions.id"))
    part_id: Mapped[str] = mapped_column(String(16), default="")
    user_id: Mapped[int] = mapped_column(ForeignKey(USERS_FK))
    reason: Mapped[str] = mapped_column(Text)
    # open → confirmed (维持原分) / changed (改分)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    previous_points: Mapped[float] = mapped_column(Float)
    # Who graded it: none of them may decide.
    grader_ids: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey(USERS_FK))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    points: Mapped[float | None] = mapped_column(Float)
    comment: Mapped[str] = mapped_column(Text, default="")


class ReviewItem(Base):
    """错题本 entry: a question a person got wrong, in a Leitner box that decides when it
    comes back (quizzes.review)."""
    __tablename__ = "quiz_review_items"
    __table_args__ = (UniqueConstraint("user_id", "question_id"),
                      Index("ix_quiz_review_items_due", "user_id", "due_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey(USERS_FK))
    question_id: Mapped[int] = mapped_column(ForeignKey("quiz_questions.id"))
    # The revision last answered wrongly: the 错题本 shows its explanation.
    revision_id: Mapped[int] = mapped_column(ForeignKey("quiz_question_revisions.id"))
    box: Mapped[int] = mapped_column(Integer, default=1)
    due_at: Mapped[dt.datetime] = mapped_column(DateTime)
    wrong_count: Mapped[int] = mapped_column(Integer, default=1)
    last_wrong_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_answered_at: Mapped[dt.datetime] = mapped_column(DateTime)
    mastered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


# The push: the schedule's settings, the notices issued, the scheduler's lease.

class ScheduleRow(Base):
    """The schedule's settings: one row, edited by admins."""
    __tablename__ = "push_schedule"

    id: Mapped[int] = mapped_column(primary_key=True)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    note: Mapped[str | None] = mapped_column(String(200))


class PushEvent(Base):
    """A notice that has been issued: (round, 12, open), (report, 5, author), …"""
    __tablename__ = "push_events"
    __table_args__ = (UniqueConstraint("subject", "subject_id", "event"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int] = mapped_column(Integer)
    event: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class SchedulerLease(Base):
    """Which scheduler process runs the push (quizzes.lease)."""
    __tablename__ = "push_lease"

    id: Mapped[int] = mapped_column(primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    heartbeat_at: Mapped[dt.datetime] = mapped_column(DateTime)
