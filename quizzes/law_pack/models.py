"""Tables of the 以案释法 packs: a pack (its subject, as the trainer chose it) and the
meetings it was used at.  A pack is assembled anew for each meeting, so the articles are
always those in force on that meeting's date; copying a pack for another audit starts a
new pack from its subject (`copied_from_id` keeps where it came from)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, utcnow

USERS_FK = "users.id"


class LawPack(Base):
    __tablename__ = "quiz_law_packs"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    # An audit type's name (the case library's list); "" when the pack names none.
    audit_type: Mapped[str] = mapped_column(String(40), default="")
    # Slugs of the guide entries whose findings the pack explains, in order.
    guide_slugs: Mapped[list] = mapped_column(JSON, default=list)
    # The articles as the trainer wrote them (预算法第九十三条；《审计法》第四十九条): kept
    # as written and resolved again for each meeting's date.
    articles: Mapped[str] = mapped_column(Text, default="")
    # uids of the cases to tell, in order.
    case_uids: Mapped[list] = mapped_column(JSON, default=list)
    # How many self-check questions to draw from the bank (0: no quiz).
    question_count: Mapped[int] = mapped_column(Integer, default=5)
    # Counts edits of the subject: an edit names the revision it started from (StaleEdit).
    revision: Mapped[int] = mapped_column(Integer, default=1)
    copied_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("quiz_law_packs.id", ondelete="SET NULL"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey(USERS_FK, ondelete="SET NULL"))
    updated_by: Mapped[int | None] = mapped_column(ForeignKey(USERS_FK, ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    meetings: Mapped[list["PackMeeting"]] = relationship(
        back_populates="pack", cascade="all, delete-orphan",
        order_by="(PackMeeting.held_on, PackMeeting.id)")


class PackMeeting(Base):
    """A meeting a pack was (or will be) used at: the audited unit, which of the four
    meetings, and its date — the date the pack's articles are read in force on."""
    __tablename__ = "quiz_law_pack_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[int] = mapped_column(ForeignKey("quiz_law_packs.id", ondelete="CASCADE"),
                                         index=True)
    unit_name: Mapped[str] = mapped_column(String(200))
    # 进点会 / 反馈会 / 审计发现问题分析会 / 内审培训会 (values.MEETING_KINDS)
    kind: Mapped[str] = mapped_column(String(20))
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey(USERS_FK, ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    pack: Mapped[LawPack] = relationship(back_populates="meetings")
