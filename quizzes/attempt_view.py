"""An attempt as the person taking it sees it: questions with options in their own order
and never an answer key — until the round closes, or at once in practice mode.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping

from core.clock import from_db
from quizzes.articles import ArticleResolver, Citation
from quizzes.exemplary import ExemplaryAnswer
from quizzes.content import CASE, CHOICE_TYPES, TYPE_NAMES, WRITTEN_TYPES, Content, Part, RubricPoint
from quizzes.grading import IN_PROGRESS, SUBMIT_KIND_NAMES, answers_visible
from quizzes.lettering import letter_map, reletter
from quizzes.models import Attempt, AttemptItem, Round
from quizzes.regrade import GradingRecord, RegradeState
from quizzes.scoring import (ANSWER_STATE_NAMES, ANSWERED, NOT_ANSWERED, ScoringRules, answer_state,
                             grade_answer)


@dataclass(frozen=True)
class OptionView:
    id: str
    text: str


@dataclass(frozen=True)
class PartView:
    id: str
    qtype: str
    type_name: str
    stem: str
    options: tuple[OptionView, ...]
    points: float
    blanks: int


@dataclass(frozen=True)
class PartFeedback:
    id: str
    score: float
    max_score: float
    answer: Any
    explanation: str


@dataclass(frozen=True)
class WrittenFeedback:
    """A written part once results are out: the grader's points per 评分要点 and comment
    (points None: 待阅卷), beside the reference answer."""
    part_id: str
    points: float | None
    max_score: float
    reference: str
    rubric: tuple[tuple[RubricPoint, float | None], ...]
    comment: str
    # 专家解题: the answers a grader chose as 示范答案 (named only where the author agreed).
    exemplary: tuple[ExemplaryAnswer, ...] = ()
    # 申请复核: the request and its outcome, or until when one may be filed (None: not now).
    regrade: RegradeState | None = None
    regrade_until: dt.datetime | None = None

    @property
    def pending(self) -> bool:
        return self.points is None


@dataclass(frozen=True)
class Feedback:
    """Shown once answers are visible: the key, the explanation, the articles."""
    question_id: int
    score: float
    max_score: float
    correct: bool
    answer: Any
    explanation: str
    citations: tuple[Citation, ...]
    parts: tuple[PartFeedback, ...] = ()
    written: tuple[WrittenFeedback, ...] = ()


@dataclass(frozen=True)
class QuestionView:
    question_id: int
    position: int
    qtype: str
    type_name: str
    stem: str
    options: tuple[OptionView, ...]
    parts: tuple[PartView, ...]
    points: float
    blanks: int
    answer: Any
    checked: bool
    feedback: Feedback | None
    # The key is under embargo (quizzes.embargo): no feedback until that round closes.
    withheld: bool = False
    # The 答题卡: how far it is answered (quizzes.scoring.answer_state) and 标记.
    state: str = NOT_ANSWERED
    flagged: bool = False
    # 同意作为示范答案署名展示 (the author's choice; default anonymous).
    named_exemplary: bool = False

    @property
    def state_name(self) -> str:
        return ANSWER_STATE_NAMES[self.state]

    @property
    def has_written(self) -> bool:
        return self.qtype in WRITTEN_TYPES or any(p.qtype in WRITTEN_TYPES for p in self.parts)


@dataclass(frozen=True)
class AttemptView:
    attempt_id: int
    round_id: int
    round_title: str
    number: int
    status: str
    practice_mode: bool
    started_at: dt.datetime
    deadline_at: dt.datetime | None
    seconds_left: int | None
    submitted_at: dt.datetime | None
    submit_kind: str | None
    score: float | None
    max_score: float
    answers_visible: bool
    questions: tuple[QuestionView, ...]
    # "training" (a round pushed to staff) or "self" (自测).
    round_kind: str = "training"
    # Written answers still to be graded: the score is not final (待阅卷).
    ungraded: int = 0

    @property
    def submit_kind_name(self) -> str:
        return SUBMIT_KIND_NAMES.get(self.submit_kind or "", "")

    @property
    def answered(self) -> int:
        return sum(1 for q in self.questions if q.state == ANSWERED)

    @property
    def unfinished(self) -> tuple[QuestionView, ...]:
        """Not answered or partly answered: what 交卷 lists before it asks."""
        return tuple(q for q in self.questions if q.state != ANSWERED)

    @property
    def flagged(self) -> tuple[QuestionView, ...]:
        return tuple(q for q in self.questions if q.flagged)


@dataclass(frozen=True)
class SaveResult:
    attempt_id: int
    question_id: int
    saved_at: dt.datetime
    answered: int
    total: int
    # The saved question's state on the 答题卡 (quizzes.scoring.answer_state).
    state: str = NOT_ANSWERED


@dataclass(frozen=True)
class FlagResult:
    attempt_id: int
    question_id: int
    flagged: bool


@dataclass(frozen=True)
class SubmitResult:
    attempt_id: int
    score: float
    max_score: float
    submitted_at: dt.datetime
    submit_kind: str
    already_submitted: bool


def _options(part: Part, order: Mapping[str, list[str]]) -> tuple[OptionView, ...]:
    texts = {o.id: o.text for o in part.options}
    ids = order.get(part.id, list(part.option_ids))
    return tuple(OptionView(i, texts[i]) for i in ids if i in texts)


def _letters_seen(part: Part, order: Mapping[str, list[str]]) -> dict[str, str]:
    return letter_map(part.option_ids, order.get(part.id, part.option_ids))


def feedback_for(item: AttemptItem, content: Content, rules: ScoringRules,
                 resolver: ArticleResolver, record: GradingRecord | None = None) -> Feedback:
    """Explanations name options in the person's own lettering (quizzes.lettering); a
    case's own explanation does when it has one choice sub-question to refer to.
    `record`: what grading left on the attempt (quizzes.regrade.grading_record)."""
    grade = grade_answer(content, item.answer, rules)
    order = item.option_order or {}
    written = tuple(_written(p, item.question_id, record, rules)
                    for p in content.gradable_parts() if p.is_written)
    given = {w.part_id: w.points or 0.0 for w in written}
    parts = ()
    if content.qtype == CASE:
        parts = tuple(PartFeedback(p.id, given.get(p.id, grade.parts[p.id]), rules.part_points(p), p.answer,
                                   reletter(p.explanation, _letters_seen(p, order))) for p in content.parts)
    choices = [p for p in content.gradable_parts() if p.qtype in CHOICE_TYPES]
    explanation = (reletter(content.explanation, _letters_seen(choices[0], order)) if len(choices) == 1
                   else content.explanation)
    score = round(grade.score + sum(given.values()), 2)
    return Feedback(item.question_id, score, grade.max_score, score >= grade.max_score - 1e-9,
                    content.answer_key(), explanation,
                    tuple(resolver.describe(content.articles)), parts, written)


def _written(part: Part, question_id: int, record: GradingRecord | None, rules: ScoringRules) -> WrittenFeedback:
    key, at = part.written_key, (question_id, part.id)
    marks = record.marks.get(at) if record else None
    given = marks.rubric if marks else {}
    regrade = record.regrades.get(at) if record else None
    until = record.regrade_until if record and marks and regrade is None else None
    return WrittenFeedback(part.id, marks.points if marks else None, rules.part_points(part),
                           key.reference, tuple((p, given.get(p.id)) for p in key.rubric),
                           marks.comment if marks else "", record.exemplary.get(at, ()) if record else (),
                           regrade, until)


def build_view(attempt: Attempt, round_: Round, contents: Mapping[int, Content], now: dt.datetime,
               resolver: ArticleResolver, withheld: frozenset[int] = frozenset(),
               record: GradingRecord | None = None) -> AttemptView:
    """`withheld`: questions whose keys are under embargo (no feedback for them); `record`:
    what grading left on its written answers."""
    rules = ScoringRules.from_json(round_.scoring)
    visible = answers_visible(round_) and attempt.status != IN_PROGRESS
    questions = tuple(_question(item, contents[item.revision_id], rules, resolver,
                                visible or (round_.practice_mode and item.checked),
                                item.question_id in withheld, record)
                      for item in attempt.items)
    deadline = from_db(attempt.deadline_at)
    left = None
    if deadline is not None and attempt.status == IN_PROGRESS:
        left = max(0, int((deadline - now).total_seconds()))
    return AttemptView(attempt.id, round_.id, round_.title, attempt.number, attempt.status,
                       round_.practice_mode, from_db(attempt.started_at), deadline, left,
                       from_db(attempt.submitted_at), attempt.submit_kind, attempt.score,
                       attempt.max_score, visible, questions, round_.kind, attempt.ungraded)


def _question(item: AttemptItem, content: Content, rules: ScoringRules, resolver: ArticleResolver,
              show_feedback: bool, withheld: bool, record: GradingRecord | None) -> QuestionView:
    order = item.option_order or {}
    parts = tuple(PartView(p.id, p.qtype, TYPE_NAMES[p.qtype], p.stem, _options(p, order),
                           rules.part_points(p), p.blank_count) for p in content.parts)
    body = content.body if content.qtype != CASE else None
    return QuestionView(item.question_id, item.position, content.qtype, TYPE_NAMES[content.qtype],
                        content.stem, _options(body, order) if body else (), parts,
                        item.max_score, body.blank_count if body else 0, item.answer, item.checked,
                        feedback_for(item, content, rules, resolver, record) if show_feedback and not withheld else None,
                        withheld, answer_state(content, item.answer), item.flagged, bool(item.named_exemplary))
