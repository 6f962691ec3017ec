"""阅卷: grading written answers by question across all attempts of a round, the way
Moodle's "manual grading by question" works.

Who may grade: trainers, admins, and users an admin designated 阅卷人/专家 (`is_grader`).
When: after the round's close, or while it is open if the round allows it.  Answers are
shown anonymously (答卷 1, 2, … in the order the attempts were started).  Each answer comes
with a suggestion: rubric points whose expected articles the answer cites correctly are
pre-marked at full points, and citations to an article that does not exist or a repealed
statute are flagged.  A save names the version of the grade it was based on; a save based
on an older one is refused (two graders never overwrite each other unseen).  A round set to
双评 takes two graders' marks per answer (quizzes.double_marking).  A grader may choose up to
two answers per question as 示范答案, published with the 专家解题 (quizzes.exemplary).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accounts.permissions import is_manager
from accounts.user import User
from core.actor import Actor
from core.clock import Clock, from_db, to_db
from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from kb.citations.linker import Citation, CitationLinker
from kb.citations.resolver import (STATUS_NEAREST, STATUS_NO_ARTICLE, STATUS_REPEALED,
                                   STATUS_RESOLVED, STATUS_UNKNOWN)
from quizzes.content import ArticleRef, Content, Part, WrittenKey
from quizzes.double_marking import (Counted, DoubleMarking, GraderView, add_mark, marks_by_answer,
                                    state_of)
from quizzes.exemplary import set_exemplary
from quizzes.grading_log import record_grade
from quizzes.grading import SUBMITTED, load_contents
from quizzes.models import Attempt, AttemptItem, Round, WrittenGrade
from quizzes.round_spec import CLOSED
from quizzes.scoring import is_answered
from quizzes.transactions import SessionFactory, read_session, write_session

MAX_COMMENT = 5000
# How a citation in an answer is flagged (the statuses a grader must look at).
FLAG_NAMES = {STATUS_NO_ARTICLE: "不存在", STATUS_UNKNOWN: "不存在", STATUS_REPEALED: "已废止"}


@dataclass(frozen=True)
class CitationFlag:
    text: str
    status: str
    label: str          # 不存在 / 已废止
    # Where the citation is in the answer, to highlight it.
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Marks:
    """A grade as stored: total points, points per rubric point id, the comment."""
    points: float
    rubric: Mapping[str, float]
    comment: str
    version: int
    graded_at: dt.datetime | None = None


@dataclass(frozen=True)
class AnswerToGrade:
    attempt_id: int
    number: int                     # 答卷 N: the grader does not see who wrote it
    text: str
    marks: Marks | None             # None until graded
    # Both empty in a queue read without assistance (see MarkingService.queue).
    suggested: Mapping[str, float]  # rubric point id → points the citations suggest
    flags: tuple[CitationFlag, ...]
    # This grader still has something to do on it (ungraded; under 双评: not marked by them,
    # or a dispute they may settle).
    awaiting: bool = True
    exemplary: bool = False         # chosen as a 示范答案
    double: DoubleMarking | None = None


@dataclass(frozen=True)
class GradingTask:
    """One written question (or a case's written part) of the round, with its answers."""
    question_id: int
    part_id: str
    position: int
    stem: str
    key: WrittenKey
    max_points: float
    answers: tuple[AnswerToGrade, ...]
    graded: int


@dataclass(frozen=True)
class GradingQueue:
    """已阅 graded/total over the round's written answers, by question."""
    round_id: int
    title: str
    open_for_grading: bool
    tasks: tuple[GradingTask, ...]
    graded: int
    total: int
    # 双评: the points two marks may differ by before a third grade is needed (None: 单评).
    double_marking_threshold: float | None = None


@dataclass(frozen=True)
class RoundToGrade:
    round_id: int
    title: str
    open_for_grading: bool
    ungraded: int


@dataclass(frozen=True)
class GradeResult:
    attempt_id: int
    question_id: int
    part_id: str
    marks: Marks | None          # the grade that counts; None while 双评 waits for it
    attempt_score: float
    ungraded: int
    double: DoubleMarking | None = None


def require_grader(session: Session, actor: Actor) -> None:
    """Trainers, admins and the users an admin designated 阅卷人/专家."""
    if is_manager(actor):
        return
    user = session.get(User, actor.id) if actor.id is not None else None
    if not (user and user.is_active and user.is_grader):
        raise PermissionDenied("只有培训管理员、系统管理员或指定的阅卷人可以阅卷")


def written_parts(content: Content) -> tuple[Part, ...]:
    return tuple(p for p in content.gradable_parts() if p.is_written)


def _task(question_id: int, part: Part, position: int, answers: list[AnswerToGrade]) -> GradingTask:
    key = part.written_key
    return GradingTask(question_id, part.id, position, part.stem, key, key.points,
                       tuple(sorted(answers, key=lambda a: a.number)),
                       sum(1 for a in answers if a.marks is not None))


def is_grading_open(round_: Round) -> bool:
    return round_.status == CLOSED or bool(round_.grade_while_open)


def cited_refs(citations: list[Citation]) -> set[ArticleRef]:
    return {ArticleRef(c.statute_id, c.article_no, c.article_suffix) for c in citations
            if c.status in (STATUS_RESOLVED, STATUS_NEAREST) and c.statute_id is not None}


def suggest(key: WrittenKey, citations: list[Citation]) -> dict[str, float]:
    """Rubric points all of whose expected articles the answer cites correctly."""
    cited = cited_refs(citations)
    return {p.id: p.points for p in key.rubric if p.articles and set(p.articles) <= cited}


def flags_of(citations: list[Citation]) -> tuple[CitationFlag, ...]:
    return tuple(CitationFlag(c.text, c.status, FLAG_NAMES[c.status], c.start, c.end)
                 for c in citations if c.status in FLAG_NAMES)


def check_marks(key: WrittenKey, raw: Mapping) -> tuple[float, dict[str, float], str]:
    """The grader's input → (points, rubric marks, comment), or InvalidInput."""
    if not isinstance(raw, Mapping):
        raise InvalidInput("评分应为对象：{points, rubric, comment}")
    limits = {p.id: p.points for p in key.rubric}
    given = raw.get("rubric") or {}
    if not isinstance(given, Mapping):
        raise InvalidInput("评分要点得分应为“要点编号 → 分数”的对象")
    unknown = [str(k) for k in given if k not in limits]
    if unknown:
        raise InvalidInput(f"没有评分要点“{'、'.join(unknown)[:60]}”")
    rubric = {}
    for point_id, value in given.items():
        rubric[point_id] = _points(value, limits[point_id], f"评分要点 {point_id} 的得分")
    points = raw.get("points")
    total = round(sum(rubric.values()), 2) if points is None else _points(points, key.points, "总分")
    comment = raw.get("comment") or ""
    if not isinstance(comment, str):
        raise InvalidInput("评语应为文本")
    if len(comment) > MAX_COMMENT:
        raise InvalidInput(f"评语过长（{len(comment)} 字，上限 {MAX_COMMENT} 字）")
    return total, rubric, comment.strip()


def _points(value: Any, limit: float, label: str) -> float:
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise InvalidInput(f"{label}应为数字") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise InvalidInput(f"{label}应为数字")
    if not 0 <= value <= limit + 1e-9:
        raise InvalidInput(f"{label}应在 0 至 {limit:g} 分之间（收到 {value:g}）")
    return round(float(value), 2)


def marks_from(row: WrittenGrade | None) -> Marks | None:
    if row is None:
        return None
    return Marks(row.points, dict(row.rubric or {}), row.comment, row.version, from_db(row.graded_at))


def answer_of(item: AttemptItem, part: Part) -> Any:
    return (item.answer or {}).get(part.id) if part.id else item.answer


class MarkingService:
    def __init__(self, sessions: SessionFactory, clock: Clock, linker: CitationLinker):
        self.sessions = sessions
        self.clock = clock
        self.linker = linker

    def rounds_to_grade(self, actor: Actor) -> list[RoundToGrade]:
        """Rounds with written answers awaiting a grade, newest first."""
        with read_session(self.sessions) as session:
            require_grader(session, actor)
            rows = session.execute(
                select(Round, func.sum(Attempt.ungraded)).join(Attempt, Attempt.round_id == Round.id)
                .where(Attempt.status == SUBMITTED, Attempt.ungraded > 0)
                .group_by(Round.id).order_by(Round.opens_at.desc(), Round.id.desc())).all()
            return [RoundToGrade(r.id, r.title, is_grading_open(r), int(n)) for r, n in rows]

    def queue(self, actor: Actor, round_id: int, *, assisted: bool = True) -> GradingQueue:
        """Every written answer of the round's submitted attempts, by question.  With
        assisted=False the answers come without their suggestion and citation flags: the
        grading page shows one answer and asks `assist` for it, since linking the citations
        of every answer (100 × 500 characters) was most of each page load's time."""
        with read_session(self.sessions) as session:
            require_grader(session, actor)
            round_ = session.get(Round, round_id) if isinstance(round_id, int) else None
            if round_ is None or round_.kind == "self":
                raise NotFound(f"没有找到轮次 {round_id}")
            attempts = session.scalars(select(Attempt).where(
                Attempt.round_id == round_.id, Attempt.status == SUBMITTED).order_by(Attempt.id)).all()
            items = session.scalars(select(AttemptItem).where(
                AttemptItem.attempt_id.in_([a.id for a in attempts]))).all()
            grades = {(g.item_id, g.part_id): g for g in session.scalars(select(WrittenGrade).where(
                WrittenGrade.item_id.in_([i.id for i in items])))}
            double = (GraderView(actor, round_.double_marking_threshold,
                                 marks_by_answer(session, [i.id for i in items]), is_manager(actor))
                      if round_.double_marking_threshold is not None else None)
            contents = load_contents(session, {i.revision_id for i in items} |
                                     {rq.revision_id for rq in round_.questions})
            number = {a.id: n for n, a in enumerate(attempts, 1)}
            tasks = []
            for rq in round_.questions:
                for part in written_parts(contents[rq.revision_id]):
                    answers = [self._answer(item, part, number[item.attempt_id],
                                            grades.get((item.id, part.id)), double, assisted)
                               for item in items if item.question_id == rq.question_id
                               and is_answered(part, answer_of(item, part))]
                    tasks.append(_task(rq.question_id, part, rq.position, answers))
            return GradingQueue(round_.id, round_.title, is_grading_open(round_), tuple(tasks),
                                sum(t.graded for t in tasks), sum(len(t.answers) for t in tasks),
                                round_.double_marking_threshold)

    def _answer(self, item: AttemptItem, part: Part, number: int, grade: WrittenGrade | None,
                double: GraderView | None, assisted: bool) -> AnswerToGrade:
        counted = grade is not None
        state, awaiting = double.state((item.id, part.id), counted) if double else (None, not counted)
        answer = AnswerToGrade(item.attempt_id, number, answer_of(item, part), marks_from(grade), {}, (),
                               awaiting, bool(grade and grade.exemplary), state)
        return self.assist(part.written_key, answer) if assisted else answer

    def assist(self, key: WrittenKey, answer: AnswerToGrade) -> AnswerToGrade:
        """The answer with its suggestion and flagged citations (the linker reads the library)."""
        citations = self.linker.cite(answer.text)
        return replace(answer, suggested=suggest(key, citations), flags=flags_of(citations))

    def grade(self, actor: Actor, attempt_id: int, question_id: int, part_id: str,
              raw: Mapping) -> GradeResult:
        """Save a grade.  `raw["version"]` is the grade's version the grader saw (0 or
        absent: none yet); a later grade by someone else is a Conflict.  Under 双评 the
        marks are this grader's own, and count once they settle the grade.  `raw["exemplary"]`
        chooses (or drops) the answer as a 示范答案."""
        with write_session(self.sessions) as session:
            require_grader(session, actor)
            attempt, item, part, round_ = self._gradable(session, attempt_id, question_id, part_id or "")
            marks = Counted(*check_marks(part.written_key, raw))
            row = session.scalars(select(WrittenGrade).where(
                WrittenGrade.item_id == item.id, WrittenGrade.part_id == part.id)).first()
            now = to_db(self.clock.now())
            previous = row.points if row is not None else None
            threshold, state = round_.double_marking_threshold, None
            counted = self._counted(session, actor, threshold, item, part.id, row, marks, raw.get("version"), now)
            if counted is not None:
                row = count_grade(session, attempt, item, part.id, row, counted, actor, now)
            set_exemplary(session, round_.id, question_id, part.id, row, raw.get("exemplary"))
            record_grade(session, self.clock, actor, attempt_id=attempt.id, question_id=question_id,
                         points=marks.points, max_points=part.written_key.points, part_id=part.id or None,
                         previous=previous, reason="" if threshold is None else "双评")
            session.flush()
            if threshold is not None:
                rows = marks_by_answer(session, [item.id]).get((item.id, part.id), [])
                state = state_of(rows, threshold, actor, row is not None, is_manager(actor))
            return GradeResult(attempt.id, question_id, part.id, marks_from(row), attempt.score,
                               attempt.ungraded, state)

    def _counted(self, session: Session, actor: Actor, threshold: float | None, item: AttemptItem, part_id: str,
                 row: WrittenGrade | None, marks: Counted, seen_version: Any, now: dt.datetime) -> Counted | None:
        """The grade that counts after this save: the marks themselves (单评, if based on
        the current version), or what 双评 makes of them (None while it waits)."""
        if threshold is None:
            self._check_version(session, row, seen_version)
            return marks
        if row is not None:
            raise Conflict(f"双评已定分（{row.points:g} 分）；如需更改，请通过申请复核")
        rows = marks_by_answer(session, [item.id]).get((item.id, part_id), [])
        return add_mark(session, rows, item_id=item.id, part_id=part_id, actor=actor, marks=marks,
                        threshold=threshold, may_decide=is_manager(actor), now=now)

    def choose_exemplary(self, actor: Actor, attempt_id: int, question_id: int, part_id: str,
                         chosen: Any) -> bool:
        """Choose or drop a graded answer as a 示范答案 without grading it again (a 双评 grade
        that counts cannot be saved again)."""
        if chosen is None:
            raise InvalidInput("请说明是否选作示范答案（true 或 false）")
        with write_session(self.sessions) as session:
            require_grader(session, actor)
            _, item, part, round_ = self._gradable(session, attempt_id, question_id, part_id or "")
            row = session.scalars(select(WrittenGrade).where(
                WrittenGrade.item_id == item.id, WrittenGrade.part_id == part.id)).first()
            set_exemplary(session, round_.id, question_id, part.id, row, chosen)
            return bool(row and row.exemplary)

    @staticmethod
    def _gradable(session: Session, attempt_id: Any, question_id: int,
                  part_id: str) -> tuple[Attempt, AttemptItem, Part, Round]:
        """The locked attempt, its item, the written part a grade is for and the round, or why not."""
        attempt = session.scalars(select(Attempt).where(Attempt.id == attempt_id)
                                  .with_for_update()).first() if isinstance(attempt_id, int) else None
        if attempt is None:
            raise NotFound(f"没有找到作答记录 {attempt_id}")
        if attempt.status != SUBMITTED:
            raise Conflict("这份答卷尚未交卷，不能阅卷")
        round_ = session.get(Round, attempt.round_id)
        if not is_grading_open(round_):
            raise Conflict("本轮次尚未截止，截止后才能阅卷（可在轮次设置中允许作答期间阅卷）")
        item = next((i for i in attempt.items if i.question_id == question_id), None)
        if item is None:
            raise NotFound(f"试题 {question_id} 不在本次作答中")
        content = load_contents(session, [item.revision_id])[item.revision_id]
        part = next((p for p in written_parts(content) if p.id == part_id), None)
        if part is None:
            raise NotFound("这道题没有需要阅卷的主观题小题" if content.parts else "这道题不是主观题")
        if not is_answered(part, answer_of(item, part)):
            raise Conflict("这道题没有作答，不需要阅卷")
        return attempt, item, part, round_

    @staticmethod
    def _check_version(session: Session, row: WrittenGrade | None, seen: Any) -> None:
        if seen is None or row is None:
            return
        try:
            seen = int(seen)
        except (TypeError, ValueError):
            raise InvalidInput("评分版本号应为整数") from None
        current = row.version if row is not None else 0
        if seen != current:
            who = session.get(User, row.grader_id) if row is not None and row.grader_id else None
            by = f"{who.display_name}" if who else "其他阅卷人"
            raise Conflict(f"这份答卷已由{by}评分（{row.points:g} 分，第 {current} 次保存），"
                           "您的评分没有保存；请刷新查看后再决定是否修改")


def marks_of(session: Session, attempt: Attempt) -> dict[tuple[int, str], Marks]:
    """(question id, part id) → the grades of an attempt (for its owner's review)."""
    items = {i.id: i.question_id for i in attempt.items}
    rows = session.scalars(select(WrittenGrade).where(WrittenGrade.item_id.in_(list(items))))
    return {(items[r.item_id], r.part_id): marks_from(r) for r in rows}


def count_grade(session: Session, attempt: Attempt, item: AttemptItem, part_id: str,
                row: WrittenGrade | None, counted: Counted, actor: Actor, now: dt.datetime) -> WrittenGrade:
    """Write the grade that counts for an answer and rescore the attempt; the attempt's
    results are final (graded_at) once its last written answer has one."""
    if row is None:
        row = WrittenGrade(item_id=item.id, part_id=part_id, version=0)
        session.add(row)
        attempt.ungraded = max(0, attempt.ungraded - 1)
        if attempt.ungraded == 0:
            attempt.graded_at = now
    row.points, row.rubric, row.comment = counted.points, counted.rubric, counted.comment
    row.grader_id, row.graded_at, row.version = actor.id, now, (row.version or 0) + 1
    _rescore(attempt, item, part_id, counted.points)
    return row


def _rescore(attempt: Attempt, item: AttemptItem, part_id: str, points: float) -> None:
    if part_id:
        scores = dict(item.part_scores or {})
        scores[part_id] = points
        item.part_scores = scores
        item.score = round(sum(scores.values()), 2)
    else:
        item.score = points
    attempt.score = round(sum(i.score or 0.0 for i in attempt.items), 2)

