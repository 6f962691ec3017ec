"""Tables of the case competition (案例评比).

A contest's phase is derived from its window and `published_at`, never stored: before
`opens_at` it is upcoming, until `closes_at` staff submit, then judges score until the
trainer publishes.  An entry keeps its own copy of the case's fields (what the author
submitted is what the judges scored); a winner becomes a `cases` row when published.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, utcnow

ENTRY_SUBMITTED = "submitted"
ENTRY_WITHDRAWN = "withdrawn"
ENTRY_STATUSES = {ENTRY_SUBMITTED: "已提交", ENTRY_WITHDRAWN: "已撤回"}


class CaseContest(Base):
    __tablename__ = "quiz_case_contests"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    opens_at: Mapped[dt.datetime] = mapped_column(DateTime)
    closes_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # Judges see no author names (nor departments) while scoring.
    blind: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    published_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    criteria: Mapped[list["ContestCriterion"]] = relationship(
        cascade="all, delete-orphan", order_by="ContestCriterion.position")
    judges: Mapped[list["ContestJudge"]] = relationship(
        cascade="all, delete-orphan", order_by="ContestJudge.position")


class ContestCriterion(Base):
    """One scoring criterion (定性准确 …); a judge gives 0…weight points for it."""
    __tablename__ = "quiz_case_contest_criteria"
    __table_args__ = (UniqueConstraint("contest_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_case_contests.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(40))
    weight: Mapped[int] = mapped_column(Integer)


class ContestJudge(Base):
    __tablename__ = "quiz_case_contest_judges"
    __table_args__ = (UniqueConstraint("contest_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_case_contests.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ContestEntry(Base):
    """A submitted case: the case editor's fields, its authors, the award once set."""
    __tablename__ = "quiz_case_contest_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_case_contests.id", ondelete="CASCADE"), index=True)
    submitter_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    audit_type: Mapped[str] = mapped_column(String(40))
    case_date: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(300), default="")
    summary: Mapped[str] = mapped_column(String(500), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(12), default=ENTRY_SUBMITTED, index=True)
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # 一等奖/二等奖/三等奖/优秀奖, or "" — set by the trainer after judging.
    award: Mapped[str] = mapped_column(String(10), default="")
    # The published case a winner became (None until the results are published).
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))

    authors: Mapped[list["ContestAuthor"]] = relationship(
        cascade="all, delete-orphan", order_by="ContestAuthor.position")


class ContestAuthor(Base):
    """An author of an entry; position 0 is the one who submitted it."""
    __tablename__ = "quiz_case_contest_authors"
    __table_args__ = (UniqueConstraint("entry_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_case_contest_entries.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ContestReview(Base):
    """One judge's scoring of one entry: the comment and the total of its scores."""
    __tablename__ = "quiz_case_contest_reviews"
    __table_args__ = (UniqueConstraint("entry_id", "judge_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_case_contest_entries.id", ondelete="CASCADE"), index=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    total: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    scored_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    scores: Mapped[list["ContestScore"]] = relationship(cascade="all, delete-orphan")


class ContestScore(Base):
    __tablename__ = "quiz_case_contest_scores"
    __table_args__ = (UniqueConstraint("review_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_case_contest_reviews.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_case_contest_criteria.id", ondelete="CASCADE"))
    points: Mapped[int] = mapped_column(Integer)
