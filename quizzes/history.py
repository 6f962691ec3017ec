"""What past results say about questions: for an audience (composing a shared round)
and for one person (self-practice, mastery).  Only results the people could see count:
submitted attempts of closed rounds, practice rounds and self-practice.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import to_db
from quizzes.audience import members_statement
from quizzes.bank import PUBLISHED
from quizzes.composition import Candidate
from quizzes.grading import visible_results_clause
from quizzes.models import Attempt, AttemptItem, Question, QuestionRevision, Round


@dataclass(frozen=True)
class Outcome:
    """A person's latest visible result on a question."""
    question_id: int
    correct: bool
    when: dt.datetime          # naive UTC


def published_bank(session: Session) -> list[tuple[Question, QuestionRevision]]:
    return list(session.execute(
        select(Question, QuestionRevision)
        .join(QuestionRevision, (QuestionRevision.question_id == Question.id)
              & (QuestionRevision.number == Question.published_no))
        .where(Question.status == PUBLISHED).order_by(Question.id)).all())


def latest_outcomes(session: Session, user_ids_statement) -> dict[tuple[int, int], Outcome]:
    """(user id, question id) → latest visible outcome, for the users selected."""
    rows = session.execute(
        select(Attempt.user_id, AttemptItem.question_id, AttemptItem.score, AttemptItem.max_score,
               Attempt.submitted_at)
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .join(Round, Round.id == Attempt.round_id)
        .where(visible_results_clause(), Attempt.user_id.in_(user_ids_statement))
        .order_by(Attempt.submitted_at, Attempt.id)).all()
    latest: dict[tuple[int, int], Outcome] = {}
    for user_id, question_id, score, max_score, when in rows:
        latest[(user_id, question_id)] = Outcome(question_id, (score or 0) >= max_score - 1e-9, when)
    return latest


def audience_candidates(session: Session, department_ids, now: dt.datetime,
                        recent_days: int) -> tuple[list[Candidate], int]:
    """Published questions with the audience's history, and the audience's size."""
    members = members_statement(department_ids)
    size = session.scalar(select(func.count()).select_from(members.subquery())) or 0
    since = to_db(now) - dt.timedelta(days=recent_days)
    answered: dict[int, int] = {}
    wrong: dict[int, int] = {}
    recent: dict[int, int] = {}
    for outcome in latest_outcomes(session, members).values():
        q = outcome.question_id
        answered[q] = answered.get(q, 0) + 1
        if not outcome.correct:
            wrong[q] = wrong.get(q, 0) + 1
        elif outcome.when >= since:
            recent[q] = recent.get(q, 0) + 1
    candidates = [Candidate(q.id, q.qtype, tuple(dict.fromkeys(a[0] for a in r.articles or ())),
                            tuple(r.tags or ()), answered.get(q.id, 0), wrong.get(q.id, 0),
                            recent.get(q.id, 0))
                  for q, r in published_bank(session)]
    return candidates, size
