"""Tables of the citation layer: every stored reference (the backlinks) and the repeal
clauses found in the library (《中华人民共和国合同法》…同时废止)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base

SOURCE_CASE = "case"
SOURCE_QUESTION = "question"
SOURCE_ARTICLE = "article"
SOURCE_KINDS = (SOURCE_CASE, SOURCE_QUESTION, SOURCE_ARTICLE)


class CitationRecord(Base):
    """One reference from a text (a case, a question, a statute article) to an article.

    The reference itself (name, numbers, the text's date) is kept beside its resolution,
    so a later import can re-resolve it without the source text."""
    __tablename__ = "citations"
    __table_args__ = (
        Index("ix_citations_target", "statute_id", "article_no", "article_suffix"),
        Index("ix_citations_source", "source_kind", "source_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_kind: Mapped[str] = mapped_column(String(10))
    # Case id, question id, or the citing article's unit id.
    source_id: Mapped[int] = mapped_column(Integer)
    # For statute articles: the citing statute and version (units are renumbered on re-import).
    source_statute_id: Mapped[int | None] = mapped_column(
        ForeignKey("statutes.id", ondelete="CASCADE"), index=True)
    source_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("statute_versions.id", ondelete="CASCADE"))
    source_article_no: Mapped[int | None] = mapped_column(Integer)
    source_article_suffix: Mapped[int] = mapped_column(Integer, default=0)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(400))
    # The statute name as the text gives it (normalised), for re-resolution and reports.
    cited_name: Mapped[str] = mapped_column(String(300))
    article_no: Mapped[int] = mapped_column(Integer)
    article_suffix: Mapped[int] = mapped_column(Integer, default=0)
    paragraph: Mapped[int | None] = mapped_column(Integer)
    item: Mapped[int | None] = mapped_column(Integer)
    implied: Mapped[bool] = mapped_column(Boolean, default=False)
    version_year: Mapped[int | None] = mapped_column(Integer)
    # The date the text speaks from (a case's date, a statute version's effective date).
    text_date: Mapped[dt.date | None] = mapped_column(Date)
    statute_id: Mapped[int | None] = mapped_column(ForeignKey("statutes.id", ondelete="SET NULL"))
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("statute_versions.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    exact_version: Mapped[bool] = mapped_column(Boolean, default=True)
    # True when the version of the cited statute in force on text_date is not in the
    # library (the 2006 审计法 cited by the 2010 regulation): version_id then names the
    # nearest stored version for the link, and the row is no backlink of that version.
    version_absent: Mapped[bool] = mapped_column(Boolean, default=False)


class StatuteRepeal(Base):
    """A statute repealed: by a clause of another (…同时废止) or a 关于废止…的决定 in the
    library (found by `python -m kb link`), by the shipped data file, or by an
    administrator's correction (kb.legal_time)."""
    __tablename__ = "statute_repeals"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Normalised name of the repealed statute (it may not be in the library at all).
    name: Mapped[str] = mapped_column(String(300), index=True)
    title: Mapped[str] = mapped_column(String(300))
    repealed_on: Mapped[dt.date | None] = mapped_column(Date)
    # The repealing statute when the library holds it, else its title in by_title.
    by_statute_id: Mapped[int | None] = mapped_column(
        ForeignKey("statutes.id", ondelete="CASCADE"))
    by_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("statute_versions.id", ondelete="CASCADE"))
    by_article_no: Mapped[int | None] = mapped_column(Integer)
    by_title: Mapped[str | None] = mapped_column(String(300))
    # Where the fact comes from (REPEAL_SOURCES in kb.legal_time.repeal).
    source: Mapped[str] = mapped_column(String(20), default="clause")
    note: Mapped[str | None] = mapped_column(String(300))
