"""Tables of audit cases: audit types (an editable list), cases, their tags and revisions.

A case row holds the current text; every save also writes a full snapshot to
`case_revisions`, so any earlier state can be shown, compared and restored.  `revision`
is the optimistic-locking counter: an UPDATE that expects an older value touches no row.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base
from core.db import utcnow

STATUS_DRAFT = "draft"
STATUS_PUBLISHED = "published"
CASE_STATUSES = {STATUS_DRAFT: "草稿", STATUS_PUBLISHED: "已发布"}

# The list a new database starts with; trainers add, rename, reorder and retire types.
DEFAULT_AUDIT_TYPES = ("预算执行", "经济责任", "政府投资", "自然资源资产", "民生资金", "国有企业",
                       "金融", "政府采购", "行政事业单位财务", "司法案例", "其他")


class AuditType(Base):
    __tablename__ = "audit_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Retired types stay on old cases but are not offered for new ones.
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable across bureaus: export and import match cases by it.
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    audit_type_id: Mapped[int] = mapped_column(ForeignKey("audit_types.id"), index=True)
    summary: Mapped[str] = mapped_column(String(500), default="")
    case_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    source: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=STATUS_DRAFT, index=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    audit_type: Mapped[AuditType] = relationship()
    tags: Mapped[list["CaseTag"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseTag.position")

    __mapper_args__ = {"version_id_col": revision}


class CaseTag(Base):
    __tablename__ = "case_tags"
    __table_args__ = (UniqueConstraint("case_id", "tag"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    tag: Mapped[str] = mapped_column(String(40), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    case: Mapped[Case] = relationship(back_populates="tags")


class CaseRevision(Base):
    """A full snapshot of a case after one save; number 1 is the first save."""
    __tablename__ = "case_revisions"
    __table_args__ = (UniqueConstraint("case_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    audit_type: Mapped[str] = mapped_column(String(40))
    tags: Mapped[list] = mapped_column(JSON, default=list)
    summary: Mapped[str] = mapped_column(String(500), default="")
    case_date: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10))
    # Field names (title, body, …) that differ from the revision before.
    changed: Mapped[list] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(String(200), default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
