"""A person's 学法记录 for a year: the lectures attended, the rounds and competitions taken
with their scores, self-practice, and the 学时 of each by the rule in
quizzes.training.activity (HOURS_RULE).  A person reads their own record; managers read
anyone's."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from openpyxl import Workbook

from accounts.permissions import is_manager
from accounts.security_log import SecurityLog
from accounts.user import Department, User
from core.actor import Actor
from core.clock import Clock
from core.errors import NotFound, PermissionDenied
from quizzes.training.activity import (HOURS_RULE, check_year, hours, in_year, practice_time, taken_rounds,
                                       year_rounds)
from core.spreadsheet import safe_row
from quizzes.exports import add_sheet, local_text, workbook_bytes
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
    def __init__(self, sessions: SessionFactory, clock: Clock, security_log: SecurityLog):
        self.sessions = sessions
        self.clock = clock
        # A manager's export of someone else's record is logged, as results exports are.
        self.security_log = security_log

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

    def workbook(self, actor: Actor, year: int, user_id: int | None = None) -> bytes:
        """The record as an .xlsx: 概况, 讲座, 练兵 (for the person, or a manager)."""
        record = self.person(actor, year, user_id)
        data = person_workbook(record)
        if record.user_id != actor.id:
            self.security_log.record(actor, "person_record_exported", f"{record.name}（{record.username}）",
                                     f"{record.year} 年学法记录 Excel")
        return data

    @staticmethod
    def _subject(actor: Actor, user_id: int | None) -> int:
        if user_id is None or user_id == actor.id:
            if actor.id is None:
                raise NotFound("系统账号没有学法记录")
            return actor.id
        if not is_manager(actor):
            raise PermissionDenied("只能查看本人的学法记录")
        return user_id


def person_workbook(record: PersonRecord) -> bytes:
    book = Workbook()
    overview = book["Sheet"]
    overview.title = "概况"
    for row in (("姓名", record.name), ("工号", record.username), ("科室", record.department), ("年度", record.year),
                ("参加讲座（场）", len(record.lectures)), ("讲座学时", record.lecture_hours),
                ("参加练兵（轮）", len(record.rounds)), ("其中练兵比武（场）", len(record.competitions)),
                ("平均得分率%", "" if record.average_percent is None else record.average_percent),
                ("练兵学时", record.round_hours), ("自测（次）", record.practice_sessions),
                ("自测学时", record.practice_hours), ("学时合计", record.total_hours), ("说明", record.rule)):
        overview.append(safe_row(row))
    overview.column_dimensions["A"].width = 20
    overview.column_dimensions["B"].width = 80
    add_sheet(book, "讲座", ("日期", "类型", "题目", "主讲人", "学时"),
              ((f"{x.held_on:%Y-%m-%d}", x.kind_name, x.title, x.speaker, x.hours) for x in record.lectures),
              (12, 10, 40, 14, 8))
    add_sheet(book, "练兵", ("轮次", "类型", "结束时间", "得分", "满分", "得分率%", "作答次数", "学时"),
              ((x.title, "练兵比武" if x.competition else "练兵", local_text(x.closes_at), x.score, x.max_score,
                "" if x.percent is None else x.percent, x.attempts, x.hours) for x in record.rounds),
              (36, 10, 18, 8, 8, 10, 10, 8))
    return workbook_bytes(book)
