"""An attempt page's form → the answers to save.  With script each answer is autosaved
as it is given; without it (or for what the last autosave could not send) the whole
form is posted with 保存/交卷/查看解析, and only what the person changed on this page is
saved: each question carries the answer it was shown with (`seen_q<id>`), so a page left
open in a second tab never overwrites newer answers with older ones.

Field names: q<question id> for a question, q<question id>_<part id> for a 案例分析题's
sub-question; several inputs of one name for 多选题 and for the blanks of a 填空题.  The
fields depend on the attempt, so the form class is built for each (AttemptForm.of).
"""
from __future__ import annotations

import json
from typing import Any

from wtforms import Field

from quizzes.attempt_view import AttemptView, PartView, QuestionView
from quizzes.content import CASE, FILL, MULTIPLE, TRUE_FALSE
from webapp.common.forms import Form

MAX_TEXT = 2000


def field_name(question: QuestionView, part: PartView | None = None) -> str:
    return f"q{question.question_id}_{part.id}" if part else f"q{question.question_id}"


def read_answer(values: list[str], qtype: str) -> Any:
    """One question's (or sub-question's) answer as the API takes it; None: unanswered."""
    if qtype == MULTIPLE:
        return [v for v in values if v] or None
    if qtype == FILL:
        blanks = [v[:MAX_TEXT] for v in values]
        return blanks if any(b.strip() for b in blanks) else None
    value = (values[0] if values else None) or None
    if qtype == TRUE_FALSE and value is not None:
        return {"true": True, "false": False}.get(value, value)
    return value


class AnswerField(Field):
    """The inputs of one name (q12, q12_p1) as the answer they give."""

    def __init__(self, qtype: str, **kwargs):
        super().__init__(**kwargs)
        self.qtype = qtype

    def process_formdata(self, valuelist) -> None:
        self.data = read_answer(valuelist, self.qtype)


class SeenField(Field):
    """seen_q<id>: the answer the page showed, as JSON (unreadable → None)."""

    def process_formdata(self, valuelist) -> None:
        try:
            self.data = json.loads((valuelist[0] if valuelist else None) or "null")
        except ValueError:
            self.data = None

    @property
    def is_sent(self) -> bool:
        return bool(self.raw_data)


def _same(left: Any, right: Any) -> bool:
    if isinstance(left, list) and isinstance(right, list):
        return sorted(map(str, left)) == sorted(map(str, right))
    return left == right


class AttemptForm(Form):
    """An attempt page's answers: a SeenField and the AnswerFields of every question that
    still takes answers; `of(view)` builds the class for one attempt and binds the post."""

    @classmethod
    def of(cls, view: AttemptView) -> AttemptForm:
        class PageForm(cls):
            pass
        for question in view.questions:
            if question.checked:
                continue
            setattr(PageForm, f"seen_q{question.question_id}", SeenField())
            parts = question.parts if question.qtype == CASE else (None,)
            for part in parts:
                setattr(PageForm, field_name(question, part), AnswerField(part.qtype if part else question.qtype))
        return PageForm()

    def changed_answers(self, view: AttemptView) -> dict[int, Any]:
        """question id → answer, for the questions whose form value differs from what the
        page showed (a 案例分析题's value holds only its changed sub-questions)."""
        changes: dict[int, Any] = {}
        for question in view.questions:
            seen_field = None if question.checked else self[f"seen_q{question.question_id}"]
            if seen_field is None or not seen_field.is_sent:
                continue
            seen = seen_field.data
            if question.qtype == CASE:
                seen = seen if isinstance(seen, dict) else {}
                parts = {p.id: self[field_name(question, p)].data for p in question.parts}
                changed = {pid: value for pid, value in parts.items() if not _same(value, seen.get(pid))}
                if changed:
                    changes[question.question_id] = changed
            else:
                value = self[field_name(question)].data
                if not _same(value, seen):
                    changes[question.question_id] = value
        return changes


def seen_value(question: QuestionView) -> str:
    """What `seen_q<id>` carries: the stored answer as JSON."""
    return json.dumps(question.answer, ensure_ascii=False)
