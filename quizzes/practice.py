"""自测: self-practice at any time, on chosen statutes or topics, on "my weak spots", or
on the 错题本 questions that are due.  Each session is a personal round in practice mode
(feedback per question, results at once) that never closes, so it reuses everything an
attempt does; self-practice scores never enter rankings or round statistics.

Per person here, as the composition policy promised: questions the person got wrong come
back when the Leitner schedule says so, and questions they answered right in the last
`RECENT_DAYS` are skipped while others remain.  Practice shows keys at once, so it never
draws a question whose key is under embargo (quizzes.embargo).
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import Clock, to_db
from core.errors import InvalidInput
from core.actor import Actor
from quizzes.attempt_view import AttemptView
from quizzes.attempts import AttemptService
from quizzes.embargo import withheld_questions, withheld_statement
from quizzes.bank import PUBLISHED
from quizzes.content import WRITTEN_TYPES
from quizzes.facets import BankFacets, revision_facets
from quizzes.history import Outcome, latest_outcomes, published_bank
from quizzes.models import Question, ReviewItem, Round, RoundQuestion
from quizzes.results import ResultService
from quizzes.round_spec import OPEN, SELF_PRACTICE
from quizzes.topics import is_topic
from quizzes.transactions import SessionFactory, read_session, write_session

RECENT_DAYS = 14
MAX_COUNT = 50
WEAK_RATE = 0.8


@dataclass(frozen=True)
class PracticeRequest:
    statute_ids: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    weak_spots: bool = False
    due_reviews: bool = False
    count: int = 10

    def __post_init__(self):
        if not isinstance(self.count, int) or not 1 <= self.count <= MAX_COUNT:
            raise InvalidInput(f"自测题量应为 1 至 {MAX_COUNT} 道")
        if not (self.statute_ids or self.tags or self.weak_spots or self.due_reviews):
            raise InvalidInput("请选择法规、专题、“我的薄弱环节”或“到期错题”")


class PracticeService:
    def __init__(self, sessions: SessionFactory, clock: Clock, attempts: AttemptService,
                 results: ResultService):
        self.sessions = sessions
        self.clock = clock
        self.attempts = attempts
        self.results = results

    def topics(self, actor: Actor) -> BankFacets:
        """The statutes and topics 自测 can draw on: those of the published bank (without
        the generator's tags, quizzes.topics)."""
        with read_session(self.sessions) as session:
            facets = revision_facets(session, Question.published_no, (PUBLISHED,),
                                     self.attempts.resolver.statute_name)
        return replace(facets, tags=tuple(f for f in facets.tags if is_topic(f.key)))

    def start(self, actor: Actor, request: PracticeRequest) -> AttemptView:
        statute_ids, tags = list(request.statute_ids), list(request.tags)
        if request.weak_spots:
            weak_statutes, weak_tags = self._weak_spots(actor)
            statute_ids += weak_statutes
            tags += weak_tags
        with write_session(self.sessions) as session:
            chosen = self._choose(session, actor.id, request, statute_ids, tags)
            round_id = self._personal_round(session, actor.id, chosen, request)
        return self.attempts.start(actor, round_id)

    def _weak_spots(self, actor: Actor) -> tuple[list[int], list[str]]:
        mastery = self.results.mastery(actor)
        statutes = [int(r.key) for r in mastery.statutes if r.rate < WEAK_RATE][:3]
        tags = [r.key for r in mastery.tags if r.rate < WEAK_RATE][:3]
        if not statutes and not tags:
            raise InvalidInput("暂未发现薄弱环节：先参加练兵或按法规、专题自测吧")
        return statutes, tags

    def _choose(self, session: Session, user_id: int, request: PracticeRequest,
                statute_ids: list[int], tags: list[str]) -> list[int]:
        now = to_db(self.clock.now())
        chosen: list[int] = []
        if request.due_reviews:
            chosen = self._due_reviews(session, user_id, now)[:request.count]
        if len(chosen) < request.count and (statute_ids or tags):
            outcomes = {q: o for (_, q), o in latest_outcomes(session, [user_id]).items()}
            withheld = withheld_questions(session)
            matching = [q.id for q, r in published_bank(session) if q.id not in chosen
                        and q.id not in withheld and not _is_written(r) and (
                set(statute_ids) & {a[0] for a in r.articles or ()} or set(tags) & set(r.tags or ()))]
            chosen += _prefer_unmastered(matching, outcomes, now, user_id)[:request.count - len(chosen)]
        if not chosen:
            raise InvalidInput("没有符合条件的已发布试题" if not request.due_reviews or statute_ids or tags
                               else "目前没有到期需要复习的错题")
        return chosen

    @staticmethod
    def _due_reviews(session: Session, user_id: int, now: dt.datetime) -> list[int]:
        return list(session.scalars(select(ReviewItem.question_id).join(
            Question, Question.id == ReviewItem.question_id).where(
            ReviewItem.user_id == user_id, ReviewItem.due_at <= now, ReviewItem.mastered_at.is_(None),
            Question.status == PUBLISHED, ReviewItem.question_id.not_in(withheld_statement()))
            .order_by(ReviewItem.due_at, ReviewItem.id)))

    def _personal_round(self, session: Session, user_id: int, question_ids: list[int],
                        request: PracticeRequest) -> int:
        now = to_db(self.clock.now())
        round_ = Round(kind=SELF_PRACTICE, title="自测", status=OPEN, owner_id=user_id, audience_all=False,
                       opens_at=now, closes_at=None, practice_mode=True, attempts_allowed=1,
                       created_by_id=user_id, created_at=now, published_at=now,
                       policy={"statute_ids": list(request.statute_ids), "tags": list(request.tags),
                               "weak_spots": request.weak_spots, "due_reviews": request.due_reviews})
        session.add(round_)
        session.flush()
        for position, question_id in enumerate(question_ids, 1):
            question = session.get(Question, question_id)
            revision = next(r for r in question.revisions if r.number == question.published_no)
            session.add(RoundQuestion(round_id=round_.id, position=position, question_id=question_id,
                                      revision_id=revision.id))
        session.flush()
        return round_.id


def _is_written(revision) -> bool:
    """Graded by a person, wholly or in a part: 自测 has nobody to grade it."""
    return revision.qtype in WRITTEN_TYPES or any(p.get("type") in WRITTEN_TYPES for p in revision.parts or ())


def _prefer_unmastered(question_ids: list[int], outcomes: dict[int, Outcome], now: dt.datetime,
                       seed: int) -> list[int]:
    """Never answered and answered wrong first, then right but not recently; right
    within RECENT_DAYS only when nothing else is left."""
    recent = now - dt.timedelta(days=RECENT_DAYS)
    rng = random.Random(f"{seed}:{now.isoformat()}")
    shuffled = list(question_ids)
    rng.shuffle(shuffled)

    def rank(question_id: int) -> int:
        outcome = outcomes.get(question_id)
        if outcome is None or not outcome.correct:
            return 0
        return 2 if outcome.when >= recent else 1
    return sorted(shuffled, key=rank)
