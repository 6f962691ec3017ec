"""Template helpers of the quiz pages: Markdown with the statute references linked,
answers written the way people read them (option letters in the person's own order,
正确/错误, the blanks), and times for <input type="datetime-local">.

Registered on the app by `init_app` (from webapp/blueprints.py, with the quiz blueprints).
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Sequence

from flask import Flask
from markupsafe import Markup

from core.clock import to_local
from quizzes.question_text import render_question_text
from quizzes.content import (CASE, DIFFICULTY_NAMES, FILL, MULTIPLE, SINGLE, TRUE_FALSE, TYPE_NAMES,
                             WRITTEN_TYPES)
from quizzes.scoring import MAX_WRITTEN_ANSWER
from webapp.quiz.attempt_form import field_name, seen_value
from webapp.extensions import services
from webapp.common.links import article_url

LETTERS = "ABCDEFGHIJ"
NOT_ANSWERED = "未作答"


def cited(text: str | None) -> Markup:
    """A question's text (quizzes.question_text: blanks and line breaks kept) → safe HTML
    with every statute reference linked (explanations, stems once answers are out)."""
    if not text:
        return Markup("")
    return Markup(render_question_text(text, linker=services().linker, link_for=article_url).html)


def markdown(text: str | None) -> Markup:
    """A question's text → safe HTML without links (stems while an attempt is running: a
    link to the very article a 填空题 blanks out would give its answer away)."""
    return Markup(render_question_text(text).html) if text else Markup("")


def letter_of(options: Sequence, option_id: str) -> str:
    ids = [o.id for o in options]
    return LETTERS[ids.index(option_id)] if option_id in ids else "?"


def answer_text(qtype: str, options: Sequence, answer: Any) -> str:
    """A person's answer or an answer key as text: B / A、C / 正确 / 三日；十日."""
    if answer is None or answer == [] or answer == "":
        return NOT_ANSWERED
    if qtype == SINGLE:
        return letter_of(options, answer)
    if qtype == MULTIPLE:
        return "、".join(sorted(letter_of(options, a) for a in answer))
    if qtype == TRUE_FALSE:
        return "正确" if answer else "错误"
    if qtype == FILL:
        blanks = [answer] if isinstance(answer, str) else answer
        return "；".join("／".join(b) if isinstance(b, list) else (b or "（空）") for b in blanks)
    return ""


def article_texts(refs) -> str:
    """A rubric point's expected articles as 《审计法》第四十二条；…"""
    return "；".join(c.text for c in services().bank.resolver.describe(refs)) or "—"


def local_input(value: dt.datetime | None) -> str:
    """An aware datetime as the value of <input type="datetime-local"> in Beijing time."""
    return to_local(value).strftime("%Y-%m-%dT%H:%M") if value else ""


def percent(value: float | None, digits: int = 0) -> str:
    """0.625 → 63%"""
    return "—" if value is None else f"{100 * value:.{digits}f}%"


def number(value: float | None) -> str:
    """2.0 → 2, 1.5 → 1.5"""
    return "—" if value is None else f"{value:g}"


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(cited=cited, markdown=markdown, local_input=local_input,
                                 percent=percent, number=number, article_texts=article_texts)
    app.jinja_env.globals.update(answer_text=answer_text, letter_of=letter_of, LETTERS=LETTERS,
                                 TYPE_NAMES=TYPE_NAMES, DIFFICULTY_NAMES=DIFFICULTY_NAMES,
                                 CASE=CASE, field_name=field_name, seen_value=seen_value,
                                 WRITTEN_TYPES=WRITTEN_TYPES, MAX_WRITTEN_ANSWER=MAX_WRITTEN_ANSWER)
