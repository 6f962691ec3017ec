"""A person's 学法记录 for a year: the lectures attended, the rounds and competitions taken
with their scores, self-practice, and the 学时 of each by the rule in
quizzes.training.activity (HOURS_RULE).  A person reads their own record; managers read
anyone's."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from accounts.permissions import is_manager
from accounts.user import Department, User
from core.actor import Actor
from core.clock import Clock
from core.errors import NotFound, PermissionDenied
from quizzes.training.activity import (HOURS_RULE, check_year, hours, in_year, practice_time, taken_rounds,
                                       year_rounds)
from quizzes.training.lectures import KINDS_OF_LECTURE
from quizzes.training.models import Lecture, LectureAttendance
from quizzes.transactions import SessionFactory, read_session


@dataclass(frozen=True)
class LectureLine:
    id: int
    title: str
    kind_name: str
    speaker: str
    held_on: dt.date
    hours: float


@dataclass(frozen=True)
class RoundLine:
    id: int
    title: str
    competition: bool
    closes_at: dt.datetime
    score: float
    max_score: float
    percent: float | None
    pending: bool           # written answers still to be graded
    attempts: int
    hours: float


@dataclass(frozen=True)
class PersonRecord:
    user_id: int
    username: str
    name: str
    department: str
    year: int
    lectures: tuple[LectureLine, ...]
    rounds: tuple[RoundLine, ...]
    practice_sessions: int
    lecture_hours: float
    round_hours: float
    practice_hours: float
    rule: str = HOURS_RULE

    @property
    def total_hours(self) -> float:
        return round(self.lecture_hours + self.round_hours + self.practice_hours, 1)

    @property
    def competitions(self) -> tuple[RoundLine, ...]:
        return tuple(r for r in self.rounds if r.competition)

    @property
    def average_percent(self) -> float | None:
        values = [r.percent for r in self.rounds if r.percent is not None]
        return round(sum(values) / len(values), 1) if values else None


class TrainingRecords:
    def __init__(self, sessions: SessionFactory, clock: Clock):
        self.sessions = sessions
        self.clock = clock

    def this_year(self) -> int:
        return self.clock.today_local().year

    def person(self, actor: Actor, year: int, user_id: int | None = None) -> PersonRecord:
        user_id = self._subject(actor, user_id)
        year = check_year(year)
        with read_session(self.sessions) as session:
            person = session.execute(select(User.username, User.display_name, Department.name)
                                     .outerjoin(Department, Department.id == User.department_id)
                                     .where(User.id == user_id)).first()
            if person is None:
                raise NotFound(f"用户 {user_id} 不存在")
            lectures = [LectureLine(i, t, KINDS_OF_LECTURE.get(k, k), s, d, h) for i, t, k, s, d, h in session.execute(
                select(Lecture.id, Lecture.title, Lecture.kind, Lecture.speaker, Lecture.held_on, Lecture.hours)
                .join(LectureAttendance, LectureAttendance.lecture_id == Lecture.id)
                .where(LectureAttendance.user_id == user_id, *in_year(year))
                .order_by(Lecture.held_on, Lecture.id))]
            taken = taken_rounds(session, year, user_id)
            rounds = [RoundLine(r.id, r.title, r.competition, r.closes_at, t.score, t.max_score, t.percent,
                                t.ungraded > 0, t.attempts, hours(t.minutes))
                      for r in year_rounds(session, year) if (t := taken.get((user_id, r.id)))]
            sessions, minutes = practice_time(session, year, user_id).get(user_id, (0, 0.0))
        return PersonRecord(user_id, person[0], person[1], person[2] or "未分配科室", year, tuple(lectures),
                            tuple(rounds), sessions, round(sum(x.hours for x in lectures), 1),
                            round(sum(t.minutes for t in taken.values()) / 60, 1), hours(minutes))

    @staticmethod
    def _subject(actor: Actor, user_id: int | None) -> int:
        if user_id is None or user_id == actor.id:
            if actor.id is None:
                raise NotFound("系统账号没有学法记录")
            return actor.id
        if not is_manager(actor):
            raise PermissionDenied("只能查看本人的学法记录")
        return user_id
