"""Submissions: staff write a case with the case editor's fields — its references checked
against the library as the case editor checks them — alone or with co-authors, and
submit it before the deadline; until the window closes they may withdraw it, change it and
submit it again.  Each person takes part in one submitted case per contest.

Who sees an entry: its authors and trainers always; the judges once submissions have
closed (without the authors when judging is blind); everyone a winner once published."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from accounts.permissions import is_manager
from core.actor import Actor
from core.clock import Clock, from_db, to_db, to_local
from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from core.transactions import read_session, write_session
from kb.cases.audit_types import audit_type_named
from kb.citations.check import CheckReport, CitationChecker
from kb.citations.resolver import STATUS_NO_ARTICLE, STATUS_REPEALED
from kb.rendering import LinkFor, Rendered, render_markdown
from kb.citations.linker import CitationLinker
from quizzes.case_contest.models import (ENTRY_SUBMITTED, ENTRY_WITHDRAWN, CaseContest,
                                         ContestAuthor, ContestEntry)
from quizzes.case_contest.queries import (author_ids, entries_of_person, entry_view,
                                          find_contest, find_entry, is_judge_of, people,
                                          phase_of, users_named)
from quizzes.case_contest.values import (PHASE_PUBLISHED, PHASE_SUBMITTING, PHASE_UPCOMING,
                                         EntryInput, EntryView)

# References that make a case wrong, not merely unchecked: an article the statute does not
# have, a statute repealed before the case.  A statute the library does not hold is only
# reported (the library may lack it; the author is not at fault).
_BLOCKING = (STATUS_NO_ARTICLE, STATUS_REPEALED)


class ContestEntries:
    def __init__(self, sessions, clock: Clock, checker: CitationChecker, linker: CitationLinker):
        self.sessions = sessions
        self.clock = clock
        self.checker = checker
        self.linker = linker

    # -- writing -----------------------------------------------------------------------
    def submit(self, actor: Actor, contest_id: int, data: EntryInput) -> EntryView:
        """A new entry by `actor` and the co-authors named, submitted at once."""
        data = self._checked(actor, data)
        with write_session(self.sessions) as session:
            contest = find_contest(session, contest_id, lock=True)
            self._require_open(contest, "提交案例")
            authors = _authors(session, actor, data)
            _refuse_duplicates(session, contest.id, authors, None)
            now = to_db(self.clock.now())
            entry = ContestEntry(contest_id=contest.id, submitter_id=actor.id, submitted_at=now,
                                 status=ENTRY_SUBMITTED)
            _write(session, entry, data, authors, now)
            session.add(entry)
            session.flush()
            return entry_view(session, entry, actor, hide_authors=False)

    def update(self, actor: Actor, entry_id: int, data: EntryInput) -> EntryView:
        """Change a withdrawn entry (a submitted one is withdrawn first)."""
        data = self._checked(actor, data)
        with write_session(self.sessions) as session:
            entry = self._own_entry(session, actor, entry_id, "修改案例")
            if entry.status != ENTRY_WITHDRAWN:
                raise Conflict("已提交的案例不能直接修改：请先撤回，修改后再重新提交")
            _write(session, entry, data, _authors(session, actor, data, entry.submitter_id),
                   to_db(self.clock.now()))
            return entry_view(session, entry, actor, hide_authors=False)

    def withdraw(self, actor: Actor, entry_id: int) -> EntryView:
        with write_session(self.sessions) as session:
            entry = self._own_entry(session, actor, entry_id, "撤回案例")
            if entry.status == ENTRY_WITHDRAWN:
                raise Conflict("该案例已经撤回")
            entry.status, entry.updated_at = ENTRY_WITHDRAWN, to_db(self.clock.now())
            return entry_view(session, entry, actor, hide_authors=False)

    def resubmit(self, actor: Actor, entry_id: int) -> EntryView:
        with write_session(self.sessions) as session:
            entry = self._own_entry(session, actor, entry_id, "重新提交案例")
            if entry.status == ENTRY_SUBMITTED:
                raise Conflict("该案例已提交，无需重复提交")
            _refuse_duplicates(session, entry.contest_id, author_ids(entry), entry.id)
            now = to_db(self.clock.now())
            entry.status, entry.submitted_at, entry.updated_at = ENTRY_SUBMITTED, now, now
            return entry_view(session, entry, actor, hide_authors=False)

    def _own_entry(self, session, actor: Actor, entry_id: int, what: str) -> ContestEntry:
        entry = find_entry(session, entry_id)
        if actor.id not in author_ids(entry):
            raise PermissionDenied(f"只有案例的作者可以{what}")
        self._require_open(find_contest(session, entry.contest_id, lock=True), what)
        return entry

    def _require_open(self, contest: CaseContest, what: str) -> None:
        phase = phase_of(contest, self.clock.now())
        if phase == PHASE_UPCOMING:
            raise Conflict(f"案例征集尚未开始（{_local(contest.opens_at)} 开始），暂不能{what}")
        if phase != PHASE_SUBMITTING:
            raise Conflict(f"案例征集已于 {_local(contest.closes_at)} 截止，不能再{what}")

    def _checked(self, actor: Actor, data: EntryInput) -> EntryInput:
        """The entry cleaned, its audit type active and its references not wrong."""
        if actor.id is None:
            raise PermissionDenied("请先登录")
        data = data.clean()
        with read_session(self.sessions) as session:
            audit_type_named(session, data.case.audit_type, for_new=True)
        report = self.checker.check(data.case.body, data.case.case_date)
        wrong = [i for i in report.items if i.citation.status in _BLOCKING]
        if wrong:
            raise InvalidInput("正文中的引用有误，请核对后再提交：" + "；".join(
                f"“{i.citation.text}”：{i.message}" for i in wrong))
        return data

    # -- reading -----------------------------------------------------------------------
    def get_entry(self, viewer: Actor, entry_id: int) -> EntryView:
        with read_session(self.sessions) as session:
            entry = find_entry(session, entry_id)
            contest = session.get(CaseContest, entry.contest_id)
            hide = _visibility(session, contest, entry, viewer, self.clock.now())
            return entry_view(session, entry, viewer, hide_authors=hide)

    def my_entries(self, viewer: Actor, contest_id: int) -> list[EntryView]:
        if viewer.id is None:
            return []
        with read_session(self.sessions) as session:
            find_contest(session, contest_id)
            return [entry_view(session, e, viewer, hide_authors=False)
                    for e in entries_of_person(session, contest_id, viewer.id)]

    def check(self, body: str, case_date: dt.date | None) -> CheckReport:
        """The citation check the editor shows beside the text."""
        return self.checker.check(body, case_date)

    def preview(self, actor: Actor, body: str, case_date: dt.date | None = None,
                link_for: LinkFor | None = None) -> Rendered:
        """The editor's live preview for any signed-in author, rendered as a case page is."""
        if actor.id is None:
            raise PermissionDenied("请先登录")
        return render_markdown(body or "", linker=self.linker, on=case_date, link_for=link_for)


def _visibility(session, contest: CaseContest, entry: ContestEntry, viewer: Actor,
                now: dt.datetime) -> bool:
    """Whether `viewer` may see the entry with its authors hidden (True), shown (False),
    or not at all (NotFound)."""
    phase = phase_of(contest, now)
    if viewer.id in author_ids(entry) or is_manager(viewer):
        return False
    if phase == PHASE_PUBLISHED and entry.award and entry.status == ENTRY_SUBMITTED:
        return False
    closed = phase not in (PHASE_UPCOMING, PHASE_SUBMITTING)
    if closed and entry.status == ENTRY_SUBMITTED and is_judge_of(session, contest.id, viewer.id):
        return contest.blind and phase != PHASE_PUBLISHED
    raise NotFound("没有找到该参评案例")


def _authors(session, actor: Actor, data: EntryInput, submitter: int | None = None) -> list[int]:
    """The submitter first, then the co-authors by 工号."""
    first = submitter if submitter is not None else actor.id
    others = users_named(session, data.coauthors, "合作作者")
    return [first] + [uid for uid in others if uid != first]


def _refuse_duplicates(session, contest_id: int, authors: list[int], entry_id: int | None) -> None:
    """Each person is an author of at most one submitted entry per contest."""
    query = (select(ContestAuthor.user_id, ContestEntry.title).join(ContestEntry)
             .where(ContestEntry.contest_id == contest_id, ContestEntry.status == ENTRY_SUBMITTED,
                    ContestAuthor.user_id.in_(authors)))
    if entry_id is not None:
        query = query.where(ContestEntry.id != entry_id)
    taken = session.execute(query).all()
    if taken:
        names = people(session, [uid for uid, _ in taken])
        who = "；".join(f"{names[uid].name}已参加《{title}》" for uid, title in taken if uid in names)
        raise Conflict(f"每人在一次评比中只能参加一个参评案例：{who}。如需更换，请先撤回原案例")


def _write(session, entry: ContestEntry, data: EntryInput, authors: list[int],
           now: dt.datetime) -> None:
    case = data.case
    entry.title, entry.audit_type, entry.case_date = case.title, case.audit_type, case.case_date
    entry.source, entry.summary, entry.body = case.source, case.summary, case.body
    entry.tags, entry.updated_at = list(case.tags), now
    kept = {a.user_id: a for a in entry.authors if a.user_id in authors}
    entry.authors = [kept.get(uid) or ContestAuthor(user_id=uid) for uid in authors]
    for position, author in enumerate(entry.authors):
        author.position = position


def _local(value: dt.datetime) -> str:
    return to_local(from_db(value)).strftime("%Y-%m-%d %H:%M")
