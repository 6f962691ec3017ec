"""Tables of the statute library: statutes, their names, versions, source files and units.

A statute (中华人民共和国会计法) has versions (2017, 2024); a version has units in source
order: headings (编/章/节), articles (条) and passages (text outside articles).  An
article's text keeps one source line per line, so its paragraphs (款) and items (项) are
rebuilt exactly by `laws.parser.paragraphs_from_text`.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, utcnow

STATUS_CURRENT = "现行有效"
STATUS_AMENDED = "已修改"
STATUS_REPEALED = "已废止"
STATUS_PENDING = "尚未施行"
STATUSES = (STATUS_CURRENT, STATUS_AMENDED, STATUS_REPEALED, STATUS_PENDING)

KIND_HEADING = "heading"
KIND_ARTICLE = "article"
KIND_PASSAGE = "passage"


class Statute(Base):
    __tablename__ = "statutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Normalised full title: versions of one statute share it.
    key: Mapped[str] = mapped_column(String(300), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    short_title: Mapped[str] = mapped_column(String(300), index=True)
    level: Mapped[str] = mapped_column(String(20), index=True)
    branch: Mapped[str | None] = mapped_column(String(40), index=True)
    region: Mapped[str | None] = mapped_column(String(40))
    authority: Mapped[str | None] = mapped_column(String(100))
    repealed_on: Mapped[dt.date | None] = mapped_column(Date)
    # The document that repealed it and where that is known from (kb.legal_time).
    repealed_by: Mapped[str | None] = mapped_column(String(300))
    repeal_source: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    versions: Mapped[list["StatuteVersion"]] = relationship(
        back_populates="statute", cascade="all, delete-orphan", order_by="StatuteVersion.id")
    aliases: Mapped[list["StatuteAlias"]] = relationship(
        back_populates="statute", cascade="all, delete-orphan")


class StatuteAlias(Base):
    __tablename__ = "statute_aliases"
    __table_args__ = (UniqueConstraint("statute_id", "alias"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statute_id: Mapped[int] = mapped_column(ForeignKey("statutes.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(300), index=True)

    statute: Mapped[Statute] = relationship(back_populates="aliases")


class StatuteVersion(Base):
    __tablename__ = "statute_versions"
    __table_args__ = (Index("ix_statute_versions_statute_date", "statute_id", "version_date"),
                      # max(imported_at) is part of the library stamp read by every citation
                      # and guide lookup (kb.citations.resolver.library_stamp).
                      Index("ix_statute_versions_imported_at", "imported_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    statute_id: Mapped[int] = mapped_column(ForeignKey("statutes.id", ondelete="CASCADE"))
    version_date: Mapped[dt.date | None] = mapped_column(Date)
    # 公布日期 and 施行日期 (None: not recorded), and where the 施行日期 comes from
    # (laws.model.EFFECTIVE_SOURCES; for "data" and "admin" the note says which entry).
    promulgated: Mapped[dt.date | None] = mapped_column(Date)
    effective_date: Mapped[dt.date | None] = mapped_column(Date)
    effective_source: Mapped[str] = mapped_column(String(20), default="none")
    effective_note: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default=STATUS_CURRENT)
    # Display path of the source (a folder for a code merged from part files).
    source_path: Mapped[str] = mapped_column(String(500))
    # sha256 over the source files' bytes and the parser revision: unchanged → skip.
    content_hash: Mapped[str] = mapped_column(String(64))
    header_lines: Mapped[list] = mapped_column(JSON, default=list)
    events: Mapped[list] = mapped_column(JSON, default=list)
    part_titles: Mapped[list] = mapped_column(JSON, default=list)
    warnings: Mapped[list] = mapped_column(JSON, default=list)
    article_count: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    statute: Mapped[Statute] = relationship(back_populates="versions")
    sources: Mapped[list["SourceFile"]] = relationship(
        back_populates="version", cascade="all, delete-orphan")


class SourceFile(Base):
    """A corpus file and the version it went into; lets a re-import skip unchanged files."""
    __tablename__ = "source_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(500), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    version_id: Mapped[int] = mapped_column(
        ForeignKey("statute_versions.id", ondelete="CASCADE"), index=True)

    version: Mapped[StatuteVersion] = relationship(back_populates="sources")


class Unit(Base):
    """One stored unit of a version's body: a heading, an article or a passage."""
    __tablename__ = "units"
    __table_args__ = (
        Index("ix_units_version_seq", "version_id", "seq"),
        Index("ix_units_version_article", "version_id", "article_no", "article_suffix"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("statute_versions.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    # Heading depth (0 for a code's part title, 1 for the outermost ## heading).
    depth: Mapped[int | None] = mapped_column(Integer)
    # Article number and 之一 suffix (第十条之一 → 10, 1).
    article_no: Mapped[int | None] = mapped_column(Integer)
    article_suffix: Mapped[int] = mapped_column(Integer, default=0)
    # A passage's number within its document (documents without articles cite 第N段).
    passage_no: Mapped[int | None] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(60), default="")
    heading_path: Mapped[list] = mapped_column(JSON, default=list)
    text: Mapped[str] = mapped_column(Text)
    line: Mapped[int | None] = mapped_column(Integer)


TASK_LINK = "link"


class LibraryTask(Base):
    """Follow-up work an import leaves for the whole library (TASK_LINK: the citation
    link).  It is marked in the transaction that stores a changed statute and removed only
    by the run that completes the work, so a process killed in between leaves it marked
    and the next run (of any kind of import) finishes it.  `generation` counts marks: a
    link removes the mark only if no import marked it again while the link ran."""
    __tablename__ = "library_tasks"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=1)


def mark_task(session, name: str) -> None:
    """Mark `name` pending inside the caller's transaction."""
    task = session.get(LibraryTask, name)
    if task is None:
        session.add(LibraryTask(name=name, generation=1))
    else:
        task.generation += 1
