"""The pack service: trainers save a pack's subject with the meeting it is for, reuse it at
further meetings or copy it as the template of a new pack, and get it assembled for a
meeting as a `PackDocument`, a .docx or a PDF.  Every method checks the actor itself."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from accounts.permissions import require_manager
from accounts.security_log import add_event
from core.actor import Actor
from core.clock import Clock, from_db, to_db
from core.errors import Conflict, NotFound, StaleEdit
from kb.cases.models import Case
from kb.guide.models import GuideEntry
from quizzes.law_pack.assembly import PackAssembler
from quizzes.law_pack.docx_output import pack_docx
from quizzes.law_pack.models import LawPack, PackMeeting
from quizzes.law_pack.pdf_output import PdfWriter
from quizzes.law_pack.values import (MeetingInput, MeetingView, PackDocument, PackInput,
                                     PackSummary, PackView)
from quizzes.transactions import SessionFactory, read_session, write_session

_WHAT = "管理以案释法资料"


class LawPackService:
    def __init__(self, sessions: SessionFactory, clock: Clock, assembler: PackAssembler,
                 pdf: PdfWriter):
        self.sessions = sessions
        self.clock = clock
        self.assembler = assembler
        self.pdf_writer = pdf

    # -- reading -------------------------------------------------------------------------
    def list_packs(self, actor: Actor) -> list[PackSummary]:
        """Every pack, the most recently used first, each with the meetings it served."""
        require_manager(actor, _WHAT)
        with read_session(self.sessions) as session:
            rows = session.scalars(select(LawPack).options(
                selectinload(LawPack.meetings)).order_by(LawPack.updated_at.desc())).all()
            titles = {row.id: row.title for row in rows}
            packs = [_summary(row, titles) for row in rows]
        return sorted(packs, key=_last_used, reverse=True)

    def get_pack(self, actor: Actor, pack_id: int) -> PackView:
        require_manager(actor, _WHAT)
        with read_session(self.sessions) as session:
            row = _find(session, pack_id)
            copies = session.scalars(select(LawPack).where(LawPack.copied_from_id == pack_id)
                                     .options(selectinload(LawPack.meetings))
                                     .order_by(LawPack.id)).all()
            return _view(session, row, tuple(_summary(c, {row.id: row.title}) for c in copies))

    def assemble(self, actor: Actor, pack_id: int, meeting_id: int) -> PackDocument:
        """The pack as it reads at one of its meetings (articles in force on its date)."""
        pack = self.get_pack(actor, pack_id)
        meeting = pack.meeting(meeting_id)
        return self.assembler.assemble(pack.as_input(), meeting.unit_name, meeting.kind,
                                       meeting.held_on, pack.title)

    def docx(self, actor: Actor, pack_id: int, meeting_id: int) -> tuple[str, bytes]:
        document = self.assemble(actor, pack_id, meeting_id)
        return document.file_stem + ".docx", pack_docx(document)

    def pdf(self, actor: Actor, pack_id: int, meeting_id: int) -> tuple[str, bytes]:
        document = self.assemble(actor, pack_id, meeting_id)
        return document.file_stem + ".pdf", self.pdf_writer.write(document)

    # -- writing -------------------------------------------------------------------------
    def create_pack(self, actor: Actor, data: PackInput, meeting: MeetingInput, *,
                    copied_from: int | None = None) -> PackView:
        """A new pack for its first meeting; with `copied_from`, a copy of that pack (the
        template) adapted for a new meeting."""
        require_manager(actor, _WHAT)
        data, meeting = data.clean(), meeting.clean()
        self.assembler.check(data, [meeting.held_on])
        now = to_db(self.clock.now())
        with write_session(self.sessions) as session:
            if copied_from is not None:
                _find(session, copied_from)
            row = LawPack(copied_from_id=copied_from, created_by=actor.id, created_at=now)
            _apply(row, data, actor, now)
            row.meetings.append(_meeting_row(meeting, actor, now))
            session.add(row)
            session.flush()
            pack_id = row.id
            copied = f"（复制自资料包 {copied_from}）" if copied_from else ""
            self._log(session, actor, "law_pack_saved", row, f"新建{copied}")
            self._log(session, actor, "law_pack_used", row, row.meetings[0])
        return self.get_pack(actor, pack_id)

    def update_pack(self, actor: Actor, pack_id: int, data: PackInput,
                    expected_revision: int) -> PackView:
        """A changed subject, checked against every meeting the pack serves; refused
        (StaleEdit, nothing written) when someone saved the pack since `expected_revision`."""
        require_manager(actor, _WHAT)
        data = data.clean()
        dates = [m.held_on for m in self.get_pack(actor, pack_id).meetings]
        self.assembler.check(data, dates)
        with write_session(self.sessions) as session:
            row = _find(session, pack_id)
            if row.revision != expected_revision:
                raise StaleEdit("该资料包", row.revision, expected_revision)
            _apply(row, data, actor, to_db(self.clock.now()))
            row.revision += 1
            self._log(session, actor, "law_pack_saved", row, "修改内容")
        return self.get_pack(actor, pack_id)

    def add_meeting(self, actor: Actor, pack_id: int, meeting: MeetingInput) -> MeetingView:
        """The pack reused as it is at another meeting (its articles checked for that date)."""
        require_manager(actor, _WHAT)
        meeting = meeting.clean()
        self.assembler.check(self.get_pack(actor, pack_id).as_input(), [meeting.held_on])
        now = to_db(self.clock.now())
        with write_session(self.sessions) as session:
            row = _find(session, pack_id)
            added = _meeting_row(meeting, actor, now)
            row.meetings.append(added)
            row.updated_at = now
            session.flush()
            self._log(session, actor, "law_pack_used", row, added)
            return _meeting_view(added)

    def remove_meeting(self, actor: Actor, pack_id: int, meeting_id: int) -> MeetingView:
        """A meeting entered by mistake taken off the pack; a pack keeps at least one."""
        require_manager(actor, _WHAT)
        with write_session(self.sessions) as session:
            row = _find(session, pack_id)
            meeting = next((m for m in row.meetings if m.id == meeting_id), None)
            if meeting is None:
                raise NotFound("该资料包没有这次会议")
            if len(row.meetings) == 1:
                raise Conflict("资料包至少要有一次会议：这是它唯一的会议，不能删除")
            removed = _meeting_view(meeting)
            row.meetings.remove(meeting)
            self._log(session, actor, "law_pack_meeting_removed", row, removed.label)
        return removed

    def _log(self, session: Session, actor: Actor, action: str, row: LawPack,
             detail: "str | PackMeeting") -> None:
        """The audit log's line, in the same transaction as the change it records."""
        if isinstance(detail, PackMeeting):
            detail = _meeting_view(detail).label
        add_event(session, self.clock, actor, action, f"资料包 {row.id}《{row.title}》", detail)


def _apply(row: LawPack, data: PackInput, actor: Actor, now: dt.datetime) -> None:
    row.title, row.audit_type = data.title, data.audit_type
    row.guide_slugs, row.articles = list(data.guide_slugs), data.articles
    row.case_uids, row.question_count = list(data.case_uids), data.question_count
    row.updated_by, row.updated_at = actor.id, now


def _meeting_row(meeting: MeetingInput, actor: Actor, now: dt.datetime) -> PackMeeting:
    return PackMeeting(unit_name=meeting.unit_name, kind=meeting.kind, held_on=meeting.held_on,
                       created_by=actor.id, created_at=now)


def _find(session: Session, pack_id: int) -> LawPack:
    row = session.get(LawPack, pack_id)
    if row is None:
        raise NotFound("没有找到该以案释法资料包")
    return row


def _meeting_view(row: PackMeeting) -> MeetingView:
    return MeetingView(row.id, row.pack_id, row.unit_name, row.kind, row.held_on)


def _summary(row: LawPack, titles: dict[int, str]) -> PackSummary:
    source = row.copied_from_id
    return PackSummary(row.id, row.title, row.audit_type,
                       tuple(_meeting_view(m) for m in row.meetings), from_db(row.updated_at),
                       (source, titles.get(source, "")) if source else None)


def _view(session: Session, row: LawPack, copies: tuple[PackSummary, ...]) -> PackView:
    titles = {}
    if row.copied_from_id:
        source = session.get(LawPack, row.copied_from_id)
        titles = {source.id: source.title} if source else {}
    slugs, uids = tuple(row.guide_slugs or ()), tuple(row.case_uids or ())
    entries = dict(session.execute(select(GuideEntry.slug, GuideEntry.title)
                                   .where(GuideEntry.slug.in_(slugs))).all()) if slugs else {}
    cases = dict(session.execute(select(Case.uid, Case.title)
                                 .where(Case.uid.in_(uids))).all()) if uids else {}
    return PackView(**_summary(row, titles).__dict__, guide_slugs=slugs, articles=row.articles,
                    case_uids=uids, question_count=row.question_count, revision=row.revision,
                    copies=copies,
                    guide_titles=tuple(entries.get(s, f"{s}（已删除）") for s in slugs),
                    case_titles=tuple(cases.get(u, f"{u}（已删除）") for u in uids))


def _last_used(pack: PackSummary) -> tuple:
    latest = max((m.held_on for m in pack.meetings), default=dt.date.min)
    return latest, pack.updated_at
