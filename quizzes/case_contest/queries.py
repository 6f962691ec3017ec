"""Reading the competition's rows into its dataclasses, shared by the contest, entry,
judging and document services: a contest's phase, people with their departments, the
authors of entries and the submitted entries of a contest."""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.user import Department, User
from core.actor import Actor
from core.clock import from_db, to_db
from core.errors import InvalidInput, NotFound
from kb.cases.values import CaseInput
from quizzes.case_contest.models import (ENTRY_SUBMITTED, CaseContest, ContestAuthor,
                                         ContestEntry, ContestJudge)
from quizzes.case_contest.values import (PHASE_JUDGING, PHASE_PUBLISHED, PHASE_SUBMITTING,
                                         PHASE_UPCOMING, ContestSummary, ContestView,
                                         CriterionView, EntryView, Person)


def phase_of(contest: CaseContest, now: dt.datetime) -> str:
    if contest.published_at is not None:
        return PHASE_PUBLISHED
    now = to_db(now)
    if now < contest.opens_at:
        return PHASE_UPCOMING
    return PHASE_SUBMITTING if now < contest.closes_at else PHASE_JUDGING


def find_contest(session: Session, contest_id: int, *, lock: bool = False) -> CaseContest:
    """The contest; with `lock`, its row held until the transaction ends (SELECT … FOR
    UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers), so two
    submissions or a submission and the publishing cannot interleave their checks."""
    contest = session.get(CaseContest, contest_id, with_for_update=lock or None)
    if contest is None:
        raise NotFound("没有找到该案例评比")
    return contest


def find_entry(session: Session, entry_id: int) -> ContestEntry:
    entry = session.get(ContestEntry, entry_id)
    if entry is None:
        raise NotFound("没有找到该参评案例")
    return entry


def people(session: Session, ids: Iterable[int | None]) -> dict[int, Person]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.display_name, User.username, Department.name)
                           .outerjoin(Department, Department.id == User.department_id)
                           .where(User.id.in_(ids)))
    return {uid: Person(uid, name, username, department or "")
            for uid, name, username, department in rows}


def users_named(session: Session, usernames: Iterable[str], what: str) -> list[int]:
    """The ids of active users by 工号, in order; InvalidInput names every unknown one."""
    usernames = list(usernames)
    rows = dict(session.execute(select(User.username, User.id).where(
        User.username.in_(usernames), User.is_active.is_(True))).all())
    unknown = [name for name in usernames if name not in rows]
    if unknown:
        raise InvalidInput(f"没有找到{what}的工号：{'、'.join(unknown)}（或该账号已停用）")
    return [rows[name] for name in usernames]


def judge_ids(contest: CaseContest) -> list[int]:
    return [judge.user_id for judge in contest.judges]


def submitted_entries(session: Session, contest_id: int) -> list[ContestEntry]:
    return list(session.scalars(select(ContestEntry).where(
        ContestEntry.contest_id == contest_id, ContestEntry.status == ENTRY_SUBMITTED)
        .order_by(ContestEntry.id)))


def author_ids(entry: ContestEntry) -> list[int]:
    return [author.user_id for author in entry.authors]


def summary_of(session: Session, contest: CaseContest, now: dt.datetime) -> ContestSummary:
    count = len(submitted_entries(session, contest.id))
    return ContestSummary(contest.id, contest.title, phase_of(contest, now),
                          from_db(contest.opens_at), from_db(contest.closes_at), contest.blind,
                          count, len(contest.judges), from_db(contest.published_at))


def contest_view(session: Session, contest: CaseContest, now: dt.datetime,
                 viewer: Actor, is_manager: bool) -> ContestView:
    judges = people(session, judge_ids(contest))
    return ContestView(summary_of(session, contest, now), contest.description,
                       tuple(CriterionView(c.id, c.name, c.weight) for c in contest.criteria),
                       tuple(judges[i] for i in judge_ids(contest) if i in judges),
                       is_manager=is_manager, is_judge=viewer.id in judges)


def case_input(entry: ContestEntry) -> CaseInput:
    return CaseInput(entry.title, entry.audit_type, entry.body, tuple(entry.tags or ()),
                     entry.case_date, entry.source, entry.summary)


def entry_view(session: Session, entry: ContestEntry, viewer: Actor, *,
               hide_authors: bool) -> EntryView:
    ids = author_ids(entry)
    names = people(session, ids)
    authors = () if hide_authors else tuple(names[i] for i in ids if i in names)
    return EntryView(entry.id, entry.contest_id, case_input(entry), entry.status,
                     from_db(entry.submitted_at), from_db(entry.updated_at), authors,
                     hide_authors, entry.award, entry.case_id, viewer.id in ids)


def is_judge_of(session: Session, contest_id: int, user_id: int | None) -> bool:
    return user_id is not None and session.scalar(select(ContestJudge.id).where(
        ContestJudge.contest_id == contest_id, ContestJudge.user_id == user_id)) is not None


def entries_of_person(session: Session, contest_id: int, user_id: int) -> list[ContestEntry]:
    """The entries (any status) a person is an author of, newest first."""
    return list(session.scalars(select(ContestEntry).join(ContestAuthor).where(
        ContestEntry.contest_id == contest_id, ContestAuthor.user_id == user_id)
        .order_by(ContestEntry.id.desc())))
