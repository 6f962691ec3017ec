"""双评 (double marking): on a round set to it, two different graders grade each written
answer independently; the second does not see the first's points until they saved their
own.  If the two differ by no more than the round's threshold, the mean counts; above it
the answer is 分差超阈值 and a third grade — by a grader who has not marked it, or a
trainer's final decision — counts instead.  Until then the answer is not graded: the
attempt's 待阅卷 count, 已阅 x/y and "results final" all wait for the grade that counts.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.actor import Actor
from core.clock import from_db
from core.errors import Conflict, InvalidInput
from quizzes.models import GradeMark


@dataclass(frozen=True)
class Mark:
    """One grader's points under 双评 (no version: each grader has their own)."""
    grader_id: int
    points: float
    rubric: Mapping[str, float]
    comment: str
    graded_at: dt.datetime | None


@dataclass(frozen=True)
class DoubleMarking:
    """Where an answer stands under 双评, as one grader may see it."""
    threshold: float
    count: int                 # marks given so far
    disputed: bool             # 分差超阈值: a third grade decides
    mine: Mark | None
    # The other graders' marks: shown once this grader saved theirs, or to whoever
    # may settle a dispute.
    others: tuple[Mark, ...]


@dataclass(frozen=True)
class Counted:
    """The grade that counts, once the marks settle it."""
    points: float
    rubric: dict[str, float]
    comment: str


def marks_by_answer(session: Session, item_ids) -> dict[tuple[int, str], list[GradeMark]]:
    found: dict[tuple[int, str], list[GradeMark]] = {}
    ids = list(item_ids)
    if ids:
        for row in session.scalars(select(GradeMark).where(GradeMark.item_id.in_(ids)).order_by(GradeMark.id)):
            found.setdefault((row.item_id, row.part_id), []).append(row)
    return found


def is_disputed(rows: list[GradeMark], threshold: float) -> bool:
    return len(rows) == 2 and abs(rows[0].points - rows[1].points) > threshold + 1e-9


def state_of(rows: list[GradeMark], threshold: float, actor: Actor, counted: bool,
             may_decide: bool) -> DoubleMarking:
    mine = next((r for r in rows if r.grader_id == actor.id), None)
    disputed = not counted and is_disputed(rows, threshold)
    shown = mine is not None or (disputed and may_decide) or counted
    others = tuple(_mark(r) for r in rows if r is not mine) if shown else ()
    return DoubleMarking(threshold, len(rows), disputed, _mark(mine) if mine else None, others)


def awaits(state: DoubleMarking, counted: bool, may_decide: bool) -> bool:
    """Whether this grader still has something to do on the answer."""
    if counted:
        return False
    return state.mine is None or (state.disputed and may_decide)


@dataclass(frozen=True)
class GraderView:
    """A round's 双评 marks as one grader sees them (the grading queue)."""
    actor: Actor
    threshold: float
    marks: Mapping[tuple[int, str], list[GradeMark]]   # (item id, part id) → marks
    may_decide: bool

    def state(self, key: tuple[int, str], counted: bool) -> tuple[DoubleMarking, bool]:
        """Where the answer stands, and whether this grader still has something to do on it."""
        state = state_of(self.marks.get(key, []), self.threshold, self.actor, counted, self.may_decide)
        return state, awaits(state, counted, self.may_decide)


def add_mark(session: Session, rows: list[GradeMark], *, item_id: int, part_id: str, actor: Actor,
             marks: Counted, threshold: float, may_decide: bool, now: dt.datetime) -> Counted | None:
    """Record one grader's marks; the grade that counts if they settle it, else None.

    Refused: a grader marking the same answer twice (except a trainer settling a dispute)."""
    mine = next((r for r in rows if r.grader_id == actor.id), None)
    disputed = is_disputed(rows, threshold)
    if mine is not None and not (disputed and may_decide):
        if disputed:
            raise Conflict("这份答卷两评分差超过阈值，须由未评过的阅卷人或培训管理员评定，您已评过（"
                           f"{mine.points:g} 分）")
        raise Conflict(f"双评：您已为这份答卷评过分（{mine.points:g} 分），第二评须由另一位阅卷人完成")
    if mine is None:
        session.add(GradeMark(item_id=item_id, part_id=part_id, grader_id=actor.id, points=marks.points,
                              rubric=marks.rubric, comment=marks.comment, graded_at=now))
    if disputed:
        return marks                     # the third grade (or a trainer's decision) counts
    if len(rows) == 1:
        first = rows[0]
        if abs(first.points - marks.points) > threshold + 1e-9:
            return None                  # 分差超阈值: waits for a third grade
        return _mean(first, marks)
    if len(rows) > 2:
        raise InvalidInput("这份答卷已有三次评分")
    return None


def _mean(first: GradeMark, second: Counted) -> Counted:
    keys = set(first.rubric or {}) | set(second.rubric)
    rubric = {k: round(((first.rubric or {}).get(k, 0.0) + second.rubric.get(k, 0.0)) / 2, 2) for k in keys}
    comments = [c for c in dict.fromkeys((first.comment, second.comment)) if c]
    return Counted(round((first.points + second.points) / 2, 2), rubric, "\n".join(comments))


def _mark(row: GradeMark) -> Mark:
    return Mark(row.grader_id, row.points, dict(row.rubric or {}), row.comment, from_db(row.graded_at))
