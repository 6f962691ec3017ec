"""Keys under embargo: while a 练兵 round that is scheduled or open (and not in practice
mode) has a question on its paper, nobody sees that question's key (正确答案, 专家解题,
法条依据) anywhere — not in 自测, not in 错题本 practice or on the 错题本 page, not in the
feedback of an older attempt or a practice-mode round that holds the same question —
until the round closes or is cancelled.

The rule is the same for everyone, in the round's audience or not: a key seen by anyone
can be passed on.  Each path that shows a key asks here first, so a new path has one
function to call.
"""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizzes.models import Round, RoundQuestion
from quizzes.round_spec import OPEN, SCHEDULED, TRAINING

WITHHELD_NOTICE = "本题正用于进行中的练兵轮次，答案和解析在该轮次结束后公布"


def withheld_statement():
    """Ids of the questions whose keys are withheld now (a subquery for filters)."""
    return (select(RoundQuestion.question_id).join(Round, Round.id == RoundQuestion.round_id)
            .where(Round.kind == TRAINING, Round.status.in_((SCHEDULED, OPEN)),
                   Round.practice_mode.is_(False)))


def withheld_questions(session: Session, question_ids: Iterable[int] | None = None) -> frozenset[int]:
    """Of these questions (or of all), those whose keys are withheld now."""
    statement = withheld_statement()
    if question_ids is not None:
        statement = statement.where(RoundQuestion.question_id.in_(list(question_ids)))
    return frozenset(session.scalars(statement))
