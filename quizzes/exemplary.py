"""示范答案: up to two answers per written question (or case part) of a round, chosen by a
grader and published beside the 专家解题 once the round's answers are out.  They are shown
anonymously unless their author agreed to be named (per answer, on their result page).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.user import User
from core.actor import Actor
from core.errors import InvalidInput, NotFound
from quizzes.grading import IN_PROGRESS
from quizzes.models import Attempt, AttemptItem, WrittenGrade
from quizzes.transactions import SessionFactory, write_session

MAX_EXEMPLARY = 2


@dataclass(frozen=True)
class ExemplaryAnswer:
    text: str
    author: str | None      # None: 匿名 (the author did not agree to be named)
    points: float


def set_exemplary(session: Session, round_id: int, question_id: int, part_id: str,
                  grade: WrittenGrade | None, chosen: Any) -> None:
    """Choose or drop a graded answer as a 示范答案 (`chosen` None: leave it as it is)."""
    if chosen is None:
        return
    if not isinstance(chosen, bool):
        raise InvalidInput("示范答案应为 true 或 false")
    if grade is None:
        if chosen:
            raise InvalidInput("这份答卷尚未定分（双评还差评分），定分后才能选作示范答案")
        return
    if chosen and not grade.exemplary:
        taken = len(session.execute(_chosen(round_id).where(
            AttemptItem.question_id == question_id, WrittenGrade.part_id == part_id)).all())
        if taken >= MAX_EXEMPLARY:
            raise InvalidInput(f"每道题最多选 {MAX_EXEMPLARY} 份示范答案（已选 {taken} 份），请先取消一份")
    grade.exemplary = chosen


def _chosen(round_id: int):
    """The round's 示范答案 with their attempt items and authors."""
    return (select(WrittenGrade, AttemptItem, User)
            .join(AttemptItem, AttemptItem.id == WrittenGrade.item_id)
            .join(Attempt, Attempt.id == AttemptItem.attempt_id)
            .join(User, User.id == Attempt.user_id)
            .where(Attempt.round_id == round_id, WrittenGrade.exemplary.is_(True)))


def exemplary_of(session: Session, round_id: int) -> dict[tuple[int, str], tuple[ExemplaryAnswer, ...]]:
    """(question id, part id) → the round's 示范答案, named only where the author agreed."""
    rows = session.execute(_chosen(round_id).order_by(WrittenGrade.points.desc(), WrittenGrade.id)).all()
    found: dict[tuple[int, str], list[ExemplaryAnswer]] = {}
    for grade, item, user in rows:
        answer = item.answer if not grade.part_id else (item.answer or {}).get(grade.part_id)
        found.setdefault((item.question_id, grade.part_id), []).append(
            ExemplaryAnswer(str(answer or ""), user.display_name if item.named_exemplary else None, grade.points))
    return {key: tuple(answers) for key, answers in found.items()}


class ExemplaryConsent:
    """The author's choice: 同意作为示范答案署名展示 (default: anonymous)."""

    def __init__(self, sessions: SessionFactory):
        self.sessions = sessions

    def set_named(self, actor: Actor, attempt_id: Any, question_id: Any, named: Any) -> bool:
        if not isinstance(named, bool):
            raise InvalidInput("署名展示应为 true 或 false")
        with write_session(self.sessions) as session:
            attempt = session.get(Attempt, attempt_id) if isinstance(attempt_id, int) else None
            if attempt is None or attempt.user_id != actor.id:
                raise NotFound(f"没有找到作答记录 {attempt_id}")
            if attempt.status == IN_PROGRESS:
                raise InvalidInput("交卷后才能设置示范答案是否署名")
            item = next((i for i in attempt.items if i.question_id == question_id), None)
            if item is None:
                raise NotFound(f"试题 {question_id} 不在本次作答中")
            item.named_exemplary = named
            return named
