"""Results people and trainers read: my history (the trend chart's data), the 错题本,
mastery per statute and per topic (tag), a round's results, department rankings.

A person's own scores appear once submitted; per-question results only once visible
(round closed, or practice).  Rankings and round results count 审计人员 only, with the
best of each person's attempts.

The department ranking (RANKING_RULE, shown on the ranking page): a department's score is
the average over everyone it was expected to send — the round's audience, each absentee
counted as 0 — so a department where one of two people took part cannot rank above one
where both did as well; ties go to the higher participation, then by name.  A person's
place (排名第 x/y) is among people: x among everyone who took part, y the audience.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from accounts.user import Department, User
from core.clock import Clock, from_db, to_db
from core.errors import PermissionDenied
from kb.library import Library
from accounts.permissions import is_manager, require_manager
from core.actor import Actor
from quizzes.articles import ArticleResolver, Citation
from quizzes.audience import audience_user_ids
from quizzes.content import TYPE_NAMES, Option, Part, content_of
from quizzes.embargo import withheld_questions
from quizzes.grading import (SUBMITTED, answered_by_attempt, item_is_correct, objective_part,
                             visible_results_clause)
from quizzes.models import Attempt, AttemptItem, QuestionRevision, ReviewItem, Round
from quizzes.round_spec import CLOSED, TRAINING
from quizzes.rounds import get_training_round
from quizzes.topics import staff_topics
from quizzes.transactions import SessionFactory, read_session


@dataclass(frozen=True)
class HistoryPoint:
    round_id: int
    title: str
    submitted_at: dt.datetime
    score: float
    max_score: float
    percent: float
    # The audience's average percentage, once the round has closed.
    round_average: float | None
    # Written answers still to be graded: the score is not final (待阅卷).
    ungraded: int = 0


@dataclass(frozen=True)
class WrongEntry:
    question_id: int
    qtype: str
    type_name: str
    stem: str
    answer: object
    explanation: str
    citations: tuple[Citation, ...]
    box: int
    due_at: dt.datetime
    is_due: bool
    wrong_count: int
    last_wrong_at: dt.datetime
    mastered: bool
    # The question as written (options in their stored order; a case's sub-questions).
    options: tuple[Option, ...] = ()
    parts: tuple[Part, ...] = ()
    # The key is under embargo (quizzes.embargo): answer, 解题 and basis left out for now.
    withheld: bool = False


@dataclass(frozen=True)
class MasteryRow:
    key: str            # statute id (as text) or tag
    label: str
    answered: int
    correct: int

    @property
    def rate(self) -> float:
        return round(self.correct / self.answered, 3) if self.answered else 0.0


@dataclass(frozen=True)
class Mastery:
    statutes: tuple[MasteryRow, ...]
    tags: tuple[MasteryRow, ...]


RANKING_RULE = ("科室得分率＝应参加人员得分率的平均值（每人取最高一次，未参加者按 0 计）；"
                "相同时参与率高者在前，再按科室名称排序。只统计审计人员。")


@dataclass(frozen=True)
class ResultRow:
    user_id: int
    username: str
    name: str
    department: str
    attempts: int
    score: float | None
    max_score: float
    percent: float | None
    submitted_at: dt.datetime | None
    submit_kind: str | None
    # Place among the people who took part (equal scores share a place); None if absent.
    rank: int | None = None
    # Written answers of this attempt still to be graded (待阅卷).
    ungraded: int = 0
    # Questions answered in the best attempt (the 答题卡's rule), of the round's `questions`.
    answered: int | None = None
    questions: int = 0
    # While written answers wait (ungraded > 0) the score is not final: the objectively
    # scored part, with its own maximum, is what may be said (None once all is graded).
    objective_score: float | None = None
    objective_max: float | None = None

    @property
    def is_pending(self) -> bool:
        """待阅卷: submitted, with written answers not yet graded."""
        return self.score is not None and self.ungraded > 0


@dataclass(frozen=True)
class DepartmentStanding:
    rank: int
    department_id: int | None
    name: str
    members: int
    participants: int
    participation: float
    # Over all expected participants, absentees as 0 (RANKING_RULE).
    average_percent: float


def percent(score: float | None, max_score: float) -> float | None:
    return round(100 * score / max_score, 1) if score is not None and max_score else None


def _mastery_order(row: MasteryRow) -> tuple:
    """Weakest first: lowest rate, then the most answered, then by name."""
    return row.rate, -row.answered, row.label


def best_attempts(session: Session, round_id: int) -> dict[int, tuple[Attempt, int]]:
    """user id → (best submitted attempt, attempts made) in the round."""
    best: dict[int, tuple[Attempt, int]] = {}
    counts: dict[int, int] = defaultdict(int)
    for attempt in session.scalars(select(Attempt).where(Attempt.round_id == round_id).order_by(Attempt.id)):
        counts[attempt.user_id] += 1
        if attempt.status != SUBMITTED:
            continue
        current = best.get(attempt.user_id)
        if current is None or (attempt.score or 0) > (current[0].score or 0):
            best[attempt.user_id] = (attempt, 0)
    return {u: (a, counts[u]) for u, (a, _) in best.items()}


class ResultService:
    def __init__(self, sessions: SessionFactory, clock: Clock, library: Library,
                 resolver: ArticleResolver):
        self.sessions = sessions
        self.clock = clock
        self.library = library
        self.resolver = resolver

    def my_history(self, actor: Actor, user_id: int | None = None) -> list[HistoryPoint]:
        """Submitted training rounds, oldest first (GET /me/results)."""
        with read_session(self.sessions) as session:
            user_id = self._subject(actor, user_id)
            taken = select(Attempt.round_id).where(Attempt.user_id == user_id, Attempt.status == SUBMITTED)
            rounds = session.scalars(select(Round).where(Round.id.in_(taken), Round.kind == TRAINING))
            points = []
            for round_ in rounds:
                attempt, _ = best_attempts(session, round_.id)[user_id]
                average = self._average(session, round_) if round_.status == CLOSED else None
                points.append(HistoryPoint(round_.id, round_.title, from_db(attempt.submitted_at),
                                           attempt.score, attempt.max_score,
                                           percent(attempt.score, attempt.max_score), average,
                                           attempt.ungraded))
            return sorted(points, key=lambda p: p.submitted_at)

    @staticmethod
    def _average(session: Session, round_: Round) -> float | None:
        audience = set(audience_user_ids(session, round_))
        values = [percent(a.score, a.max_score) for u, (a, _) in best_attempts(session, round_.id).items()
                  if u in audience]
        return round(sum(values) / len(values), 1) if values else None

    @staticmethod
    def _subject(actor: Actor, user_id: int | None) -> int:
        if user_id is None or user_id == actor.id:
            return actor.id
        if not is_manager(actor):
            raise PermissionDenied("只能查看本人的成绩")
        return user_id

    def wrong_book(self, actor: Actor, due_only: bool = False) -> list[WrongEntry]:
        """错题本: due ones first, then by when they come back; mastered ones last."""
        now = self.clock.now()
        with read_session(self.sessions) as session:
            statement = select(ReviewItem).where(ReviewItem.user_id == actor.id)
            if due_only:
                statement = statement.where(ReviewItem.due_at <= to_db(now), ReviewItem.mastered_at.is_(None))
            items = list(session.scalars(statement))
            withheld = withheld_questions(session, [i.question_id for i in items])
            entries = [self._entry(session, item, now, item.question_id in withheld) for item in items]
        return sorted(entries, key=lambda e: (e.mastered, not e.is_due, e.due_at))

    def _entry(self, session: Session, item: ReviewItem, now: dt.datetime, withheld: bool) -> WrongEntry:
        content = content_of(session.get(QuestionRevision, item.revision_id))
        due = from_db(item.due_at)
        mastered = item.mastered_at is not None
        parts = content.parts
        if withheld:
            parts = tuple(replace(p, answer=None, explanation="") for p in parts)
        return WrongEntry(item.question_id, content.qtype, TYPE_NAMES[content.qtype], content.stem,
                          None if withheld else content.answer_key(), "" if withheld else content.explanation,
                          () if withheld else tuple(self.resolver.describe(content.articles)), item.box,
                          due, not mastered and due <= now, item.wrong_count, from_db(item.last_wrong_at),
                          mastered, content.options, parts, withheld)

    def mastery(self, actor: Actor, user_id: int | None = None) -> Mastery:
        """Share of questions answered right (latest answer each) per statute and per topic
        (generator tags left out: quizzes.topics)."""
        with read_session(self.sessions) as session:
            user_id = self._subject(actor, user_id)
            latest = self._latest_items(session, user_id)
        statutes: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        tags: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for correct, articles, item_tags in latest.values():
            for statute_id in dict.fromkeys(a[0] for a in articles):
                statutes[statute_id][0] += 1
                statutes[statute_id][1] += correct
            for tag in staff_topics(item_tags):
                tags[tag][0] += 1
                tags[tag][1] += correct
        statute_rows = [MasteryRow(str(s), self.resolver.statute_name(s), n, c) for s, (n, c) in statutes.items()]
        tag_rows = [MasteryRow(t, t, n, c) for t, (n, c) in tags.items()]
        return Mastery(tuple(sorted(statute_rows, key=_mastery_order)),
                       tuple(sorted(tag_rows, key=_mastery_order)))

    @staticmethod
    def _latest_items(session: Session, user_id: int) -> dict[int, tuple[bool, list, list]]:
        rows = session.execute(
            select(AttemptItem, QuestionRevision.articles, QuestionRevision.tags)
            .join(Attempt, Attempt.id == AttemptItem.attempt_id).join(Round, Round.id == Attempt.round_id)
            .join(QuestionRevision, QuestionRevision.id == AttemptItem.revision_id)
            .where(Attempt.user_id == user_id, visible_results_clause())
            .order_by(Attempt.submitted_at, Attempt.id)).all()
        return {item.question_id: (item_is_correct(item), articles or [], tags or [])
                for item, articles, tags in rows}

    def round_results(self, actor: Actor, round_id: int) -> list[ResultRow]:
        """Everyone in the audience with their best attempt (absent ones without a score)."""
        require_manager(actor, "查看轮次成绩")
        rows, _ = self.notice_results(round_id)
        return sorted(rows, key=lambda r: (r.percent is None, -(r.percent or 0), r.username))

    @staticmethod
    def _row(session: Session, user: User, department: str | None, best, answered: dict[int, int],
             questions: int) -> ResultRow:
        attempt, count = best if best else (None, 0)
        objective = objective_part(session, attempt) if attempt and attempt.ungraded else (None, None)
        return ResultRow(user.id, user.username, user.display_name, department or "未分配科室", count,
                         attempt.score if attempt else None, attempt.max_score if attempt else 0.0,
                         percent(attempt.score, attempt.max_score) if attempt else None,
                         from_db(attempt.submitted_at) if attempt else None,
                         attempt.submit_kind if attempt else None,
                         ungraded=attempt.ungraded if attempt else 0,
                         answered=answered.get(attempt.id) if attempt else None, questions=questions,
                         objective_score=objective[0], objective_max=objective[1])

    def notice_results(self, round_id: int) -> tuple[list[ResultRow], list[DepartmentStanding]]:
        """Each audience member's result and the department ranking of a round, for the
        close notices of the scheduler (issue E).  No permission check: never call this
        for a web request."""
        with read_session(self.sessions) as session:
            round_ = get_training_round(session, round_id)
            best = best_attempts(session, round_id)
            users = session.execute(select(User, Department.name).outerjoin(
                Department, Department.id == User.department_id).where(
                User.id.in_(audience_user_ids(session, round_)))).all()
            answered = answered_by_attempt(session, [attempt.id for attempt, _ in best.values()])
            # The items of the attempts still waiting for a grader, in one query (their
            # objective part is computed from them), not one query per attempt.
            session.scalars(select(Attempt).options(selectinload(Attempt.items)).where(
                Attempt.id.in_([a.id for a, _ in best.values() if a.ungraded]))).all()
            rows = [self._row(session, user, department, best.get(user.id), answered, len(round_.questions))
                    for user, department in users]
            return rank_people(rows), rank_departments(session, [round_])

    def department_ranking(self, actor: Actor, round_id: int | None = None,
                           since: dt.datetime | None = None) -> list[DepartmentStanding]:
        """By RANKING_RULE, over one round or the closed rounds since a date.

        Staff may see the ranking (it is what the bureau's 练兵比武 publishes)."""
        with read_session(self.sessions) as session:
            if round_id is not None:
                rounds = [get_training_round(session, round_id)]
            else:
                statement = select(Round).where(Round.kind == TRAINING, Round.status == CLOSED)
                if since is not None:
                    statement = statement.where(Round.closes_at >= to_db(since))
                rounds = list(session.scalars(statement))
            return rank_departments(session, rounds)


def rank_people(rows: list[ResultRow]) -> list[ResultRow]:
    """Each row with its place among those who took part: 1 + how many did better."""
    taken = [r.percent for r in rows if r.percent is not None]
    return [replace(r, rank=None if r.percent is None else 1 + sum(1 for p in taken if p > r.percent))
            for r in rows]


def rank_departments(session: Session, rounds: list[Round]) -> list[DepartmentStanding]:
    """RANKING_RULE over these rounds: every (audience member, round) counts once."""
    members: dict[int | None, int] = defaultdict(int)
    takers: dict[int | None, int] = defaultdict(int)
    totals: dict[int | None, float] = defaultdict(float)
    department_of = dict(session.execute(select(User.id, User.department_id)).all())
    for round_ in rounds:
        best = best_attempts(session, round_.id)
        for user_id in audience_user_ids(session, round_):
            department = department_of.get(user_id)
            members[department] += 1
            if user_id in best:
                attempt = best[user_id][0]
                takers[department] += 1
                totals[department] += percent(attempt.score, attempt.max_score) or 0.0
    names = dict(session.execute(select(Department.id, Department.name)).all())
    standings = [(d, names.get(d, "未分配科室"), members[d], takers[d], round(totals[d] / members[d], 1))
                 for d in members]
    standings.sort(key=lambda s: (-s[4], -(s[3] / s[2]), s[1]))
    return [DepartmentStanding(rank, d, name, m, t, round(t / m, 3), avg)
            for rank, (d, name, m, t, avg) in enumerate(standings, 1)]
