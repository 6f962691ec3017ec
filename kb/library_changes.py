"""法规动态: what changed in the library, recorded in the transaction that changed it.

Every import or intake that adds a statute, a version, a repeal or a status change writes a
`LibraryChange` in its own transaction (`record_change`), naming who did it — "系统" for
the corpus import and for repeals the link run finds.  The 法规更新 page lists them newest
first (`LibraryFeed`).

The corpus's first import (into an empty library) is one entry, "初次导入 N 部法规": the
statutes it brings are not listed one by one, nor are the repeals the link run right after
it finds among them (TASK_INITIAL marks that run; kb.library_import clears it).  Followers
hear of each later change once (`announced_at`, set by quizzes.notify.library).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, DateTime, ForeignKey, Integer, String, func, select
from sqlalchemy.orm import Mapped, Session, aliased, mapped_column

from core.actor import Actor
from core.clock import from_db
from core.db import Base, utcnow
from core.errors import InvalidInput
from core.paging import Page, check_paging
from kb.models import LibraryTask, SourceFile, Statute, StatuteVersion, mark_task

KIND_INITIAL = "initial"
KIND_STATUTE = "statute"
KIND_VERSION = "version"
KIND_REVISED = "revised"
KIND_REPEAL = "repeal"
KIND_STATUS = "status"
KIND_REPLACED = "replaced"
KIND_WITHDRAWN = "withdrawn"
KIND_NAMES = {KIND_STATUTE: "新增法规", KIND_VERSION: "新版本", KIND_REVISED: "版本文本更新",
              KIND_REPEAL: "废止", KIND_STATUS: "效力状态变更", KIND_REPLACED: "替换版本",
              KIND_WITHDRAWN: "撤回版本", KIND_INITIAL: "初次导入"}
# Kinds a follower of the statute is told about.
FOLLOWED_KINDS = (KIND_VERSION, KIND_REVISED, KIND_REPEAL, KIND_STATUS, KIND_REPLACED,
                  KIND_WITHDRAWN)
# Marked while the link run that follows the corpus's first import is due.
TASK_INITIAL = "initial-import"
SYSTEM_NAME = "系统"


class LibraryChange(Base):
    __tablename__ = "library_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    # None only for the initial import's summary entry.
    statute_id: Mapped[int | None] = mapped_column(
        ForeignKey("statutes.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("statute_versions.id", ondelete="SET NULL"))
    # What changed, in words (the title is the statute's when it was recorded).
    title: Mapped[str] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(String(500), default="")
    # The user's id as it was (no foreign key: the entry outlives the account).
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    # When followers were told (None: not yet, or no one to tell for this kind).
    announced_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)


def actor_name(actor: Actor | None) -> str:
    if actor is None or actor.id is None:
        return SYSTEM_NAME
    return (actor.display_name or actor.username or SYSTEM_NAME)[:100]


def record_change(session: Session, kind: str, statute: Statute | None, *,
                  version_id: int | None = None, detail: str = "", actor: Actor | None = None,
                  title: str | None = None) -> None:
    """Add one change inside the caller's transaction."""
    session.add(LibraryChange(
        kind=kind, statute_id=statute.id if statute else None, version_id=version_id,
        title=(title or (statute.title if statute else ""))[:300], detail=detail[:500],
        actor_id=actor.id if actor else None, actor_name=actor_name(actor)))


def record_import(session: Session, statute_id: int, sources: list[str], outcome: str,
                  actor: Actor | None) -> None:
    """After kb.importer.store_document stored a document ("new" or "updated"): a new
    statute, a new version of one, or a version whose text changed."""
    if outcome not in ("new", "updated"):
        return
    statute = session.get(Statute, statute_id)
    version = session.scalars(select(StatuteVersion).join(SourceFile)
                              .where(SourceFile.path.in_(sources))).first()
    label = f"{version.version_date} 版" if version and version.version_date else "日期不详的版本"
    count = f"，{version.article_count} 条" if version else ""
    if outcome == "updated":
        kind, detail = KIND_REVISED, f"{label}的文本已更新{count}"
    elif len(statute.versions) == 1:
        kind, detail = KIND_STATUTE, f"{statute.level}，{label}{count}"
    else:
        kind, detail = KIND_VERSION, f"{label}{count}"
    record_change(session, kind, statute, version_id=version.id if version else None,
                  detail=detail, actor=actor)


def is_initial_import_pending(session: Session) -> bool:
    return session.get(LibraryTask, TASK_INITIAL) is not None


def record_initial_import(session: Session, statutes: int, versions: int) -> None:
    """The corpus's first import as one entry, and the following link run marked initial."""
    record_change(session, KIND_INITIAL, None, title=f"初次导入 {statutes:,} 部法规",
                  detail=f"共 {versions:,} 个版本；逐部法规不单独列出")
    mark_task(session, TASK_INITIAL)


def clear_initial_import(session: Session) -> None:
    task = session.get(LibraryTask, TASK_INITIAL)
    if task is not None:
        session.delete(task)


def record_repeal_change(session: Session, statute: Statute, before: dt.date | None,
                         actor: Actor | None = None) -> None:
    """After a statute's repeal was (re)computed: a change unless nothing changed or it is
    the link run of the initial import (a person's correction always counts)."""
    after = statute.repealed_on
    if before == after or (actor is None and is_initial_import_pending(session)):
        return
    if before is None:
        kind, detail = KIND_REPEAL, f"{after} 废止" + (f"（{statute.repealed_by}）" if statute.repealed_by else "")
    elif after is None:
        kind, detail = KIND_STATUS, f"不再记为已废止（原记 {before} 废止）"
    else:
        kind, detail = KIND_STATUS, f"废止日期由 {before} 改为 {after}"
    record_change(session, kind, statute, detail=detail, actor=actor)


@dataclass(frozen=True)
class ChangeView:
    id: int
    kind: str
    statute_id: int | None
    version_id: int | None
    title: str
    detail: str
    level: str | None
    actor_name: str
    created_at: dt.datetime
    # The version has an earlier one to compare with: its 新旧对照 exists.
    has_correspondence: bool

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind, self.kind)

    def to_json(self) -> dict:
        return {"id": self.id, "kind": self.kind, "kind_name": self.kind_name,
                "statute_id": self.statute_id, "version_id": self.version_id,
                "title": self.title, "detail": self.detail, "level": self.level,
                "actor": self.actor_name, "created_at": self.created_at.isoformat(),
                "has_correspondence": self.has_correspondence}


def earlier_version_exists(version) -> ColumnElement[bool]:
    """SQL: `version` (a StatuteVersion alias) has an earlier dated version of its statute,
    so its 新旧对照 can be drawn (false when it is undated or absent)."""
    earlier = aliased(StatuteVersion)
    return select(earlier.id).where(earlier.statute_id == version.statute_id,
                                    earlier.version_date < version.version_date).exists()


def has_earlier_version(session: Session, version_id: int | None) -> bool:
    """Whether a 新旧对照 can be drawn for this version: an earlier dated version exists."""
    if version_id is None:
        return False
    version = aliased(StatuteVersion)
    return bool(session.scalar(select(earlier_version_exists(version)).where(version.id == version_id)))


class LibraryFeed:
    """The 法规更新 page's list."""

    def __init__(self, sessions):
        self.sessions = sessions

    def changes(self, page: int = 1, per_page: int = 30, *, kind: str | None = None,
                level: str | None = None) -> Page[ChangeView]:
        if kind and kind not in KIND_NAMES:
            raise InvalidInput(f"变更类型只能是：{'、'.join(KIND_NAMES.values())}")
        offset, limit = check_paging(page, per_page)
        owner, version = aliased(Statute), aliased(StatuteVersion)
        query = (select(LibraryChange, owner.level, earlier_version_exists(version))
                 .outerjoin(owner, owner.id == LibraryChange.statute_id)
                 .outerjoin(version, version.id == LibraryChange.version_id))
        if kind:
            query = query.where(LibraryChange.kind == kind)
        if level:
            query = query.where(owner.level == level)
        with self.sessions() as session:
            total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = session.execute(query.order_by(LibraryChange.created_at.desc(), LibraryChange.id.desc())
                                   .offset(offset).limit(limit)).all()
            items = [change_view(change, level, bool(earlier)) for change, level, earlier in rows]
        return Page(items, page, per_page, total)

    @staticmethod
    def kinds() -> dict[str, str]:
        return dict(KIND_NAMES)


def change_view(change: LibraryChange, level: str | None, has_correspondence: bool) -> ChangeView:
    return ChangeView(change.id, change.kind, change.statute_id, change.version_id, change.title,
                      change.detail, level, change.actor_name, from_db(change.created_at),
                      has_correspondence)
