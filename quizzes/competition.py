"""练兵比武: a round everyone answers in the same window, its live ranking of people and
departments, its results sheet and certificates (奖状), and the year's individual points
(年度积分) from every round and competition.

People are ranked by score, ties broken by the time used (the attempt's start to its
submission), then by name; equal score and equal time share a rank (1, 1, 3).  Departments
are ranked as everywhere else (quizzes.results.rank_departments).

年度积分, the documented rule (POINTS_RULE): every closed 练兵 round of the year that a
person took part in gives the score rate / 10 points (0–10, one decimal); a 练兵比武 gives
twice that, plus 5 / 3 / 2 points for the first / second / third place.  Absence gives 0.
"""
from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, replace

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt
from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.permissions import require_manager
from accounts.user import Department, User
from core.actor import Actor
from core.clock import LOCAL_TZ, Clock, from_db, to_db
from core.errors import Conflict, InvalidInput, NotFound
from quizzes.audience import audience_user_ids
from quizzes.grading import IN_PROGRESS, SUBMITTED
from quizzes.models import Attempt, Round
from quizzes.results import DepartmentStanding, percent, rank_departments
from quizzes.round_spec import CLOSED, TRAINING
from quizzes.rounds import get_training_round
from quizzes.transactions import SessionFactory, read_session

POINTS_RULE = ("每个已结束的练兵轮次：得分率 ÷ 10 计分（0–10 分）；练兵比武加倍计分（0–20 分），"
               "并对第一、二、三名另加 5、3、2 分；未参加不计分。")
PLACE_BONUS = {1: 5.0, 2: 3.0, 3: 2.0}
MAX_PLACES = 10
MAX_ISSUER = 60
PLACE_NAMES = "一二三四五六七八九十"


@dataclass(frozen=True)
class Standing:
    """One person in a competition: ranked once submitted."""
    rank: int | None
    user_id: int
    name: str
    department: str
    state: str                  # submitted / in_progress / absent
    score: float | None
    max_score: float
    percent: float | None
    seconds_used: int | None


@dataclass(frozen=True)
class LiveRanking:
    round_id: int
    title: str
    status: str
    closes_at: dt.datetime | None
    audience: int
    started: int
    submitted: int
    people: tuple[Standing, ...]
    departments: tuple[DepartmentStanding, ...]
    as_of: dt.datetime


@dataclass(frozen=True)
class PointsRow:
    rank: int
    user_id: int
    name: str
    department: str
    points: float
    rounds: int
    competitions: int
    best_place: int | None


@dataclass(frozen=True)
class YearPoints:
    year: int
    rounds: int
    competitions: int
    rows: tuple[PointsRow, ...]
    rule: str = POINTS_RULE


def seconds_used(attempt: Attempt) -> int | None:
    if attempt.submitted_at is None:
        return None
    return max(0, int((attempt.submitted_at - attempt.started_at).total_seconds()))


def standings(session: Session, round_: Round) -> list[Standing]:
    """Everyone in the audience (and anyone else who answered), ranked by the rule above."""
    attempts = session.scalars(select(Attempt).where(Attempt.round_id == round_.id).order_by(Attempt.id)).all()
    best: dict[int, Attempt] = {}
    running: set[int] = set()
    for attempt in attempts:
        if attempt.status == SUBMITTED:
            current = best.get(attempt.user_id)
            if current is None or _order(attempt) < _order(current):
                best[attempt.user_id] = attempt
        elif attempt.status == IN_PROGRESS:
            running.add(attempt.user_id)
    people = _people(session, set(audience_user_ids(session, round_)) | set(best) | running)
    ranked, others = [], []
    for user_id, (name, department) in people.items():
        attempt = best.get(user_id)
        if attempt is None:
            state = IN_PROGRESS if user_id in running else "absent"
            others.append(Standing(None, user_id, name, department, state, None, 0.0, None, None))
            continue
        ranked.append((_order(attempt), name, Standing(
            None, user_id, name, department, SUBMITTED, attempt.score, attempt.max_score,
            percent(attempt.score, attempt.max_score), seconds_used(attempt))))
    ranked.sort(key=lambda r: (r[0], r[1]))
    places = _places([order for order, _, _ in ranked])
    others.sort(key=lambda s: (s.state != IN_PROGRESS, s.department, s.name))
    return [replace(standing, rank=place) for place, (_, _, standing) in zip(places, ranked)] + others


def _people(session: Session, user_ids) -> dict[int, tuple[str, str]]:
    """user id → (the name shown, the department's name) of these people."""
    rows = session.execute(select(User.id, User.display_name, User.username, Department.name).outerjoin(
        Department, Department.id == User.department_id).where(User.id.in_(list(user_ids)))).all()
    return {user_id: (display_name or username, department or "未分配科室")
            for user_id, display_name, username, department in rows}


def _places(keys: list) -> list[int]:
    """The places of an ordered list: equal keys share a place, the next one skips (1, 1, 3)."""
    places: list[int] = []
    for position, key in enumerate(keys, 1):
        places.append(places[-1] if position > 1 and key == keys[position - 2] else position)
    return places


def _order(attempt: Attempt) -> tuple[float, int]:
    return -(attempt.score or 0.0), seconds_used(attempt) or 0


class CompetitionService:
    def __init__(self, sessions: SessionFactory, clock: Clock):
        self.sessions = sessions
        self.clock = clock

    def live_ranking(self, actor: Actor, round_id: int) -> LiveRanking:
        """The ranking as it stands now: trainers open it during the competition (a screen
        in the room) and after it."""
        require_manager(actor, "查看练兵比武实时排名")
        with read_session(self.sessions) as session:
            round_ = self._competition(session, round_id)
            people = standings(session, round_)
            return LiveRanking(
                round_.id, round_.title, round_.status, from_db(round_.closes_at),
                len(audience_user_ids(session, round_)),
                sum(1 for p in people if p.state != "absent"),
                sum(1 for p in people if p.state == SUBMITTED), tuple(people),
                tuple(rank_departments(session, [round_])), self.clock.now())

    def certificates(self, actor: Actor, round_id: int, places: int, issuer: str) -> bytes:
        """奖状 for the first `places` places of a closed competition, one page each, as .docx."""
        require_manager(actor, "颁发奖状")
        issuer = (issuer or "").strip()
        if not issuer or len(issuer) > MAX_ISSUER:
            raise InvalidInput(f"请填写颁奖单位（不超过 {MAX_ISSUER} 字）")
        if not isinstance(places, int) or not 1 <= places <= MAX_PLACES:
            raise InvalidInput(f"获奖名次应为 1 至 {MAX_PLACES}")
        with read_session(self.sessions) as session:
            round_ = self._competition(session, round_id)
            if round_.status != CLOSED:
                raise Conflict("比武结束后才能颁发奖状")
            winners = [p for p in standings(session, round_) if p.rank is not None and p.rank <= places]
            if not winners:
                raise Conflict("本次比武没有人交卷，无法颁发奖状")
            when = from_db(round_.closed_at or round_.closes_at)
            return certificate_document(round_.title, winners, issuer, when.astimezone(LOCAL_TZ).date())

    def year_points(self, actor: Actor, year: int) -> YearPoints:
        """年度积分 of everyone, by the rule above; every signed-in person may read them."""
        if not isinstance(year, int) or not 2000 <= year <= 2100:
            raise InvalidInput("年份应在 2000 至 2100 之间")
        start = dt.datetime(year, 1, 1, tzinfo=LOCAL_TZ)
        end = dt.datetime(year + 1, 1, 1, tzinfo=LOCAL_TZ)
        with read_session(self.sessions) as session:
            rounds = session.scalars(select(Round).where(
                Round.kind == TRAINING, Round.status == CLOSED, Round.closes_at >= to_db(start),
                Round.closes_at < to_db(end)).order_by(Round.closes_at)).all()
            points: dict[int, float] = defaultdict(float)
            taken: dict[int, int] = defaultdict(int)
            contests: dict[int, int] = defaultdict(int)
            best_place: dict[int, int] = {}
            for round_ in rounds:
                for person in standings(session, round_):
                    if person.state != SUBMITTED:
                        continue
                    earned = (person.percent or 0.0) / 10
                    taken[person.user_id] += 1
                    if round_.competition:
                        contests[person.user_id] += 1
                        earned = 2 * earned + PLACE_BONUS.get(person.rank, 0.0)
                        best_place[person.user_id] = min(best_place.get(person.user_id, person.rank), person.rank)
                    points[person.user_id] += earned
            rows = self._points_rows(session, points, taken, contests, best_place)
            return YearPoints(year, len(rounds), sum(1 for r in rounds if r.competition), rows)

    @staticmethod
    def _points_rows(session: Session, points, taken, contests, best_place) -> tuple[PointsRow, ...]:
        rows = sorted(((round(points[user_id], 1), name, department, user_id)
                       for user_id, (name, department) in _people(session, points).items()),
                      key=lambda r: (-r[0], r[1]))
        places = _places([total for total, _, _, _ in rows])
        return tuple(PointsRow(place, user_id, name, department, total, taken[user_id], contests[user_id],
                               best_place.get(user_id))
                     for place, (total, name, department, user_id) in zip(places, rows))

    @staticmethod
    def _competition(session: Session, round_id: int) -> Round:
        round_ = get_training_round(session, round_id)
        if not round_.competition:
            raise NotFound(f"轮次 {round_id} 不是练兵比武")
        return round_


def place_name(rank: int) -> str:
    return f"第{PLACE_NAMES[rank - 1]}名" if 1 <= rank <= len(PLACE_NAMES) else f"第{rank}名"


def certificate_document(title: str, winners: list[Standing], issuer: str, on: dt.date) -> bytes:
    """One landscape A4 page per winner: 奖状, the citation, the issuer and the date."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(3))
    for index, winner in enumerate(winners):
        heading = document.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = heading.add_run("奖  状")
        run.bold, run.font.size = True, Pt(48)
        document.add_paragraph()
        body = document.add_paragraph()
        body.paragraph_format.first_line_indent = Pt(0)
        body.add_run(f"{winner.name}同志（{winner.department}）：").font.size = Pt(22)
        text = document.add_paragraph()
        text.paragraph_format.first_line_indent = Pt(44)
        text.add_run(f"在“{title}”练兵比武中成绩优异，荣获{place_name(winner.rank)}。"
                     f"特发此状，以资鼓励。").font.size = Pt(22)
        document.add_paragraph()
        for line in (issuer, f"{on.year}年{on.month}月{on.day}日"):
            signature = document.add_paragraph()
            signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            signature.add_run(line).font.size = Pt(18)
        if index < len(winners) - 1:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
