"""Tables of the finding-to-law guide: entries, the articles each cites (定性依据 and
处理处罚依据, in order) and the cases trainers attached to an entry."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base
from core.db import utcnow

ROLE_CHARACTERISATION = "characterisation"   # 定性依据
ROLE_SANCTION = "sanction"                   # 处理处罚依据
BASIS_ROLES = {ROLE_CHARACTERISATION: "定性依据", ROLE_SANCTION: "处理处罚依据"}


class GuideEntry(Base):
    __tablename__ = "guide_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable name for the entry in the seed file and in links.
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40), default="", index=True)
    # Words a finding is described with (化整为零, 规避招标): what matching looks for.
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    # 问题表现: how the finding shows in the books, in the guide's own words.
    description: Mapped[str] = mapped_column(Text, default="")
    # 审计提示: what to check and what is commonly miscited.
    advice: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    basis: Mapped[list["GuideBasis"]] = relationship(
        back_populates="entry", cascade="all, delete-orphan",
        # 定性依据 (characterisation) sorts before 处理处罚依据 (sanction).
        order_by="(GuideBasis.role, GuideBasis.position)")
    cases: Mapped[list["GuideCase"]] = relationship(
        cascade="all, delete-orphan", order_by="GuideCase.position")

    __mapper_args__ = {"version_id_col": revision}


class GuideBasis(Base):
    """One article an entry cites, as a statute name and article numbers."""
    __tablename__ = "guide_basis"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("guide_entries.id", ondelete="CASCADE"),
                                          index=True)
    role: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)
    law: Mapped[str] = mapped_column(String(300))
    article_no: Mapped[int] = mapped_column(Integer)
    article_suffix: Mapped[int] = mapped_column(Integer, default=0)
    paragraph: Mapped[int | None] = mapped_column(Integer)
    item: Mapped[int | None] = mapped_column(Integer)
    # What the article contributes, in a line (shown beside the link).
    note: Mapped[str] = mapped_column(String(300), default="")

    entry: Mapped[GuideEntry] = relationship(back_populates="basis")


class GuideCase(Base):
    __tablename__ = "guide_entry_cases"

    entry_id: Mapped[int] = mapped_column(ForeignKey("guide_entries.id", ondelete="CASCADE"),
                                          primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"),
                                         primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
