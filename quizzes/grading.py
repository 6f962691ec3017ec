"""Grading an attempt when it ends, and the rules for when results may be seen.

An attempt ends by the person's submission, by its time limit, or by the round's close;
in every case the answers graded are the last ones saved (each save overwrote the
row), so automatic submission can never ignore a late autosave.
"""
from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections import OrderedDict

from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from core.clock import to_db
from quizzes.content import Content, content_of
from quizzes.models import Attempt, AttemptItem, QuestionRevision, Round
from quizzes.review import record_result
from quizzes.round_spec import CLOSED
from quizzes.scoring import ANSWERED, ScoringRules, answer_state, grade_answer

IN_PROGRESS, SUBMITTED, VOID = "in_progress", "submitted", "void"
# Why an attempt was finalised (Attempt.submit_kind): the person submitted, their time
# limit ran out, the round's close time came, or a trainer ended the round before either.
MANUAL, TIME_LIMIT, ROUND_CLOSE, EARLY_CLOSE = "manual", "time_limit", "round_close", "early_close"
SUBMIT_KIND_NAMES = {MANUAL: "本人交卷", TIME_LIMIT: "限时到自动交卷", ROUND_CLOSE: "截止时自动交卷",
                     EARLY_CLOSE: "轮次提前结束，自动交卷"}


def answers_visible(round_: Round) -> bool:
    """Answers and explanations: after the close, or at once in practice mode."""
    return round_.status == CLOSED or round_.practice_mode


def visible_results_clause():
    """SQL condition on Attempt and Round: submitted results the person may see."""
    return and_(Attempt.status == SUBMITTED, or_(Round.status == CLOSED, Round.practice_mode.is_(True)))


class ContentCache:
    """Revisions never change once written, so their Content can be kept in memory:
    the autosave path then reads no question data at all.  Bounded, thread-safe."""

    def __init__(self, size: int = 4096):
        self.size = size
        self._items: OrderedDict[int, Content] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session: Session, revision_ids) -> dict[int, Content]:
        wanted = set(revision_ids)
        with self._lock:
            found = {i: self._items[i] for i in wanted if i in self._items}
        missing = wanted - found.keys()
        if missing:
            rows = session.scalars(select(QuestionRevision).where(QuestionRevision.id.in_(missing)))
            loaded = {r.id: content_of(r) for r in rows}
            with self._lock:
                self._items.update(loaded)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
            found.update(loaded)
        return found


# One cache per database engine: revision ids mean nothing across databases.
_caches: "weakref.WeakKeyDictionary[Engine, ContentCache]" = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def load_contents(session: Session, revision_ids) -> dict[int, Content]:
    engine = session.get_bind()
    with _caches_lock:
        cache = _caches.setdefault(engine, ContentCache())
    return cache.get(session, revision_ids)


def count_answered(session: Session, items) -> int:
    """How many of the (revision id, stored answer) pairs are answered by the one rule
    (quizzes.scoring.answer_state): what every 已答 count shows."""
    items = list(items)
    contents = load_contents(session, [revision_id for revision_id, _ in items])
    return sum(1 for revision_id, answer in items if answer_state(contents[revision_id], answer) == ANSWERED)


def answered_by_attempt(session: Session, attempt_ids: list[int]) -> dict[int, int]:
    """attempt id → its questions answered by the one rule (count_answered)."""
    items: dict[int, list] = {attempt_id: [] for attempt_id in attempt_ids}
    if attempt_ids:
        for attempt_id, revision_id, answer in session.execute(
                select(AttemptItem.attempt_id, AttemptItem.revision_id, AttemptItem.answer)
                .where(AttemptItem.attempt_id.in_(attempt_ids))):
            items[attempt_id].append((revision_id, answer))
    return {attempt_id: count_answered(session, pairs) for attempt_id, pairs in items.items()}


def objective_part(session: Session, attempt: Attempt) -> tuple[float, float]:
    """(points, max points) of the attempt's objectively scored parts: the part of its score
    that is final while written answers wait for a grader (待阅卷)."""
    contents = load_contents(session, [item.revision_id for item in attempt.items])
    written = written_max = 0.0
    for item in attempt.items:
        for part in contents[item.revision_id].gradable_parts():
            if part.is_written:
                written_max += part.written_key.points
                written += (item.part_scores or {}).get(part.id, 0.0) if part.id else (item.score or 0.0)
    return round(attempt.score - written, 2), round(attempt.max_score - written_max, 2)


def finalize_attempt(session: Session, attempt: Attempt, round_: Round, now: dt.datetime,
                     kind: str) -> None:
    """Grade the saved answers and mark the attempt submitted (caller holds its lock).

    An automatic submission is dated at the deadline it enforces, not when the sweep ran.
    """
    rules = ScoringRules.from_json(round_.scoring)
    contents = load_contents(session, [item.revision_id for item in attempt.items])
    total, pending = 0.0, 0
    for item in attempt.items:
        grade = grade_answer(contents[item.revision_id], item.answer, rules)
        item.score = grade.score
        item.part_scores = dict(grade.parts) if len(grade.parts) > 1 or "" not in grade.parts else None
        total += grade.score
        pending += len(grade.pending)
    when = to_db(now)
    if kind != MANUAL and attempt.deadline_at is not None:
        when = min(when, attempt.deadline_at)
    attempt.score, attempt.status = round(total, 2), SUBMITTED
    # Written answers wait for a grader (quizzes.marking); the score is the objective part.
    attempt.ungraded = pending
    attempt.submitted_at, attempt.submit_kind = when, kind
    if answers_visible(round_):
        record_attempt_results(session, attempt)


def record_attempt_results(session: Session, attempt: Attempt) -> None:
    """Put the attempt's wrong answers into the 错题本 (once); questions graded by a
    person are left out (自测 cannot grade them again)."""
    if attempt.results_recorded or attempt.status != SUBMITTED:
        return
    contents = load_contents(session, [item.revision_id for item in attempt.items])
    for item in attempt.items:
        if contents[item.revision_id].has_written:
            continue
        record_result(session, attempt.user_id, item.question_id, item.revision_id,
                      item_is_correct(item), attempt.submitted_at)
    attempt.results_recorded = True


def item_is_correct(item: AttemptItem) -> bool:
    return item.score is not None and item.score >= item.max_score - 1e-9


def is_due(attempt: Attempt, now: dt.datetime) -> bool:
    return (attempt.status == IN_PROGRESS and attempt.deadline_at is not None
            and to_db(now) >= attempt.deadline_at)
