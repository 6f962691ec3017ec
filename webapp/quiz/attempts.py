"""Taking a round: the attempt page (every question, options in the person's order), the
form posts that work without script (保存, 交卷 with its confirmation page, 查看解析,
标记 — each first saves what changed on the page), and 纠错.

The page's script autosaves each answer through the API route itself (PUT
/api/v1/attempts/<id>/answers/<question>, with the session cookie and the page's CSRF
token in the X-CSRFToken header); answers, deadlines and grading are the domain's
(quizzes.attempts).
"""
from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, url_for

from accounts.user import ROLE_STAFF
from core.errors import Conflict, InvalidInput
from quizzes.grading import IN_PROGRESS
from webapp.quiz.attempt_form import AttemptForm
from webapp.errors import wants_json
from webapp.extensions import services
from webapp.quiz.forms import FlagForm, ReportForm, SubmitForm
from webapp.security import current_actor

bp = Blueprint("attempts", __name__)
bp.access = ROLE_STAFF


def back_to(attempt_id: int, question_id: int | None = None):
    anchor = f"q{question_id}" if question_id else None
    return redirect(url_for(".show", attempt_id=attempt_id, _anchor=anchor))


def save_changes(attempt_id: int) -> list[str]:
    """Save what the posted form changed; the reasons of answers that were refused.
    Raises Conflict when the attempt can take no more answers (submitted, time up)."""
    attempts, actor = services().attempts, current_actor()
    view = attempts.get_attempt(actor, attempt_id)
    if view.status != IN_PROGRESS:
        raise Conflict("本次作答已结束（已交卷或时间已到），按最后保存的答案评分，不能再修改")
    positions = {q.question_id: q.position for q in view.questions}
    problems = []
    for question_id, answer in AttemptForm.of(view).changed_answers(view).items():
        try:
            attempts.save_answer(actor, attempt_id, question_id, answer)
        except InvalidInput as error:
            problems.append(f"第 {positions[question_id]} 题未保存：{error}")
    return problems


@bp.get("/attempts/<int:attempt_id>")
def show(attempt_id: int):
    view = services().attempts.get_attempt(current_actor(), attempt_id)
    return render_template("quiz/attempt.html", view=view, report_form=ReportForm())


def save_then(attempt_id: int, then, question_id: int | None = None):
    """Save what the form changed, then `then(problems)`; back to the page (at the
    question) with the reason when the attempt takes no more answers."""
    try:
        problems = save_changes(attempt_id)
    except Conflict as error:
        flash(str(error), "warning")
        return back_to(attempt_id, question_id)
    for problem in problems:
        flash(problem, "error")
    return then(problems)


@bp.post("/attempts/<int:attempt_id>/save")
def save(attempt_id: int):
    def saved(problems):
        if not problems:
            flash("答案已保存。", "success")
        return back_to(attempt_id)
    return save_then(attempt_id, saved)


@bp.post("/attempts/<int:attempt_id>/submit")
def submit(attempt_id: int):
    """交卷: the attempt page's button (and the page's script without its own dialog) comes
    to the confirmation first; the confirmation (and the countdown) send confirmed=1."""
    confirmed = SubmitForm().checked().confirmed.data == "1"

    def submitted(problems):
        if problems:
            flash("有答案未能保存，尚未交卷：请修改后再交卷。", "warning")
            return back_to(attempt_id)
        if not confirmed:
            return redirect(url_for(".confirm_submit", attempt_id=attempt_id))
        result = services().attempts.submit(current_actor(), attempt_id)
        flash(f"已交卷，得分 {result.score:g} / {result.max_score:g}。", "success")
        return back_to(attempt_id)
    return save_then(attempt_id, submitted)


@bp.get("/attempts/<int:attempt_id>/submit")
def confirm_submit(attempt_id: int):
    """The 交卷 confirmation: what is not (fully) answered and what is flagged, by number."""
    view = services().attempts.get_attempt(current_actor(), attempt_id)
    if view.status != IN_PROGRESS:
        return back_to(attempt_id)
    return render_template("quiz/attempt_submit.html", view=view)


@bp.post("/attempts/<int:attempt_id>/flag/<int:question_id>")
def flag(attempt_id: int, question_id: int):
    """标记 without script: save what changed, then set the mark the button says."""
    flagged = FlagForm().checked().flag.data == "on"

    def marked(problems):
        services().attempts.flag(current_actor(), attempt_id, question_id, flagged)
        return back_to(attempt_id, question_id)
    return save_then(attempt_id, marked, question_id)


@bp.post("/attempts/<int:attempt_id>/check/<int:question_id>")
def check(attempt_id: int, question_id: int):
    def checked(problems):
        services().attempts.check(current_actor(), attempt_id, question_id)
        return back_to(attempt_id, question_id)
    return save_then(attempt_id, checked, question_id)


@bp.post("/questions/<int:question_id>/report")
def report(question_id: int):
    form = ReportForm().checked()
    services().question_reports.report_problem(current_actor(), question_id, form.message.data)
    if wants_json():
        return jsonify(reported=True, message="纠错已提交，出题人会收到通知。")
    flash("纠错已提交，出题人会收到通知。", "success")
    return redirect(form.next_url("rounds.index"))
