"""A year's learning activity read in bulk — one query per kind, for one person or for
everyone — which the personal record and the annual summaries both build on.

How 学时 are counted (HOURS_RULE, shown on the pages and in the export):
- a lecture gives each attendee the hours recorded for it;
- a round gives the time of each submitted attempt (its start to its submission), at most
  the round's time limit, or at most UNTIMED_CAP_MINUTES when it has none — an attempt
  left open in a browser tab for days is not days of study;
- self-practice (自测) counts the same way, each submitted session at most
  UNTIMED_CAP_MINUTES.
The year is the calendar year in Beijing time: a lecture's day, a round's close (only
closed rounds count: their participation is final), a self-practice session's submission.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from core.clock import LOCAL_TZ, from_db, to_db
from core.errors import InvalidInput
from quizzes.grading import SUBMITTED
from quizzes.models import Attempt, Round
from quizzes.round_spec import CLOSED, SELF_PRACTICE, TRAINING
from quizzes.training.models import Lecture, LectureAttendance

UNTIMED_CAP_MINUTES = 120
HOURS_RULE = ("学时计算：讲座按登记的学时计入每位签到人员；练兵和练兵比武按每次已交卷作答的用时"
              "（开始作答至交卷）计入，最多计到该轮限时，未限时的每次最多计 "
              f"{UNTIMED_CAP_MINUTES // 60} 小时；自测按每次已交卷的用时计入，每次最多 "
              f"{UNTIMED_CAP_MINUTES // 60} 小时。年度按北京时间的自然年：讲座看举办日期，"
              "练兵看轮次结束时间（只计已结束的轮次），自测看交卷时间。")


def check_year(year: int) -> int:
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise InvalidInput("年份应在 2000 至 2100 之间")
    return year


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The year's start and end as stored (naive UTC)."""
    return (to_db(dt.datetime(year, 1, 1, tzinfo=LOCAL_TZ)),
            to_db(dt.datetime(year + 1, 1, 1, tzinfo=LOCAL_TZ)))


def attempt_minutes(started: dt.datetime, submitted: dt.datetime, limit: int | None) -> float:
    """Minutes an attempt counts for, by HOURS_RULE."""
    used = max(0.0, (submitted - started).total_seconds() / 60)
    return min(used, limit or UNTIMED_CAP_MINUTES)


@dataclass(frozen=True)
class YearRound:
    id: int
    title: str
    competition: bool
    closes_at: dt.datetime
    audience_all: bool


@dataclass
class Taken:
    """A person's part in one round: the best submitted attempt and the time of all of them."""
    score: float
    max_score: float
    submitted_at: dt.datetime
    ungraded: int
    minutes: float = 0.0
    attempts: int = 0

    @cached_property
    def percent(self) -> float | None:
        return round(100 * self.score / self.max_score, 1) if self.max_score else None


def year_rounds(session: Session, year: int) -> list[YearRound]:
    start, end = year_bounds(year)
    rows = session.execute(select(Round.id, Round.title, Round.competition, Round.closes_at, Round.audience_all)
                           .where(Round.kind == TRAINING, Round.status == CLOSED,
                                  Round.closes_at >= start, Round.closes_at < end)
                           .order_by(Round.closes_at, Round.id))
    return [YearRound(i, t, bool(c), from_db(at), bool(a)) for i, t, c, at, a in rows]


def taken_rounds(session: Session, year: int, user_id: int | None = None) -> dict[tuple[int, int], Taken]:
    """(user id, round id) → Taken, over the year's closed rounds (one query)."""
    start, end = year_bounds(year)
    statement = (select(Attempt.user_id, Attempt.round_id, Attempt.score, Attempt.max_score,
                        Attempt.started_at, Attempt.submitted_at, Attempt.ungraded, Round.time_limit_minutes)
                 .join(Round, Round.id == Attempt.round_id)
                 .where(Round.kind == TRAINING, Round.status == CLOSED, Round.closes_at >= start,
                        Round.closes_at < end, Attempt.status == SUBMITTED)
                 .order_by(Attempt.id))
    taken: dict[tuple[int, int], Taken] = {}
    for user, round_id, score, max_score, started, submitted, ungraded, limit in session.execute(
            _for_user(statement, user_id)):
        key, score = (user, round_id), score or 0.0
        current = taken.get(key)
        if current is None or score > current.score:
            best = Taken(score, max_score, from_db(submitted), ungraded)
            if current is not None:
                best.minutes, best.attempts = current.minutes, current.attempts
            taken[key] = current = best
        current.minutes += attempt_minutes(started, submitted, limit)
        current.attempts += 1
    return taken


def practice_time(session: Session, year: int, user_id: int | None = None) -> dict[int, tuple[int, float]]:
    """user id → (self-practice sessions submitted in the year, minutes) (one query)."""
    start, end = year_bounds(year)
    statement = (select(Attempt.user_id, Attempt.started_at, Attempt.submitted_at)
                 .join(Round, Round.id == Attempt.round_id)
                 .where(Round.kind == SELF_PRACTICE, Attempt.status == SUBMITTED,
                        Attempt.submitted_at >= start, Attempt.submitted_at < end))
    sessions: dict[int, int] = defaultdict(int)
    minutes: dict[int, float] = defaultdict(float)
    for user, started, submitted in session.execute(_for_user(statement, user_id)):
        sessions[user] += 1
        minutes[user] += attempt_minutes(started, submitted, None)
    return {user: (sessions[user], minutes[user]) for user in sessions}


def lecture_totals(session: Session, year: int) -> dict[int, tuple[int, float]]:
    """user id → (lectures attended in the year, their hours) (one grouped query)."""
    rows = session.execute(select(LectureAttendance.user_id, func.count(), func.sum(Lecture.hours))
                           .join(Lecture, Lecture.id == LectureAttendance.lecture_id)
                           .where(*in_year(year)).group_by(LectureAttendance.user_id))
    return {user: (count, float(hours or 0)) for user, count, hours in rows}


def in_year(year: int) -> tuple:
    return Lecture.held_on >= dt.date(year, 1, 1), Lecture.held_on < dt.date(year + 1, 1, 1)


def _for_user(statement: Select, user_id: int | None) -> Select:
    return statement if user_id is None else statement.where(Attempt.user_id == user_id)


def hours(minutes: float) -> float:
    return round(minutes / 60, 1)
