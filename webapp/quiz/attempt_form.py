"""An attempt page's form → the answers to save.  With script each answer is autosaved
as it is given; without it (or for what the last autosave could not send) the whole
form is posted with 保存/交卷/查看解析, and only what the person changed on this page is
saved: each question carries the answer it was shown with (`seen_q<id>`), so a page left
open in a second tab never overwrites newer answers with older ones.

Field names: q<question id> for a question, q<question id>_<part id> for a 案例分析题's
sub-question; several inputs of one name for 多选题 and for the blanks of a 填空题.
"""
from __future__ import annotations

import json
from typing import Any

from werkzeug.datastructures import MultiDict

from quizzes.attempt_view import AttemptView, PartView, QuestionView
from quizzes.content import CASE, FILL, MULTIPLE, TRUE_FALSE

MAX_TEXT = 2000


def field_name(question: QuestionView, part: PartView | None = None) -> str:
    return f"q{question.question_id}_{part.id}" if part else f"q{question.question_id}"


def read_field(form: MultiDict, name: str, qtype: str) -> Any:
    """One question's (or sub-question's) answer as the API takes it; None: unanswered."""
    if qtype == MULTIPLE:
        return [v for v in form.getlist(name) if v] or None
    if qtype == FILL:
        blanks = [v[:MAX_TEXT] for v in form.getlist(name)]
        return blanks if any(b.strip() for b in blanks) else None
    value = form.get(name) or None
    if qtype == TRUE_FALSE and value is not None:
        return {"true": True, "false": False}.get(value, value)
    return value


def _same(left: Any, right: Any) -> bool:
    if isinstance(left, list) and isinstance(right, list):
        return sorted(map(str, left)) == sorted(map(str, right))
    return left == right


def _seen(form: MultiDict, question: QuestionView) -> Any:
    try:
        return json.loads(form.get(f"seen_q{question.question_id}") or "null")
    except ValueError:
        return None


def changed_answers(view: AttemptView, form: MultiDict) -> dict[int, Any]:
    """question id → answer, for the questions whose form value differs from what the
    page showed (a 案例分析题's value holds only its changed sub-questions)."""
    changes: dict[int, Any] = {}
    for question in view.questions:
        if question.checked or f"seen_q{question.question_id}" not in form:
            continue
        seen = _seen(form, question)
        if question.qtype == CASE:
            seen = seen if isinstance(seen, dict) else {}
            parts = {p.id: read_field(form, field_name(question, p), p.qtype) for p in question.parts}
            changed = {pid: value for pid, value in parts.items() if not _same(value, seen.get(pid))}
            if changed:
                changes[question.question_id] = changed
        else:
            value = read_field(form, field_name(question), question.qtype)
            if not _same(value, seen):
                changes[question.question_id] = value
    return changes


def seen_value(question: QuestionView) -> str:
    """What `seen_q<id>` carries: the stored answer as JSON."""
    return json.dumps(question.answer, ensure_ascii=False)
