"""The case service: reading, writing, publishing and revising audit cases.

Every action takes the acting user and checks it here: drafts are seen by editors only,
only editors write.  Every save writes a revision and re-records the case's citations
(for backlinks).  An edit names the revision it started from; if the case has moved on
since, the edit is refused with `StaleEdit` and nothing is written.
"""
from __future__ import annotations

import uuid
from typing import Callable

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from kb.cases.audit_types import audit_type_named
from kb.cases.kinds import CASE_KINDS, KIND_MESSAGE, kind_clause
from kb.cases.models import (STATUS_DRAFT, STATUS_PUBLISHED, Case, CaseRevision, CaseTag,
                             AuditType)
from kb.cases.revisions import changed_fields, diff, revision_fields, snapshot
from kb.cases.values import (CaseInput, CasePage, CaseSummary, CaseView, RenderedCase,
                             RevisionDiff, RevisionInfo, RevisionView)
from accounts.user import User
from kb.citations.linker import CitationLinker
from kb.citations.models import SOURCE_CASE
from kb.citations.store import CitationStore
from core.clock import Clock, from_db, to_db, to_local
from core.errors import Conflict, InvalidInput, NotFound, StaleEdit
from core.paging import check_paging
from accounts.permissions import is_manager, require_manager
from core.actor import Actor
from kb.rendering import LinkFor, Rendered, render_markdown

_CASE = "案例"
EVENT_SAVED = "saved"
EVENT_DELETED = "deleted"


class CaseService:
    def __init__(self, sessions, linker: CitationLinker, store: CitationStore, clock: Clock):
        self.sessions = sessions
        self.linker = linker
        self.store = store
        self.clock = clock
        # Called as listener(event, case_id) after each committed save or delete, so a search
        # index can follow the cases without the case service knowing about it.
        self.listeners: list[Callable[[str, int], None]] = []
        # Called as recorder(session, event, case_id) inside the transaction of each save or
        # delete that changes the case (the search change feed), so the record commits or
        # rolls back with the change.
        self.recorders: list[Callable[[Session, str, int], None]] = []

    # -- reading ---------------------------------------------------------------------
    def list_cases(self, viewer: Actor | None, *, kind: str | None = None,
                   audit_type: str | None = None, tag: str | None = None,
                   status: str | None = None, text: str | None = None,
                   page: int = 1, per_page: int = 20) -> CasePage:
        """Cases newest first; staff see published ones only, whatever `status` asks."""
        offset, limit = check_paging(page, per_page)
        filters = []
        if not is_manager(viewer):
            filters.append(Case.status == STATUS_PUBLISHED)
        elif status:
            filters.append(Case.status == status)
        if kind:
            if kind not in CASE_KINDS:
                raise InvalidInput(KIND_MESSAGE)
            filters.append(kind_clause(kind))
        if audit_type:
            filters.append(Case.audit_type.has(AuditType.name == audit_type))
        if tag:
            filters.append(Case.tags.any(CaseTag.tag == tag))
        if text:
            like = f"%{text.strip()}%"
            filters.append(or_(Case.title.like(like), Case.summary.like(like)))
        with self.sessions() as session:
            total = session.scalar(select(func.count(Case.id)).where(*filters)) or 0
            rows = session.scalars(
                select(Case).where(*filters).options(selectinload(Case.tags),
                                                     selectinload(Case.audit_type))
                .order_by(Case.case_date.desc().nulls_last(), Case.id.desc())
                .offset(offset).limit(limit)).all()
            names = _user_names(session, {r.updated_by for r in rows})
            items = tuple(_summary(row, names) for row in rows)
        return CasePage(items=items, page=page, per_page=per_page, total=total)

    def get_case(self, viewer: Actor | None, case_ref: int | str) -> CaseView:
        with self.sessions() as session:
            return self._view(session, self._readable(session, viewer, case_ref))

    def render_case(self, viewer: Actor | None, case_ref: int | str,
                    link_for: LinkFor | None = None) -> RenderedCase:
        """The case and its body as safe HTML with citations linked for the case's date."""
        case = self.get_case(viewer, case_ref)
        rendered = render_markdown(case.body, linker=self.linker, on=case.case_date,
                                   link_for=link_for)
        return RenderedCase(case, rendered.html, rendered.citations)

    def preview(self, actor: Actor, body: str, case_date=None,
                link_for: LinkFor | None = None) -> Rendered:
        """The editor's live preview: rendered body and every reference with its status."""
        require_manager(actor, "编辑案例")
        return render_markdown(body or "", linker=self.linker, on=case_date, link_for=link_for)

    def list_tags(self, viewer: Actor | None) -> list[tuple[str, int]]:
        query = select(CaseTag.tag, func.count(CaseTag.id)).join(Case).group_by(CaseTag.tag)
        if not is_manager(viewer):
            query = query.where(Case.status == STATUS_PUBLISHED)
        with self.sessions() as session:
            rows = session.execute(query.order_by(func.count(CaseTag.id).desc(), CaseTag.tag))
            return [(tag, count) for tag, count in rows]

    def list_revisions(self, viewer: Actor, case_ref: int | str) -> list[RevisionInfo]:
        require_manager(viewer, "查看修订记录")
        with self.sessions() as session:
            case = self._find(session, case_ref)
            rows = session.scalars(select(CaseRevision).where(CaseRevision.case_id == case.id)
                                   .order_by(CaseRevision.number.desc())).all()
            names = _user_names(session, {r.author_id for r in rows})
            return [_revision_info(r, names) for r in rows]

    def get_revision(self, viewer: Actor, case_ref: int | str, number: int) -> RevisionView:
        require_manager(viewer, "查看修订记录")
        with self.sessions() as session:
            case = self._find(session, case_ref)
            row = _revision(session, case.id, number)
            info = _revision_info(row, _user_names(session, {row.author_id}))
            fields = revision_fields(row)
            content = CaseInput(fields["title"], fields["audit_type"], fields["body"],
                                tuple(fields["tags"]), fields["case_date"], fields["source"],
                                fields["summary"])
            return RevisionView(**info.__dict__, content=content)

    def diff_revisions(self, viewer: Actor, case_ref: int | str, old: int,
                       new: int | None = None) -> RevisionDiff:
        """What changed from revision `old` to `new` (default: the current one)."""
        require_manager(viewer, "查看修订记录")
        with self.sessions() as session:
            case = self._find(session, case_ref)
            new = case.revision if new is None else new
            before, after = _revision(session, case.id, old), _revision(session, case.id, new)
            return diff(old, revision_fields(before), new, revision_fields(after))

    # -- writing ---------------------------------------------------------------------
    def create_case(self, actor: Actor, data: CaseInput, *, publish: bool = False,
                    uid: str | None = None, note: str = "创建") -> CaseView:
        require_manager(actor, "新建案例")
        data = data.clean()
        _check_publishable(data, STATUS_PUBLISHED if publish else STATUS_DRAFT)
        citations = self.linker.cite(data.body, data.case_date)
        with self.sessions() as session, session.begin():
            case = self._add(session, actor, data, publish, uid, note, citations)
            view = self._view(session, case, citations)
        self._notify(EVENT_SAVED, view.id)
        return view

    def add_case_in(self, session: Session, actor: Actor, data: CaseInput, *, publish: bool,
                    note: str) -> int:
        """Create a case inside the caller's transaction (a 评比's results publish their
        winners together with the results); the caller calls `announce_saved` after its
        commit, so the search index never sees a case that was rolled back."""
        require_manager(actor, "新建案例")
        data = data.clean()
        _check_publishable(data, STATUS_PUBLISHED if publish else STATUS_DRAFT)
        citations = self.linker.cite(data.body, data.case_date)
        return self._add(session, actor, data, publish, None, note, citations).id

    def announce_saved(self, case_id: int) -> None:
        self._notify(EVENT_SAVED, case_id)

    def _add(self, session: Session, actor: Actor, data: CaseInput, publish: bool,
             uid: str | None, note: str, citations) -> Case:
        uid = _clean_uid(uid) if uid else uuid.uuid4().hex
        if session.scalars(select(Case.id).where(Case.uid == uid)).first():
            raise Conflict(f"案例编号 {uid} 已存在")
        case = Case(uid=uid, created_by=actor.id, created_at=to_db(self.clock.now()))
        session.add(case)
        self._apply(session, case, data, STATUS_PUBLISHED if publish else STATUS_DRAFT,
                    actor, note, None)
        self.store.record(session, SOURCE_CASE, case.id, citations, data.case_date)
        self._record(session, EVENT_SAVED, case.id)  # the search change feed, in this transaction
        return case

    def update_case(self, actor: Actor, case_ref: int | str, data: CaseInput,
                    expected_revision: int, note: str = "") -> CaseView:
        """Save an edit made on revision `expected_revision`."""
        require_manager(actor, "编辑案例")
        data = data.clean()
        citations = self.linker.cite(data.body, data.case_date)
        return self._change(actor, case_ref, expected_revision, data, None, note, citations)

    def publish_case(self, actor: Actor, case_ref: int | str,
                     expected_revision: int) -> CaseView:
        require_manager(actor, "发布案例")
        return self._change(actor, case_ref, expected_revision, None, STATUS_PUBLISHED, "发布")

    def unpublish_case(self, actor: Actor, case_ref: int | str,
                       expected_revision: int) -> CaseView:
        require_manager(actor, "撤回案例")
        return self._change(actor, case_ref, expected_revision, None, STATUS_DRAFT, "撤回为草稿")

    def restore_revision(self, actor: Actor, case_ref: int | str, number: int,
                         expected_revision: int) -> CaseView:
        """Make an old revision's text current again, as a new revision."""
        old = self.get_revision(actor, case_ref, number).content
        citations = self.linker.cite(old.body, old.case_date)
        return self._change(actor, case_ref, expected_revision, old, None,
                            f"恢复自第{number}版", citations)

    def delete_case(self, actor: Actor, case_ref: int | str, expected_revision: int) -> None:
        require_manager(actor, "删除案例")
        with self.sessions() as session, session.begin():
            case = self._find(session, case_ref)
            self._check_revision(session, case, expected_revision)
            self.store.forget(session, SOURCE_CASE, case.id)
            case_id = case.id
            self._record(session, EVENT_DELETED, case_id)
            session.delete(case)
        self._notify(EVENT_DELETED, case_id)

    def _change(self, actor, case_ref, expected: int, data: CaseInput | None,
                status: str | None, note: str, citations=None) -> CaseView:
        try:
            with self.sessions() as session, session.begin():
                case = self._find(session, case_ref)
                self._check_revision(session, case, expected)
                status = status or case.status
                if data is None:
                    data = CaseInput(case.title, case.audit_type.name, case.body,
                                     tuple(t.tag for t in case.tags), case.case_date,
                                     case.source, case.summary)
                _check_publishable(data, status)
                changed = self._apply(session, case, data, status, actor, note, snapshot(case))
                if changed and citations is not None:
                    self.store.record(session, SOURCE_CASE, case.id, citations, data.case_date)
                view = self._view(session, case, citations or ())
                if changed:
                    self._record(session, EVENT_SAVED, case.id)
        except StaleDataError:
            with self.sessions() as session:
                case = self._find(session, case_ref)
                raise StaleEdit(_CASE, case.revision, expected) from None
        if changed:
            self._notify(EVENT_SAVED, view.id)
        return view

    def _record(self, session: Session, event: str, case_id: int) -> None:
        for recorder in self.recorders:
            recorder(session, event, case_id)

    def _notify(self, event: str, case_id: int) -> None:
        """Tell listeners (the search index) about a committed change."""
        for listener in self.listeners:
            listener(event, case_id)

    def _apply(self, session: Session, case: Case, data: CaseInput, status: str,
               actor: Actor, note: str, before: dict | None) -> bool:
        """Write the fields and a revision; False when nothing changed (no revision)."""
        after = {"title": data.title, "audit_type": data.audit_type, "tags": list(data.tags),
                 "case_date": data.case_date, "source": data.source, "summary": data.summary,
                 "body": data.body, "status": status}
        changed = changed_fields(before, after)
        if not changed:
            return False
        if before is None or before["audit_type"] != data.audit_type:
            with session.no_autoflush:  # a new case is not complete yet
                case.audit_type = audit_type_named(session, data.audit_type, for_new=True)
        case.title, case.body, case.case_date = data.title, data.body, data.case_date
        case.source, case.summary, case.status = data.source, data.summary, status
        if before is None or before["tags"] != after["tags"]:
            _set_tags(case, data.tags)
        now = to_db(self.clock.now())
        case.updated_by, case.updated_at = actor.id, now
        # Force the UPDATE (and the revision bump) even when only tags changed.
        flag_modified(case, "updated_at")
        if status == STATUS_PUBLISHED and case.published_at is None:
            case.published_at = now
        session.flush()
        session.add(CaseRevision(case_id=case.id, number=case.revision, changed=changed,
                                 note=note[:200], author_id=actor.id, created_at=now,
                                 **after))
        session.flush()
        return True

    def _check_revision(self, session: Session, case: Case, expected: int) -> None:
        if case.revision != expected:
            by = _user_names(session, {case.updated_by}).get(case.updated_by)
            when = to_local(from_db(case.updated_at)).strftime("%Y-%m-%d %H:%M")
            raise StaleEdit(_CASE, case.revision, expected, by, when)

    # -- helpers -----------------------------------------------------------------------
    def _readable(self, session: Session, viewer, case_ref) -> Case:
        case = self._find(session, case_ref)
        if case.status != STATUS_PUBLISHED and not is_manager(viewer):
            raise NotFound("没有找到该案例")
        return case

    @staticmethod
    def _find(session: Session, case_ref: int | str) -> Case:
        column = Case.id if isinstance(case_ref, int) else Case.uid
        case = session.scalars(select(Case).where(column == case_ref)).first()
        if case is None:
            raise NotFound("没有找到该案例")
        return case

    @staticmethod
    def _view(session: Session, case: Case, citations=()) -> CaseView:
        names = _user_names(session, {case.updated_by, case.created_by})
        base = _summary(case, names)
        return CaseView(**base.__dict__, body=case.body, created_at=from_db(case.created_at),
                        created_by=names.get(case.created_by),
                        published_at=from_db(case.published_at), citations=tuple(citations))


def _set_tags(case: Case, tags: tuple[str, ...]) -> None:
    """Change the tag rows in place: re-adding a kept tag would hit its unique key."""
    kept = {t.tag: t for t in case.tags if t.tag in tags}
    case.tags = [kept.get(tag) or CaseTag(tag=tag) for tag in tags]
    for position, row in enumerate(case.tags):
        row.position = position


def _check_publishable(data: CaseInput, status: str) -> None:
    if status == STATUS_PUBLISHED and not data.body.strip():
        raise InvalidInput("正文为空的案例不能发布")


def _clean_uid(uid: str) -> str:
    uid = uid.strip()
    if not uid or len(uid) > 64 or any(ch.isspace() for ch in uid):
        raise InvalidInput(f"案例编号格式不正确：“{uid}”")
    return uid


def _summary(case: Case, names: dict) -> CaseSummary:
    return CaseSummary(case.id, case.uid, case.title, case.audit_type.name,
                       tuple(t.tag for t in case.tags), case.case_date, case.source,
                       case.summary, case.status, case.revision, from_db(case.updated_at),
                       names.get(case.updated_by))


def _user_names(session: Session, ids: set) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())


def _revision(session: Session, case_id: int, number: int) -> CaseRevision:
    row = session.scalars(select(CaseRevision).where(CaseRevision.case_id == case_id,
                                                     CaseRevision.number == number)).first()
    if row is None:
        raise NotFound(f"没有第{number}版修订记录")
    return row


def _revision_info(row: CaseRevision, names: dict) -> RevisionInfo:
    return RevisionInfo(row.number, names.get(row.author_id), from_db(row.created_at),
                        tuple(row.changed or ()), row.note, row.status)
