"""The year's department and bureau summaries of the training record, for the annual
法治政府建设 report, and their .xlsx export.

Who is counted: the active 审计人员 (as for round audiences, quizzes.audience); a round's
expected participants are its audience among them now.  Every table is read with one
query for everyone (quizzes.training.activity), never one per person, so the export of a
bureau of thousands stays a few seconds (bench/training_record_bench.py).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.permissions import require_manager
from accounts.security_log import SecurityLog
from accounts.user import Department
from core.actor import Actor
from core.clock import Clock
from core.spreadsheet import safe_row
from kb.models import Statute
from quizzes.audience import members_statement
from quizzes.exports import add_sheet, local_text, workbook_bytes
from quizzes.models import RoundDepartment
from quizzes.training.activity import (HOURS_RULE, Taken, YearRound, check_year, hours, in_year, practice_time,
                                       taken_rounds, year_rounds)
from quizzes.training.lectures import KINDS_OF_LECTURE
from quizzes.training.models import Lecture, LectureAttendance, LectureStatute
from quizzes.transactions import SessionFactory, read_session
from accounts.user import User

NO_DEPARTMENT = "未分配科室"
BUREAU = "全局合计"


@dataclass
class Tally:
    """The figures of a group of people (a department, or the bureau)."""
    name: str
    members: int = 0
    lectures: set = field(default_factory=set)
    attendances: int = 0
    covered: int = 0
    rounds: int = 0
    competitions: int = 0
    expected: int = 0
    percents: list = field(default_factory=list)
    practice_sessions: int = 0
    minutes: float = 0.0         # rounds and practice
    lecture_hours: float = 0.0

    @property
    def participation(self) -> float | None:
        return round(100 * len(self.percents) / self.expected, 1) if self.expected else None

    @property
    def average_percent(self) -> float | None:
        return round(sum(self.percents) / len(self.percents), 1) if self.percents else None

    @property
    def total_hours(self) -> float:
        return round(self.lecture_hours + self.minutes / 60, 1)

    @property
    def hours_per_person(self) -> float | None:
        return round(self.total_hours / self.members, 1) if self.members else None


@dataclass(frozen=True)
class PersonLine:
    user_id: int
    username: str
    name: str
    department: str
    lectures: int
    lecture_hours: float
    rounds: int
    competitions: int
    average_percent: float | None
    round_hours: float
    practice_sessions: int
    practice_hours: float

    @property
    def total_hours(self) -> float:
        return round(self.lecture_hours + self.round_hours + self.practice_hours, 1)


@dataclass(frozen=True)
class LectureRow:
    id: int
    held_on: dt.date
    kind_name: str
    title: str
    speaker: str
    hours: float
    attendees: int
    statutes: str


@dataclass(frozen=True)
class RoundRow:
    round: YearRound
    expected: int
    participants: int
    average_percent: float | None


@dataclass(frozen=True)
class AnnualSummary:
    year: int
    bureau: Tally
    departments: tuple[Tally, ...]
    people: tuple[PersonLine, ...]
    lectures: tuple[LectureRow, ...]
    rounds: tuple[RoundRow, ...]
    rule: str = HOURS_RULE

    @property
    def report_text(self) -> str:
        """The year in the words of the annual 法治政府建设 report, ready to paste."""
        return report_text(self)


class AnnualReport:
    def __init__(self, sessions: SessionFactory, clock: Clock, security_log: SecurityLog):
        self.sessions = sessions
        self.clock = clock
        self.security_log = security_log

    def summary(self, actor: Actor, year: int) -> AnnualSummary:
        require_manager(actor, "查看年度学法汇总")
        year = check_year(year)
        with read_session(self.sessions) as session:
            people = _people(session)
            attendance = session.execute(
                select(LectureAttendance.user_id, LectureAttendance.lecture_id, Lecture.hours)
                .join(Lecture, Lecture.id == LectureAttendance.lecture_id).where(*in_year(year))).all()
            rounds = year_rounds(session, year)
            addressed = _addressed(session, rounds)
            taken = taken_rounds(session, year)
            practice = practice_time(session, year)
            lectures = _lectures(session, year)
        lines = _person_lines(people, attendance, rounds, taken, practice)
        departments, bureau = _tallies(people, lines, attendance, rounds, addressed, taken, lectures)
        return AnnualSummary(year, bureau, departments, lines, lectures,
                             _round_rows(people, rounds, addressed, taken))

    def workbook(self, actor: Actor, year: int) -> bytes:
        summary = self.summary(actor, year)
        data = annual_workbook(summary)
        self.security_log.record(actor, "training_record_exported", f"{summary.year} 年",
                                 f"年度学法汇总 Excel，个人 {len(summary.people)} 行，科室 {len(summary.departments)} 行")
        return data


def _people(session: Session) -> list[tuple[int, str, str, str]]:
    """(id, 工号, 姓名, 科室) of the active 审计人员."""
    staff = members_statement(()).subquery()
    rows = session.execute(select(User.id, User.username, User.display_name, Department.name)
                           .outerjoin(Department, Department.id == User.department_id)
                           .where(User.id.in_(select(staff.c.id))).order_by(Department.name, User.username))
    return [(i, u, n, d or NO_DEPARTMENT) for i, u, n, d in rows]


def _addressed(session: Session, rounds: list[YearRound]) -> dict[int, set[str] | None]:
    """round id → the names of the departments it was for (None: everyone)."""
    names: dict[int, set[str]] = defaultdict(set)
    restricted = [r.id for r in rounds if not r.audience_all]
    for round_id, name in session.execute(
            select(RoundDepartment.round_id, Department.name).join(
                Department, Department.id == RoundDepartment.department_id)
            .where(RoundDepartment.round_id.in_(restricted))):
        names[round_id].add(name)
    return {r.id: None if r.audience_all else names[r.id] for r in rounds}


def _lectures(session: Session, year: int) -> tuple[LectureRow, ...]:
    counts: dict[int, int] = defaultdict(int)
    for (lecture_id,) in session.execute(select(LectureAttendance.lecture_id).join(
            Lecture, Lecture.id == LectureAttendance.lecture_id).where(*in_year(year))):
        counts[lecture_id] += 1
    statutes: dict[int, list[str]] = defaultdict(list)
    for lecture_id, title in session.execute(
            select(LectureStatute.lecture_id, Statute.title).join(Statute, Statute.id == LectureStatute.statute_id)
            .join(Lecture, Lecture.id == LectureStatute.lecture_id).where(*in_year(year))
            .order_by(Statute.title)):
        statutes[lecture_id].append(title)
    rows = session.execute(select(Lecture.id, Lecture.held_on, Lecture.kind, Lecture.title, Lecture.speaker,
                                  Lecture.hours).where(*in_year(year)).order_by(Lecture.held_on, Lecture.id))
    return tuple(LectureRow(i, d, KINDS_OF_LECTURE.get(k, k), t, s, h, counts[i], "；".join(statutes[i]))
                 for i, d, k, t, s, h in rows)


def _person_lines(people, attendance, rounds: list[YearRound], taken: dict[tuple[int, int], Taken],
                  practice) -> tuple[PersonLine, ...]:
    lectures: dict[int, list[float]] = defaultdict(list)
    for user_id, _, lecture_hours in attendance:
        lectures[user_id].append(lecture_hours)
    by_user: dict[int, list[tuple[YearRound, Taken]]] = defaultdict(list)
    kinds = {r.id: r for r in rounds}
    for (user_id, round_id), part in taken.items():
        by_user[user_id].append((kinds[round_id], part))
    lines = []
    for user_id, username, name, department in people:
        parts = by_user.get(user_id, [])
        percents = [p.percent for _, p in parts if p.percent is not None]
        sessions, minutes = practice.get(user_id, (0, 0.0))
        lines.append(PersonLine(
            user_id, username, name, department, len(lectures[user_id]), round(sum(lectures[user_id]), 1),
            len(parts), sum(1 for r, _ in parts if r.competition),
            round(sum(percents) / len(percents), 1) if percents else None,
            hours(sum(p.minutes for _, p in parts)), sessions, hours(minutes)))
    return tuple(lines)


def _tallies(people, lines, attendance, rounds, addressed, taken, lectures) -> tuple[tuple[Tally, ...], Tally]:
    department_of = {p[0]: p[3] for p in people}
    tallies: dict[str, Tally] = {}
    bureau = Tally(BUREAU, members=len(people), lectures={row.id for row in lectures},
                   rounds=len(rounds), competitions=sum(1 for r in rounds if r.competition))
    for line in lines:
        tally = tallies.setdefault(line.department, Tally(line.department))
        tally.members += 1
        tally.covered += line.lectures > 0
        tally.practice_sessions += line.practice_sessions
        for group in (tally, bureau):
            group.lecture_hours += line.lecture_hours
            group.minutes += 60 * (line.round_hours + line.practice_hours)
        bureau.covered += line.lectures > 0
        bureau.practice_sessions += line.practice_sessions
    for user_id, lecture_id, _ in attendance:
        if user_id in department_of:
            tallies[department_of[user_id]].lectures.add(lecture_id)
            tallies[department_of[user_id]].attendances += 1
            bureau.attendances += 1
    for round_ in rounds:
        for name, tally in tallies.items():
            if addressed[round_.id] is None or name in addressed[round_.id]:
                tally.rounds += 1
                tally.competitions += round_.competition
                tally.expected += tally.members
                bureau.expected += tally.members
    for (user_id, round_id), part in taken.items():
        name = department_of.get(user_id)
        if name is not None and part.percent is not None and (
                addressed[round_id] is None or name in addressed[round_id]):
            tallies[name].percents.append(part.percent)
            bureau.percents.append(part.percent)
    return tuple(sorted(tallies.values(), key=lambda t: (t.name == NO_DEPARTMENT, t.name))), bureau


def _round_rows(people, rounds, addressed, taken) -> tuple[RoundRow, ...]:
    by_round: dict[int, list[tuple[int, Taken]]] = defaultdict(list)
    for (user_id, round_id), part in taken.items():
        by_round[round_id].append((user_id, part))
    everyone = {p[0] for p in people}
    members: dict[str, set[int]] = defaultdict(set)
    for user_id, _, _, department in people:
        members[department].add(user_id)
    rows = []
    for round_ in rounds:
        names = addressed[round_.id]
        audience = everyone if names is None else set().union(*(members[n] for n in names))
        percents = [t.percent for u, t in by_round[round_.id] if u in audience and t.percent is not None]
        rows.append(RoundRow(round_, len(audience), len(percents),
                             round(sum(percents) / len(percents), 1) if percents else None))
    return tuple(rows)


def report_text(summary: AnnualSummary) -> str:
    b = summary.bureau
    kinds = {name: sum(1 for row in summary.lectures if row.kind_name == name) for name in KINDS_OF_LECTURE.values()}
    held = "、".join(f"{name} {count} 场" for name, count in kinds.items() if count) or "讲座 0 场"
    text = f"{summary.year} 年，共举办{held}，参加 {b.attendances} 人次；组织学法练兵 {b.rounds} 轮"
    if b.competitions:
        text += f"（其中练兵比武 {b.competitions} 场）"
    if b.expected:
        text += f"，应参加 {b.expected} 人次，实参加 {len(b.percents)} 人次，参与率 {b.participation:g}%"
    if b.average_percent is not None:
        text += f"，平均得分率 {b.average_percent:g}%"
    per_person = f"，人均 {b.hours_per_person:g} 学时" if b.hours_per_person is not None else ""
    return text + f"；全局 {b.members} 名审计人员学法共计 {b.total_hours:g} 学时{per_person}。"


def _blank(value):
    return "" if value is None else value


def annual_workbook(summary: AnnualSummary) -> bytes:
    book = Workbook()
    overview = book["Sheet"]
    overview.title = "年度概况"
    b = summary.bureau
    for row in ((f"{summary.year} 年度学法情况", ""), ("在职审计人员", b.members),
                ("举办讲座（场）", len(b.lectures)), ("参加讲座（人次）", b.attendances),
                ("参加过讲座的人数", b.covered), ("组织练兵（轮）", b.rounds), ("其中练兵比武（场）", b.competitions),
                ("练兵应参加（人次）", b.expected), ("练兵实参加（人次）", len(b.percents)),
                ("练兵参与率%", _blank(b.participation)), ("练兵平均得分率%", _blank(b.average_percent)),
                ("自测（人次）", b.practice_sessions), ("学法学时合计", b.total_hours),
                ("人均学法学时", _blank(b.hours_per_person)), ("报告表述", summary.report_text),
                ("说明", summary.rule)):
        overview.append(safe_row(row))
    overview.column_dimensions["A"].width = 22
    overview.column_dimensions["B"].width = 80
    add_sheet(book, "科室汇总", ("科室", "人数", "讲座场次", "参加讲座人次", "参加讲座人数", "练兵轮次", "其中比武",
                             "应参加人次", "实参加人次", "参与率%", "平均得分率%", "自测人次", "学时合计", "人均学时"),
              ((t.name, t.members, len(t.lectures), t.attendances, t.covered, t.rounds, t.competitions, t.expected,
                len(t.percents), _blank(t.participation), _blank(t.average_percent), t.practice_sessions,
                t.total_hours, _blank(t.hours_per_person)) for t in summary.departments + (b,)),
              (18, 8, 10, 12, 12, 10, 10, 12, 12, 10, 12, 10, 10, 10))
    add_sheet(book, "个人学法记录", ("工号", "姓名", "科室", "参加讲座", "讲座学时", "参加练兵", "其中比武",
                               "平均得分率%", "练兵学时", "自测次数", "自测学时", "学时合计"),
              ((p.username, p.name, p.department, p.lectures, p.lecture_hours, p.rounds, p.competitions,
                _blank(p.average_percent), p.round_hours, p.practice_sessions, p.practice_hours, p.total_hours)
               for p in summary.people),
              (14, 12, 18, 10, 10, 10, 10, 12, 10, 10, 10, 10))
    add_sheet(book, "讲座", ("日期", "类型", "题目", "主讲人", "学时", "签到人数", "涉及法规"),
              ((f"{r.held_on:%Y-%m-%d}", r.kind_name, r.title, r.speaker, r.hours, r.attendees, r.statutes)
               for r in summary.lectures), (12, 10, 40, 14, 8, 10, 60))
    add_sheet(book, "练兵轮次", ("轮次", "类型", "结束时间", "应参加", "实参加", "参与率%", "平均得分率%"),
              ((r.round.title, "练兵比武" if r.round.competition else "练兵", local_text(r.round.closes_at),
                r.expected, r.participants, round(100 * r.participants / r.expected, 1) if r.expected else "",
                _blank(r.average_percent)) for r in summary.rounds), (40, 10, 18, 10, 10, 10, 12))
    return workbook_bytes(book)
