"""Replacing or withdrawing a statute version (issue H item 2): an administrator corrects a
version's text with a corrected file (替换此版本), or withdraws a version an intake added
(撤回), giving a reason.

History keeps what was there: before the change, the version's text is copied into a
`RetiredVersion` (units, label, dates, who, when, why) that the statute page lists as
已替换 / 已撤回 and shows read-only.  A replaced version keeps its id, so links, citations
and bookmarks to it follow the new text; a withdrawn one is deleted and references to it
are re-resolved to the statute's remaining versions.  One transaction; then the usual
follow-up (kb.library_import: relink, index refresh, followers told) after the commit —
the relink incremental, as after an intake (CitationStore.link_statutes, from the linker's
snapshot taken before the change; tests/kb/test_incremental_link.py proves it equal to a
full relink for replacements and withdrawals).

Choices: a version from the corpus is never withdrawn (a re-import of the corpus would
bring it back, and the file is the bureau's reference copy) — it can be replaced, and a
re-import of the unchanged corpus file leaves the replacement in place (its source row
keeps the corpus file's digest).  A statute's only version is never withdrawn: the statute
would be left without a text while cases and questions cite it (the message says how many).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, delete, func, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from accounts.permissions import is_admin
from accounts.security_log import add_event
from core.actor import Actor
from core.clock import Clock, from_db
from core.db import Base, Database, utcnow
from core.errors import InvalidInput, NotFound, PermissionDenied
from kb.citations.models import SOURCE_ARTICLE, CitationRecord
from kb.importer import body_signature, events_json, file_digest, refresh_statuses, unit_rows
from kb.intake import SOURCE_PREFIX, StatuteIntake, source_path
from kb.library_changes import KIND_REPLACED, KIND_WITHDRAWN, actor_name, record_change
from kb.library_import import ImportOutcome, LibraryImport
from kb.models import TASK_LINK, SourceFile, Statute, StatuteVersion, Unit, mark_task
from kb.search.documents import statute_group
from kb.search.feed import record_search_change

MAX_REASON = 300


class RetiredVersion(Base):
    """The text a version had before it was replaced or withdrawn."""
    __tablename__ = "retired_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    statute_id: Mapped[int] = mapped_column(ForeignKey("statutes.id", ondelete="CASCADE"), index=True)
    # The version's id (a withdrawn version's row is gone, so no foreign key).
    version_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    version_date: Mapped[dt.date | None] = mapped_column(Date)
    source_path: Mapped[str] = mapped_column(String(500))
    article_count: Mapped[int] = mapped_column(Integer)
    # The units as they were: [{"kind", "label", "text", "depth"}] in order.
    units: Mapped[list] = mapped_column(JSON)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_name: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


KIND_TEXT = {KIND_REPLACED: "已替换", KIND_WITHDRAWN: "已撤回"}


@dataclass(frozen=True)
class RetiredUnit:
    kind: str
    label: str
    text: str
    depth: int | None


@dataclass(frozen=True)
class RetiredView:
    id: int
    statute_id: int
    version_id: int
    kind: str
    version_date: dt.date | None
    source_path: str
    article_count: int
    actor_name: str
    reason: str
    at: dt.datetime
    units: tuple[RetiredUnit, ...] = ()

    @property
    def kind_text(self) -> str:
        return KIND_TEXT.get(self.kind, self.kind)

    @property
    def label(self) -> str:
        return f"{self.version_date} 版" if self.version_date else "日期不详的版本"


class VersionAdmin:
    def __init__(self, db: Database, clock: Clock, intake: StatuteIntake,
                 library_import: LibraryImport):
        self.db = db
        self.clock = clock
        self.intake = intake
        self.library_import = library_import

    def replace(self, actor: Actor, statute_id: int, version_id: int, data: bytes,
                filename: str, reason: str) -> ImportOutcome:
        """The version's text from a corrected file; the old text kept in the history."""
        self._check(actor, "替换")
        reason = _reason(reason)
        doc = self.intake.read(data, filename)
        if not doc.articles:
            raise InvalidInput("替换文件中没有找到条文（第…条），版本未替换；请核对文件")
        digest = file_digest(data)
        path = source_path(digest, filename)
        before = self.library_import.linked_snapshot()
        with self.db.session() as session, session.begin():
            statute, version = _version(session, statute_id, version_id)
            if session.scalar(select(SourceFile.id).where(SourceFile.path == path)) is not None:
                raise InvalidInput("这个文件已导入过，版本未替换")
            if version.content_hash == body_signature(doc):
                raise InvalidInput("替换文件的正文与该版本现有正文相同，版本未替换")
            old_count = version.article_count
            _retire(session, actor, statute, version, KIND_REPLACED, reason)
            session.execute(delete(Unit).where(Unit.version_id == version.id))
            session.execute(insert(Unit), unit_rows(doc, version.id))
            session.add(SourceFile(path=path, sha256=digest, version_id=version.id))
            version.content_hash = body_signature(doc)
            version.article_count = len(doc.articles)
            version.part_titles = doc.part_titles
            version.warnings = [str(w) for w in doc.warnings]
            if doc.header_lines:
                version.header_lines, version.events = doc.header_lines, events_json(doc)
            mark_task(session, TASK_LINK)
            record_search_change(session, statute_group(statute.id))
            record_change(session, KIND_REPLACED, statute, version_id=version.id, actor=actor,
                          detail=f"{_label(version)}的文本已替换（{old_count} 条 → {len(doc.articles)} 条）：{reason}")
            add_event(session, self.clock, actor, "version_replaced", f"《{statute.title}》{_label(version)}",
                      f"{PurePath(filename).name}：{reason}")
        return self.library_import.follow_up({statute_id}, before)

    def withdraw(self, actor: Actor, statute_id: int, version_id: int, reason: str) -> ImportOutcome:
        """Withdraw a version an intake added; its text kept in the history."""
        self._check(actor, "撤回")
        reason = _reason(reason)
        before = self.library_import.linked_snapshot()
        with self.db.session() as session, session.begin():
            statute, version = _version(session, statute_id, version_id)
            if not version.source_path.startswith(SOURCE_PREFIX + "/"):
                raise InvalidInput("这是法规语料中的版本，不能撤回（重新导入语料会再次导入它）；"
                                   "如文本有误，请用“替换此版本”上传更正后的文件")
            if len(statute.versions) == 1:
                raise InvalidInput(_only_version_message(session, statute))
            label = _label(version)
            _retire(session, actor, statute, version, KIND_WITHDRAWN, reason)
            session.delete(version)
            session.flush()
            session.expire(statute, ["versions"])
            refresh_statuses(session, statute.id)
            mark_task(session, TASK_LINK)
            record_search_change(session, statute_group(statute.id))
            record_change(session, KIND_WITHDRAWN, statute, actor=actor,
                          detail=f"{label}已撤回：{reason}")
            add_event(session, self.clock, actor, "version_withdrawn", f"《{statute.title}》{label}", reason)
        return self.library_import.follow_up({statute_id}, before)

    def history(self, statute_id: int) -> list[RetiredView]:
        """The texts this statute's versions had before a replacement or withdrawal, newest first."""
        with self.db.session() as session:
            rows = session.scalars(select(RetiredVersion).where(RetiredVersion.statute_id == statute_id)
                                   .order_by(RetiredVersion.id.desc())).all()
            return [_view(row, with_units=False) for row in rows]

    def retired(self, statute_id: int, retired_id: int) -> RetiredView:
        with self.db.session() as session:
            row = session.get(RetiredVersion, retired_id)
            if row is None or row.statute_id != statute_id:
                raise NotFound("没有这条版本历史")
            return _view(row, with_units=True)

    @staticmethod
    def _check(actor: Actor, what: str) -> None:
        if not is_admin(actor):
            raise PermissionDenied(f"只有系统管理员可以{what}法规版本")


def _reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidInput("请填写原因（会记入版本历史和审计日志）")
    if len(reason) > MAX_REASON:
        raise InvalidInput(f"原因不超过 {MAX_REASON} 字")
    return reason


def _label(version: StatuteVersion) -> str:
    return f"{version.version_date} 版" if version.version_date else "日期不详的版本"


def _version(session: Session, statute_id: int, version_id: int) -> tuple[Statute, StatuteVersion]:
    version = session.get(StatuteVersion, version_id)
    if version is None or version.statute_id != statute_id:
        raise NotFound("该法规没有这个版本")
    return version.statute, version


def _retire(session: Session, actor: Actor, statute: Statute, version: StatuteVersion,
            kind: str, reason: str) -> None:
    units = session.scalars(select(Unit).where(Unit.version_id == version.id).order_by(Unit.seq))
    session.add(RetiredVersion(
        statute_id=statute.id, version_id=version.id, kind=kind, version_date=version.version_date,
        source_path=version.source_path, article_count=version.article_count,
        units=[{"kind": u.kind, "label": u.label, "text": u.text, "depth": u.depth} for u in units],
        actor_id=actor.id, actor_name=actor_name(actor), reason=reason))


def _only_version_message(session: Session, statute: Statute) -> str:
    cited = session.scalar(select(func.count(CitationRecord.id)).where(
        CitationRecord.statute_id == statute.id, CitationRecord.source_kind != SOURCE_ARTICLE)) or 0
    message = f"这是《{statute.title}》唯一的版本，撤回后该法规将没有正文，不能撤回"
    if cited:
        message += f"（案例和试题中有 {cited} 处引用它，撤回会使这些引用失去链接）"
    return message + "；如文本有误，请用“替换此版本”上传更正后的文件"


def _view(row: RetiredVersion, with_units: bool) -> RetiredView:
    units = tuple(RetiredUnit(u["kind"], u["label"], u["text"], u["depth"]) for u in row.units) \
        if with_units else ()
    return RetiredView(row.id, row.statute_id, row.version_id, row.kind, row.version_date,
                       row.source_path, row.article_count, row.actor_name, row.reason,
                       from_db(row.created_at), units)
