"""Administrators' corrections of legal time, kept apart from the imported rows.

An import rewrites statute versions from the corpus; the corrections stay in their own
table, keyed by the statute's normalised title and the version's date (both survive a
re-import), and are applied again after every import.  Rows are only added: the newest
row for a (statute, version, field) is the one that counts, the older ones are history.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base

FIELD_PROMULGATED = "promulgated"
FIELD_EFFECTIVE = "effective"
FIELD_REPEAL = "repeal"
FIELDS = (FIELD_PROMULGATED, FIELD_EFFECTIVE, FIELD_REPEAL)


class LegalTimeCorrection(Base):
    __tablename__ = "legal_time_corrections"
    __table_args__ = (Index("ix_legal_time_corrections_key", "statute_key", "version_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Statute.key (the normalised full title).
    statute_key: Mapped[str] = mapped_column(String(300))
    # The version corrected; None for a statute-wide fact (its repeal).
    version_date: Mapped[dt.date | None] = mapped_column(Date)
    field: Mapped[str] = mapped_column(String(20))
    # The corrected date; for FIELD_REPEAL None means "not repealed".
    value: Mapped[dt.date | None] = mapped_column(Date)
    # FIELD_REPEAL: the repealing document.
    by_title: Mapped[str | None] = mapped_column(String(300))
    # Where the administrator has the fact from (a decision, a gazette).
    note: Mapped[str] = mapped_column(String(300))
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_name: Mapped[str] = mapped_column(String(100), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime)
