"""Taking a round: start or resume an attempt, save every answer as it is given,
submit — or be submitted automatically when the time limit or the close comes, graded
from the last saved answers.

Nothing lives in memory between calls: each call reads and writes the database in one
short transaction that first locks the attempt (quizzes.transactions), so a save and a
submission never interleave, a second submission changes nothing, and a restart loses
nothing.  Another person's attempt is reported as not found.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import random
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.clock import Clock, to_db
from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from accounts.permissions import is_manager
from core.actor import Actor
from quizzes.articles import ArticleResolver
from quizzes.attempt_view import (AttemptView, Feedback, FlagResult, SaveResult, SubmitResult, build_view,
                                  feedback_for)
from quizzes.audience import is_in_audience, user_deadline
from quizzes.content import CHOICE_TYPES, Content
from quizzes.embargo import WITHHELD_NOTICE, withheld_questions
from quizzes.grading import (IN_PROGRESS, MANUAL, SUBMITTED, count_answered, finalize_attempt, is_due,
                             load_contents)
from quizzes.lifecycle import auto_kind
from quizzes.regrade import grading_record
from quizzes.models import Attempt, AttemptItem, Round
from quizzes.rounds import get_round_row, may_see, start_refusal
from quizzes.scoring import ScoringRules, answer_state, check_answer
from quizzes.transactions import SessionFactory, read_session, write_session


def option_order(attempt_id: int, question_id: int, content: Content) -> dict[str, list[str]]:
    """This person's option order for each choice part, fixed by the attempt id — as
    written when the question says 固定选项顺序."""
    order = {}
    for part in content.gradable_parts():
        if part.qtype in CHOICE_TYPES:
            ids = list(part.option_ids)
            if not content.fixed_order:
                seed = hashlib.sha256(f"{attempt_id}:{question_id}:{part.id}".encode()).digest()
                random.Random(seed).shuffle(ids)
            order[part.id] = ids
    return order


# The autosave statements, built once (SQLAlchemy then reuses their compiled form).
# The locked attempt with all its items (one row with empty item columns when it has
# none): the item being saved and the progress count come from the same read.
_LOCK_ITEMS = (select(Attempt.status, Attempt.deadline_at, AttemptItem.id.label("item_id"),
                      AttemptItem.question_id, AttemptItem.revision_id, AttemptItem.answer,
                      AttemptItem.checked)
               .select_from(Attempt)
               .outerjoin(AttemptItem, AttemptItem.attempt_id == Attempt.id)
               .where(Attempt.id == bindparam("attempt_id"), Attempt.user_id == bindparam("user_id"))
               .with_for_update(of=Attempt))
_STORE_ANSWER = (update(AttemptItem).where(AttemptItem.id == bindparam("item_id"))
                 .values(answer=bindparam("value", type_=AttemptItem.answer.type),
                         saved_at=bindparam("saved_at"),
                         save_count=AttemptItem.save_count + bindparam("changed")))


class AttemptService:
    def __init__(self, sessions: SessionFactory, clock: Clock, resolver: ArticleResolver):
        self.sessions = sessions
        self.clock = clock
        self.resolver = resolver

    def start(self, actor: Actor, round_id: int) -> AttemptView:
        """Start my attempt, or resume the one I have open (POST /rounds/<id>/attempts)."""
        for tries_left in (2, 1, 0):
            try:
                with write_session(self.sessions) as session:
                    attempt_id = self._start(session, actor, round_id)
                return self.get_attempt(actor, attempt_id)
            except IntegrityError:
                if not tries_left:
                    raise
                # The same person started twice at once: the next pass resumes the winner.

    def _start(self, session: Session, actor: Actor, round_id: int) -> int:
        round_ = get_round_row(session, round_id)
        if not may_see(session, round_, actor):
            raise NotFound(f"没有找到轮次 {round_id}")
        if not (is_manager(actor) or is_in_audience(session, round_, actor) or round_.owner_id == actor.id):
            raise PermissionDenied("您不在本轮次的参加范围内")
        now = self.clock.now()
        attempts = session.scalars(select(Attempt).where(
            Attempt.round_id == round_.id, Attempt.user_id == actor.id).with_for_update()).all()
        running = next((a for a in attempts if a.status == IN_PROGRESS), None)
        if running is not None and is_due(running, now):
            finalize_attempt(session, running, round_, now, auto_kind(running, round_))
            running = None
        if running is not None:
            return running.id
        deadline = user_deadline(session, round_, actor.id)
        submitted = sum(1 for a in attempts if a.status == SUBMITTED)
        refusal = start_refusal(round_, now, deadline, submitted, False)
        if refusal:
            raise Conflict(f"不能开始作答：{refusal}")
        return self._create(session, round_, actor, len(attempts) + 1, now, deadline).id

    def _create(self, session: Session, round_: Round, actor: Actor, number: int,
                now: dt.datetime, deadline: dt.datetime | None) -> Attempt:
        ends = [d for d in (deadline, now + dt.timedelta(minutes=round_.time_limit_minutes)
                            if round_.time_limit_minutes else None) if d is not None]
        rules = ScoringRules.from_json(round_.scoring)
        contents = load_contents(session, [rq.revision_id for rq in round_.questions])
        attempt = Attempt(round_id=round_.id, user_id=actor.id, number=number, status=IN_PROGRESS,
                          started_at=to_db(now), deadline_at=to_db(min(ends)) if ends else None,
                          max_score=sum(rules.question_points(contents[rq.revision_id])
                                        for rq in round_.questions))
        session.add(attempt)
        session.flush()
        for rq in round_.questions:
            content = contents[rq.revision_id]
            session.add(AttemptItem(attempt_id=attempt.id, position=rq.position,
                                    question_id=rq.question_id, revision_id=rq.revision_id,
                                    max_score=rules.question_points(content),
                                    option_order=option_order(attempt.id, rq.question_id, content)))
        session.flush()
        return attempt

    def get_attempt(self, actor: Actor, attempt_id: int) -> AttemptView:
        """My attempt as I see it now (auto-submitted first if its time is up)."""
        self._finalize_if_due(actor, attempt_id)
        with read_session(self.sessions) as session:
            attempt = self._own(session, actor.id, attempt_id)
            round_ = session.get(Round, attempt.round_id)
            contents = load_contents(session, [i.revision_id for i in attempt.items])
            withheld = withheld_questions(session, [i.question_id for i in attempt.items])
            now = self.clock.now()
            return build_view(attempt, round_, contents, now, self.resolver, withheld,
                              grading_record(session, attempt, round_, now))

    def _finalize_if_due(self, actor: Actor, attempt_id: int) -> bool:
        with read_session(self.sessions) as session:
            attempt = self._own(session, actor.id, attempt_id)
            if not is_due(attempt, self.clock.now()):
                return False
        with write_session(self.sessions) as session:
            attempt = self._lock(session, actor.id, attempt_id)
            now = self.clock.now()
            if is_due(attempt, now):
                round_ = session.get(Round, attempt.round_id)
                finalize_attempt(session, attempt, round_, now, auto_kind(attempt, round_))
        return True

    def save_answer(self, actor: Actor, attempt_id: int, question_id: Any, answer: Any) -> SaveResult:
        """Autosave one answer (PUT …/answers/<question_id>): the stored answer becomes
        exactly this one; saving the same answer again changes nothing.

        The hot path of the product (every click of every person): two prepared
        statements — read the locked attempt with its items, store the answer — with
        question content from the cache.
        """
        wanted = _question_number(question_id)
        if not isinstance(attempt_id, int) or isinstance(attempt_id, bool):
            raise NotFound(f"没有找到作答记录 {attempt_id}")
        refusal = None
        with write_session(self.sessions) as session:
            connection = session.connection()
            rows = connection.execute(_LOCK_ITEMS, {"attempt_id": attempt_id, "user_id": actor.id}).all()
            if not rows:
                raise NotFound(f"没有找到作答记录 {attempt_id}")
            row = rows[0]
            now = self.clock.now()
            if row.status == IN_PROGRESS and row.deadline_at is not None and to_db(now) >= row.deadline_at:
                attempt = session.get(Attempt, attempt_id)
                round_ = session.get(Round, attempt.round_id)
                finalize_attempt(session, attempt, round_, now, auto_kind(attempt, round_))
                refusal = "作答时间已到，系统已按您最后保存的答案自动交卷，本次修改未保存"
            elif row.status != IN_PROGRESS:
                refusal = "本次作答已提交，不能再修改答案"
            else:
                return self._save(session, rows, attempt_id, wanted, answer, now)
        raise Conflict(refusal)

    @staticmethod
    def _save(session: Session, rows, attempt_id: int, question_id: int, answer: Any,
              now: dt.datetime) -> SaveResult:
        row = next((r for r in rows if r.item_id is not None and r.question_id == question_id), None)
        if row is None:
            raise InvalidInput(f"试题 {question_id} 不在本次作答中")
        if row.checked:
            raise Conflict("本题已查看答案解析，不能再修改")
        content = load_contents(session, [row.revision_id])[row.revision_id]
        value = check_answer(content, answer, row.answer)
        session.connection().execute(_STORE_ANSWER, {"item_id": row.item_id, "value": value,
                                                     "saved_at": to_db(now), "changed": int(value != row.answer)})
        # Counted by the one rule (answer_state), not by SQL: a case with a part left open
        # or a 填空题 with an empty blank is not answered.  The contents come from the cache.
        items = [(r.revision_id, value if r.item_id == row.item_id else r.answer) for r in rows]
        return SaveResult(attempt_id, question_id, now, count_answered(session, items), len(items),
                          answer_state(content, value))

    def flag(self, actor: Actor, attempt_id: int, question_id: Any, flagged: Any) -> FlagResult:
        """标记 a question for later on the 答题卡, or take the mark off (PUT …/flags/<question_id>)."""
        if not isinstance(flagged, bool):
            raise InvalidInput("flagged 应为 true（标记）或 false（取消标记）")
        with write_session(self.sessions) as session:
            attempt = self._lock(session, actor.id, attempt_id)
            if attempt.status != IN_PROGRESS or is_due(attempt, self.clock.now()):
                raise Conflict("本次作答已结束（已交卷或时间已到），不能再标记")
            item = _item(attempt, question_id)
            item.flagged = flagged
            return FlagResult(attempt.id, item.question_id, flagged)

    def check(self, actor: Actor, attempt_id: int, question_id: Any) -> Feedback:
        """Practice mode: show this question's answer and explanation; its answer is final."""
        with write_session(self.sessions) as session:
            attempt = self._lock(session, actor.id, attempt_id)
            round_ = session.get(Round, attempt.round_id)
            if not round_.practice_mode:
                raise PermissionDenied("本轮次不是练习模式，答案在轮次结束后公布")
            item = _item(attempt, question_id)
            if withheld_questions(session, [item.question_id]):
                raise PermissionDenied(WITHHELD_NOTICE)
            if attempt.status == IN_PROGRESS:
                item.checked = True
            content = load_contents(session, [item.revision_id])[item.revision_id]
            return feedback_for(item, content, ScoringRules.from_json(round_.scoring), self.resolver)

    def submit(self, actor: Actor, attempt_id: int) -> SubmitResult:
        """交卷.  A second submission returns the first result unchanged."""
        with write_session(self.sessions) as session:
            attempt = self._lock(session, actor.id, attempt_id)
            already = attempt.status != IN_PROGRESS
            if attempt.status == "void":
                raise Conflict("轮次已取消，本次作答不计成绩")
            if not already:
                now = self.clock.now()
                round_ = session.get(Round, attempt.round_id)
                kind = auto_kind(attempt, round_) if is_due(attempt, now) else MANUAL
                finalize_attempt(session, attempt, round_, now, kind)
            return SubmitResult(attempt.id, attempt.score, attempt.max_score,
                                attempt.submitted_at.replace(tzinfo=dt.timezone.utc),
                                attempt.submit_kind, already)

    @staticmethod
    def _own(session: Session, actor_id: int, attempt_id: int) -> Attempt:
        attempt = session.get(Attempt, attempt_id) if isinstance(attempt_id, int) else None
        if attempt is None or attempt.user_id != actor_id:
            raise NotFound(f"没有找到作答记录 {attempt_id}")
        return attempt

    @staticmethod
    def _lock(session: Session, actor_id: int, attempt_id: int) -> Attempt:
        attempt = None
        if isinstance(attempt_id, int) and not isinstance(attempt_id, bool):
            attempt = session.scalars(select(Attempt).where(
                Attempt.id == attempt_id, Attempt.user_id == actor_id).with_for_update()).first()
        if attempt is None:
            raise NotFound(f"没有找到作答记录 {attempt_id}")
        return attempt


def _question_number(question_id: Any) -> int:
    if isinstance(question_id, bool):
        raise InvalidInput(f"试题编号“{question_id}”无效")
    try:
        return int(question_id)
    except (TypeError, ValueError):
        raise InvalidInput(f"试题编号“{question_id}”无效") from None


def _item(attempt: Attempt, question_id: Any) -> AttemptItem:
    wanted = _question_number(question_id)
    for item in attempt.items:
        if item.question_id == wanted:
            return item
    raise InvalidInput(f"试题 {wanted} 不在本次作答中")
