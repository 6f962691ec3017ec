"""错题本 with spaced repetition: the Leitner system.

Every question a person gets wrong (less than full marks) goes into box 1 and comes back
the next day.  Each later right answer moves it up one box, and the box sets the interval
before it comes back: 1, 3, 7, 14, 30 days.  A right answer in box 5 masters it (it stays
in the book, marked 已掌握, and no longer comes back); a wrong answer at any point sends it
back to box 1.  Leitner rather than SM-2: it needs no self-rated recall quality, which a
graded answer cannot give, and a person can see why a question is due.

Results enter the book when they become visible to the person: at the round's close, or
at submission in practice mode and self-practice.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quizzes.models import ReviewItem

INTERVAL_DAYS = {1: 1, 2: 3, 3: 7, 4: 14, 5: 30}
TOP_BOX = 5


def record_result(session: Session, user_id: int, question_id: int, revision_id: int,
                  correct: bool, when: dt.datetime) -> None:
    """Move the person's book entry for the question (naive UTC `when`)."""
    item = session.scalars(select(ReviewItem).where(
        ReviewItem.user_id == user_id, ReviewItem.question_id == question_id)).first()
    if item is None:
        if correct:
            return
        _insert(session, user_id, question_id, revision_id, when)
        return
    item.last_answered_at = when
    if not correct:
        item.box, item.wrong_count, item.mastered_at = 1, item.wrong_count + 1, None
        item.revision_id, item.last_wrong_at = revision_id, when
        item.due_at = when + dt.timedelta(days=INTERVAL_DAYS[1])
    elif item.mastered_at is None:
        if item.box >= TOP_BOX:
            item.mastered_at = when
        else:
            item.box += 1
            item.due_at = when + dt.timedelta(days=INTERVAL_DAYS[item.box])


def _insert(session: Session, user_id: int, question_id: int, revision_id: int,
            when: dt.datetime) -> None:
    entry = ReviewItem(user_id=user_id, question_id=question_id, revision_id=revision_id,
                       box=1, due_at=when + dt.timedelta(days=INTERVAL_DAYS[1]),
                       wrong_count=1, last_wrong_at=when, last_answered_at=when)
    try:
        with session.begin_nested():
            session.add(entry)
    except IntegrityError:
        # Another transaction wrote the entry first (two rounds closing at once).
        record_result(session, user_id, question_id, revision_id, False, when)
