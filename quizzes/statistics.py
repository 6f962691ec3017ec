"""Round statistics for trainers: participation, the score distribution, and per question
the facility index (mean share of the points scored) and the discrimination index
(facility in the top 27% of participants by total score minus facility in the bottom
27%).  Questions that behave badly are flagged: negative discrimination (the strong get
it wrong more often than the weak — often a wrong key), facility above 0.95 (too easy to
tell anyone apart) or below 0.2 (too hard, or a wrong key).

Counted: each audience member's best submitted attempt (审计人员 only).
"""
from __future__ import annotations

import statistics as stats
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import Clock
from accounts.permissions import require_manager
from core.actor import Actor
from quizzes.audience import audience_user_ids
from quizzes.grading import count_answered, load_contents
from quizzes.models import Attempt, AttemptItem, QuestionReport
from quizzes.results import best_attempts, percent
from quizzes.rounds import get_training_round, round_questions_info
from quizzes.transactions import SessionFactory, read_session

GROUP_SHARE = 0.27
MIN_FOR_DISCRIMINATION = 10
MIN_FOR_FACILITY_FLAGS = 5
EASY, HARD, LOW_DISCRIMINATION = 0.95, 0.2, 0.2


@dataclass(frozen=True)
class QuestionStat:
    question_id: int
    position: int
    type_name: str
    stem: str
    # Participants who answered it (the 答题卡's rule: a case with a part open does not count).
    answered: int
    facility: float | None
    discrimination: float | None
    open_reports: int
    flags: tuple[str, ...]


@dataclass(frozen=True)
class RoundStats:
    round_id: int
    title: str
    status: str
    audience: int
    started: int
    submitted: int
    participation: float
    mean_percent: float | None
    median_percent: float | None
    max_percent: float | None
    min_percent: float | None
    # Counts of participants per 10-point band: [0,10), [10,20) … [90,100].
    distribution: tuple[int, ...]
    questions: tuple[QuestionStat, ...]

    @property
    def flagged(self) -> tuple[QuestionStat, ...]:
        return tuple(q for q in self.questions if q.flags)


def distribution(percents: list[float]) -> tuple[int, ...]:
    bands = [0] * 10
    for value in percents:
        bands[min(int(value // 10), 9)] += 1
    return tuple(bands)


def discrimination_index(totals: list[float], fractions: list[float]) -> float | None:
    """Upper-minus-lower 27% groups; `totals` and `fractions` are per participant."""
    n = len(totals)
    if n < MIN_FOR_DISCRIMINATION:
        return None
    size = max(1, round(GROUP_SHARE * n))
    order = sorted(range(n), key=lambda i: totals[i])
    lower, upper = order[:size], order[-size:]
    return round(sum(fractions[i] for i in upper) / size - sum(fractions[i] for i in lower) / size, 3)


def question_flags(answered: int, facility: float | None, discrimination: float | None) -> tuple[str, ...]:
    flags = []
    if discrimination is not None and discrimination < 0:
        flags.append("区分度为负：高分者反而更常答错，请检查答案和题干")
    elif discrimination is not None and discrimination < LOW_DISCRIMINATION:
        flags.append("区分度偏低")
    if facility is not None and answered >= MIN_FOR_FACILITY_FLAGS:
        if facility > EASY:
            flags.append("过易：几乎人人答对")
        elif facility < HARD:
            flags.append("过难：多数人答错，或答案有误")
    return tuple(flags)


class StatisticsService:
    def __init__(self, sessions: SessionFactory, clock: Clock):
        self.sessions = sessions
        self.clock = clock

    def round_stats(self, actor: Actor, round_id: int) -> RoundStats:
        with read_session(self.sessions) as session:
            require_manager(actor, "查看轮次统计")
            return compute_round_stats(session, round_id)

    def digest(self, round_id: int) -> RoundStats:
        """The same figures for the trainers' digest of the scheduler (issue E): no
        permission check, never for a web request."""
        with read_session(self.sessions) as session:
            return compute_round_stats(session, round_id)


def compute_round_stats(session: Session, round_id: int) -> RoundStats:
    round_ = get_training_round(session, round_id)
    audience = audience_user_ids(session, round_)
    members = set(audience)
    best = {u: a for u, (a, _) in best_attempts(session, round_id).items() if u in members}
    started = session.scalar(select(func.count(func.distinct(Attempt.user_id))).where(
        Attempt.round_id == round_id, Attempt.user_id.in_(audience))) or 0
    percents = [percent(a.score, a.max_score) or 0.0 for a in best.values()]
    attempts = list(best.values())
    totals = [a.score or 0.0 for a in attempts]
    items = _items_by_attempt(session, [a.id for a in attempts])
    reports = dict(session.execute(select(QuestionReport.question_id, func.count()).where(
        QuestionReport.status == "open").group_by(QuestionReport.question_id)).all())
    contents = load_contents(session, [i.revision_id for i in round_.questions])
    questions = []
    for info in round_questions_info(session, round_):
        fractions = [_fraction(items.get((a.id, info.question_id))) for a in attempts]
        facility = round(sum(fractions) / len(fractions), 3) if fractions else None
        disc = discrimination_index(totals, fractions)
        content = contents[info.revision_id]
        answered = count_answered(session, [(info.revision_id, item.answer) for a in attempts
                                            if (item := items.get((a.id, info.question_id))) is not None])
        questions.append(QuestionStat(info.question_id, info.position, info.type_name,
                                      content.stem, answered, facility, disc,
                                      reports.get(info.question_id, 0),
                                      question_flags(len(fractions), facility, disc)))
    return RoundStats(round_.id, round_.title, round_.status, len(audience), started, len(best),
                      round(len(best) / len(audience), 3) if audience else 0.0,
                      round(stats.mean(percents), 1) if percents else None,
                      round(stats.median(percents), 1) if percents else None,
                      max(percents, default=None), min(percents, default=None),
                      distribution(percents), tuple(questions))


def _items_by_attempt(session: Session, attempt_ids: list[int]) -> dict[tuple[int, int], AttemptItem]:
    if not attempt_ids:
        return {}
    rows = session.scalars(select(AttemptItem).where(AttemptItem.attempt_id.in_(attempt_ids)))
    return {(i.attempt_id, i.question_id): i for i in rows}


def _fraction(item: AttemptItem | None) -> float:
    if item is None or not item.max_score:
        return 0.0
    return (item.score or 0.0) / item.max_score
