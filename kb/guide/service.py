"""The finding-to-law guide service: entries maintained by editors, each article checked
against the library on save, matching for the search page and the citation check."""
from __future__ import annotations

import threading
from typing import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from kb.cases.models import STATUS_PUBLISHED, Case
from kb.cases.service import EVENT_DELETED, EVENT_SAVED
from kb.citations.linker import CitationLinker
from kb.citations.models import SOURCE_CASE, SOURCE_QUESTION, CitationRecord
from kb.citations.names import normalise_name
from kb.citations.resolver import LibrarySnapshot, pick_version
from core.clock import Clock, to_db
from core.errors import Conflict, InvalidInput, NotFound, StaleEdit
from kb.guide.matching import match_entries
from kb.guide.models import (ROLE_CHARACTERISATION, ROLE_SANCTION, GuideBasis, GuideCase,
                             GuideEntry)
from kb.guide.values import (BasisInput, BasisView, GuideInput, GuideMatch, GuideSummary,
                             GuideView, RelatedCase)
from kb.models import Unit
from accounts.permissions import is_manager, require_manager
from core.actor import Actor

_ENTRY = "指南条目"


def _summary(row: GuideEntry) -> GuideSummary:
    return GuideSummary(row.id, row.slug, row.title, row.category, tuple(row.keywords or ()),
                        row.revision)


def _basis_input(row: GuideBasis) -> BasisInput:
    return BasisInput(row.law, row.article_no, row.article_suffix, row.paragraph, row.item,
                      row.note)


# Every save adds one to an entry's revision and sets updated_at; a delete lowers the count.
_ENTRIES_STAMP = select(func.count(GuideEntry.id), func.sum(GuideEntry.revision),
                        func.max(GuideEntry.updated_at), func.max(GuideEntry.id))
_SUMMARIES_KEPT = 1000


class GuideService:
    """Takes a session factory, the citation linker (to check articles) and a clock."""

    def __init__(self, sessions, linker: CitationLinker, clock: Clock):
        self.sessions = sessions
        self.linker = linker
        self.clock = clock
        self._cache: tuple[tuple, list[GuideSummary]] | None = None
        # Entry id or slug → ((entries stamp, library stamp), summary view).
        self._summaries: dict[int | str, tuple[tuple, GuideView]] = {}
        # listener(event, entry_id) after each committed save or delete (the search index).
        self.listeners: list[Callable[[str, int], None]] = []
        # recorder(session, event, entry_id) inside the transaction of each save or delete
        # (the search change feed): it commits or rolls back with the change.
        self.recorders: list[Callable[[Session, str, int], None]] = []
        self._lock = threading.Lock()

    # -- reading ---------------------------------------------------------------------
    def list_entries(self, category: str | None = None) -> list[GuideSummary]:
        entries = self._entries()
        return [e for e in entries if category is None or e.category == category]

    def get_entry(self, entry_ref: int | str, viewer: Actor | None = None, *,
                  related: bool = True) -> GuideView:
        """An entry with its articles; with `related`, also its cases and questions (the
        entry page), without them for a summary above search hits."""
        snapshot = self.linker.snapshot()
        if not related:
            return self._summary_view(entry_ref, snapshot)
        with self.sessions() as session:
            return self._view(session, snapshot, self._find(session, entry_ref),
                              related=True, drafts=is_manager(viewer))

    def _summary_view(self, entry_ref: int | str, snapshot: LibrarySnapshot) -> GuideView:
        """get_entry without related cases and questions (shown above search hits), kept
        until an entry is saved or deleted or the library changes."""
        with self.sessions() as session:
            key = (self._entries_stamp(session), snapshot.stamp)
            with self._lock:
                kept = self._summaries.get(entry_ref)
            if kept is not None and kept[0] == key:
                return kept[1]
            view = self._view(session, snapshot, self._find(session, entry_ref), related=False)
        with self._lock:
            if len(self._summaries) >= _SUMMARIES_KEPT:
                self._summaries.clear()
            self._summaries[entry_ref] = (key, view)
        return view

    def _view(self, session: Session, snapshot: LibrarySnapshot, row: GuideEntry, *,
              related: bool, drafts: bool = False) -> GuideView:
        """An entry with its articles and, with `related`, its cases and questions."""
        basis = tuple(self._basis_view(session, snapshot, b.role, _basis_input(b))
                      for b in row.basis)
        cases = self._related_cases(session, row, basis, drafts) if related else ()
        questions = self._related_questions(session, basis) if related else ()
        return GuideView(**_summary(row).__dict__, description=row.description,
                         advice=row.advice, basis=basis, cases=cases, question_ids=questions)

    def match(self, query: str, limit: int = 3) -> list[GuideMatch]:
        """Entries for a search query (化整为零 → 化整为零规避公开招标), best first."""
        return match_entries(query, self._entries(), limit)

    def find_in_text(self, text: str) -> list[GuideMatch]:
        """Entries whose words occur in a longer text (a paragraph of a report)."""
        return match_entries(text, self._entries(), whole_text_only=True)

    def article_keys(self, entry_id: int) -> tuple[set, set]:
        """(定性依据, 处理处罚依据) of an entry as sets of (statute id, article no, suffix)."""
        snapshot = self.linker.snapshot()
        with self.sessions() as session:
            rows = session.scalars(select(GuideBasis).where(GuideBasis.entry_id == entry_id)).all()
            keys = {ROLE_CHARACTERISATION: set(), ROLE_SANCTION: set()}
            for row in rows:
                statute = snapshot.statute_for(normalise_name(row.law))
                if statute is not None:
                    keys[row.role].add((statute.id, row.article_no, row.article_suffix))
            return keys[ROLE_CHARACTERISATION], keys[ROLE_SANCTION]

    def basis_labels(self, entry_id: int, role: str) -> list[str]:
        with self.sessions() as session:
            rows = session.scalars(select(GuideBasis).where(
                GuideBasis.entry_id == entry_id, GuideBasis.role == role)
                .order_by(GuideBasis.position)).all()
            return [_basis_input(r).label for r in rows]

    # -- writing ---------------------------------------------------------------------
    def create_entry(self, actor: Actor, data: GuideInput) -> GuideView:
        require_manager(actor, "维护问题定性指南")
        data = self._checked(data)
        with self.sessions() as session, session.begin():
            if session.scalars(select(GuideEntry.id).where(GuideEntry.slug == data.slug)).first():
                raise Conflict(f"编号为“{data.slug}”的指南条目已存在")
            last = session.scalar(select(func.max(GuideEntry.position))) or 0
            row = GuideEntry(slug=data.slug, position=last + 1,
                             created_at=to_db(self.clock.now()))
            session.add(row)
            self._write(session, row, data, actor)
            entry_id = row.id
            self._record(session, EVENT_SAVED, entry_id)
        self._notify(EVENT_SAVED, entry_id)
        return self.get_entry(entry_id, actor)

    def update_entry(self, actor: Actor, entry_ref: int | str, data: GuideInput,
                     expected_revision: int) -> GuideView:
        require_manager(actor, "维护问题定性指南")
        data = self._checked(data)
        try:
            with self.sessions() as session, session.begin():
                row = self._find(session, entry_ref)
                if row.revision != expected_revision:
                    raise StaleEdit(_ENTRY, row.revision, expected_revision)
                clash = session.scalars(select(GuideEntry.id).where(
                    GuideEntry.slug == data.slug, GuideEntry.id != row.id)).first()
                if clash:
                    raise Conflict(f"编号为“{data.slug}”的指南条目已存在")
                row.slug = data.slug
                self._write(session, row, data, actor)
                entry_id = row.id
                self._record(session, EVENT_SAVED, entry_id)
        except StaleDataError:
            raise StaleEdit(_ENTRY, expected_revision + 1, expected_revision) from None
        self._notify(EVENT_SAVED, entry_id)
        return self.get_entry(entry_id, actor)

    def delete_entry(self, actor: Actor, entry_ref: int | str, expected_revision: int) -> None:
        require_manager(actor, "维护问题定性指南")
        with self.sessions() as session, session.begin():
            row = self._find(session, entry_ref)
            if row.revision != expected_revision:
                raise StaleEdit(_ENTRY, row.revision, expected_revision)
            entry_id = row.id
            self._record(session, EVENT_DELETED, entry_id)
            session.delete(row)
        self._notify(EVENT_DELETED, entry_id)

    def _record(self, session: Session, event: str, entry_id: int) -> None:
        for recorder in self.recorders:
            recorder(session, event, entry_id)

    def _notify(self, event: str, entry_id: int) -> None:
        for listener in self.listeners:
            listener(event, entry_id)

    def _write(self, session: Session, row: GuideEntry, data: GuideInput, actor) -> None:
        row.title, row.category, row.keywords = data.title, data.category, list(data.keywords)
        row.description, row.advice = data.description, data.advice
        row.updated_by, row.updated_at = actor.id, to_db(self.clock.now())
        flag_modified(row, "updated_at")  # every save bumps the revision
        row.basis = [GuideBasis(role=role, position=i, law=b.law, article_no=b.article_no,
                                article_suffix=b.article_suffix, paragraph=b.paragraph,
                                item=b.item, note=b.note[:300])
                     for role, items in ((ROLE_CHARACTERISATION, data.characterisation),
                                         (ROLE_SANCTION, data.sanction))
                     for i, b in enumerate(items)]
        # Kept links are reused: a new row with the same key would clash with the old one.
        kept = {link.case_id: link for link in row.cases}
        row.cases = [kept.get(case_id) or GuideCase(case_id=case_id)
                     for case_id in self._case_ids(session, data.case_uids)]
        for position, link in enumerate(row.cases):
            link.position = position
        session.flush()

    def _checked(self, data: GuideInput) -> GuideInput:
        """Clean the input and check that every article exists in the library's current text."""
        data = data.clean()
        snapshot = self.linker.snapshot()
        missing = [b.label for b in data.characterisation + data.sanction
                   if not self._locate(snapshot, b)[2]]
        if missing:
            raise InvalidInput(f"法规库中找不到以下依据：{'、'.join(missing)}")
        return data

    # -- helpers ---------------------------------------------------------------------
    def _entries(self) -> list[GuideSummary]:
        with self.sessions() as session:
            stamp = self._entries_stamp(session)
            with self._lock:
                if self._cache is None or self._cache[0] != stamp:
                    rows = session.scalars(select(GuideEntry).order_by(
                        GuideEntry.position, GuideEntry.id)).all()
                    self._cache = (stamp, [_summary(r) for r in rows])
                return list(self._cache[1])

    @staticmethod
    def _entries_stamp(session: Session) -> tuple:
        """Changes whenever an entry is created, saved or deleted."""
        return tuple(session.execute(_ENTRIES_STAMP).one())

    @staticmethod
    def _locate(snapshot: LibrarySnapshot, basis: BasisInput):
        """(statute, current version, unit id or None)."""
        statute = snapshot.statute_for(normalise_name(basis.law))
        if statute is None:
            return None, None, None
        version, _ = pick_version(statute, None)
        if version is None:
            return statute, None, None
        unit = snapshot.article_units(version.id).get((basis.article_no, basis.article_suffix))
        return statute, version, unit

    def _basis_view(self, session: Session, snapshot, role: str, basis: BasisInput) -> BasisView:
        statute, version, unit_id = self._locate(snapshot, basis)
        text = session.scalar(select(Unit.text).where(Unit.id == unit_id)) if unit_id else ""
        return BasisView(role, basis, statute.id if statute else None,
                         statute.title if statute else basis.law,
                         version.id if version else None, unit_id is not None, text or "")

    @staticmethod
    def _related_cases(session, row: GuideEntry, basis, drafts: bool) -> tuple[RelatedCase, ...]:
        attached = [c.case_id for c in row.cases]
        keys = [(b.statute_id, b.basis.article_no) for b in basis
                if b.role == ROLE_CHARACTERISATION and b.statute_id]
        citing = []
        for statute_id, number in keys:
            citing += session.scalars(select(CitationRecord.source_id).where(
                CitationRecord.source_kind == SOURCE_CASE, CitationRecord.statute_id == statute_id,
                CitationRecord.article_no == number)).all()
        ids = list(dict.fromkeys(attached + citing))
        if not ids:
            return ()
        query = select(Case.id, Case.uid, Case.title).where(Case.id.in_(ids))
        if not drafts:
            query = query.where(Case.status == STATUS_PUBLISHED)
        found = {row_[0]: row_ for row_ in session.execute(query)}
        return tuple(RelatedCase(i, found[i][1], found[i][2], i in attached)
                     for i in ids if i in found)

    @staticmethod
    def _related_questions(session, basis) -> tuple[int, ...]:
        ids: list[int] = []
        for b in basis:
            if b.statute_id:
                ids += session.scalars(select(CitationRecord.source_id).where(
                    CitationRecord.source_kind == SOURCE_QUESTION,
                    CitationRecord.statute_id == b.statute_id,
                    CitationRecord.article_no == b.basis.article_no)).all()
        return tuple(dict.fromkeys(ids))

    @staticmethod
    def _case_ids(session: Session, uids: tuple[str, ...]) -> list[int]:
        if not uids:
            return []
        found = dict(session.execute(select(Case.uid, Case.id).where(Case.uid.in_(uids))).all())
        return [found[u] for u in uids if u in found]

    @staticmethod
    def _find(session: Session, entry_ref: int | str) -> GuideEntry:
        column = GuideEntry.id if isinstance(entry_ref, int) else GuideEntry.slug
        row = session.scalars(select(GuideEntry).where(column == entry_ref)
                              .options(selectinload(GuideEntry.basis))).first()
        if row is None:
            raise NotFound("没有找到该指南条目")
        return row
