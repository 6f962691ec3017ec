"""轮次管理 for trainers: all rounds with their state, composing a round (settings, then a
paper composed by a policy — previewed first — or picked from the bank on the draft's
page), editing it while nobody has started, and the manual controls: publish, open now,
close, cancel with a reason, extend one person's deadline.  Each control's notices go
out at once: the domain runs the push's announce pass after it (quizzes.services).
"""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from accounts.user import ROLE_TRAINER
from core.errors import InvalidInput, KbError
from quizzes.bank import PUBLISHED, QuestionFilter
from quizzes.round_spec import STATUS_NAMES
from webapp.errors import status_of
from webapp.extensions import services
from webapp.common.assets import local_time
from webapp.common.params import int_arg, text_arg
from webapp.quiz.http import choice_arg
from webapp.rounds.forms import CancelForm, ExtendForm, PaperForm
from webapp.rounds.results import render_results
from webapp.rounds.round_form import RoundForm, new_round_data, round_data_of
from webapp.security import current_actor

bp = Blueprint("round_admin", __name__, url_prefix="/rounds")
bp.access = ROLE_TRAINER
PICKER_PAGE = 30


def to_round(round_id: int, message: str):
    flash(message, "success")
    return redirect(url_for("rounds.show", round_id=round_id))


@bp.get("/manage")
def manage():
    status = choice_arg("status", STATUS_NAMES)
    rounds = services().rounds.list_rounds(current_actor(), status)
    return render_template("quiz/rounds/manage.html", rounds=rounds, status=status, statuses=STATUS_NAMES)


def render_form(form: RoundForm, detail=None, error=None, preview=None, status: int = 200):
    quiz, actor = services(), current_actor()
    return render_template("quiz/rounds/form.html", form=form, detail=detail, error=error,
                           preview=preview, departments=services().departments.list(),
                           facets=quiz.bank.facets(actor)), status


def composition_preview(form: RoundForm) -> dict:
    """The paper a policy would pick now, with its stems (nothing stored); the form keeps
    the policy's seed, so creating the round picks the same paper."""
    quiz, actor = services(), current_actor()
    composition = quiz.rounds.preview_composition(actor, form.policy(), form.department_key())
    found = quiz.bank.list_questions(actor, QuestionFilter(ids=tuple(composition.question_ids), page_size=200))
    by_id = {q.id: q for q in found.items}
    return {"questions": [by_id[i] for i in composition.question_ids if i in by_id],
            "reasons": composition.reasons, "warnings": composition.warnings}


@bp.route("/new", methods=["GET", "POST"])
def create():
    if request.method == "GET":
        return render_form(RoundForm(data=new_round_data(services().clock.now())))
    form = RoundForm()
    try:
        if form.checked().is_preview:
            return render_form(form, preview=composition_preview(form))
        detail = services().rounds.create_round(current_actor(), form.spec())
    except KbError as error:
        return render_form(form, error=str(error), status=status_of(error))
    flash("轮次已保存为草稿：核对试题后发布，参加人员即可看到。", "success")
    return redirect(url_for("rounds.show", round_id=detail.summary.id))


@bp.route("/<int:round_id>/edit", methods=["GET", "POST"])
def edit(round_id: int):
    quiz, actor = services(), current_actor()
    detail = quiz.rounds.get_round(actor, round_id)
    if request.method == "GET":
        return render_form(RoundForm(data=round_data_of(detail)), detail)
    form = RoundForm()
    try:
        if form.checked().is_preview:
            return render_form(form, detail, preview=composition_preview(form))
        quiz.rounds.update_round(actor, round_id, form.spec(), keep_questions=not form.is_policy)
    except KbError as error:
        return render_form(form, detail, str(error), status=status_of(error))
    return to_round(round_id, "轮次设置已保存。")


@bp.get("/<int:round_id>/questions")
def questions(round_id: int):
    quiz, actor = services(), current_actor()
    detail = quiz.rounds.get_round(actor, round_id)
    where = QuestionFilter(status=PUBLISHED, qtype=text_arg("type", 20) or None, tag=text_arg("tag", 30) or None,
                           statute_id=int_arg("statute"), text=text_arg("q") or None,
                           page=int_arg("page", 1), page_size=PICKER_PAGE)
    return render_template("quiz/rounds/questions.html", detail=detail, where=where,
                           page=quiz.bank.list_questions(actor, where), facets=quiz.bank.facets(actor),
                           chosen={q.question_id for q in detail.questions})


def new_paper(form: PaperForm, current: list[int]) -> list[int]:
    """The paper after the posted change: add the ticked questions, remove, move up/down."""
    action, target = form.action.data, form.question.data
    if action == "add":
        return current + [i for i in dict.fromkeys(form.ids.data) if i not in current]
    if target not in current:
        raise InvalidInput("请选择要调整的试题")
    index = current.index(target)
    if action == "remove":
        return current[:index] + current[index + 1:]
    swap = index - 1 if action == "up" else index + 1
    if not 0 <= swap < len(current):
        return current
    current[index], current[swap] = current[swap], current[index]
    return current


@bp.post("/<int:round_id>/questions")
def set_questions(round_id: int):
    rounds, actor, form = services().rounds, current_actor(), PaperForm().checked()
    current = [q.question_id for q in rounds.get_round(actor, round_id).questions]
    detail = rounds.set_questions(actor, round_id, tuple(new_paper(form, current)))
    flash(f"试卷已更新：共 {len(detail.questions)} 题，满分 {detail.summary.max_score:g} 分。", "success")
    if form.action.data == "add":
        return redirect(form.next_url("rounds.index"))
    return redirect(url_for("rounds.show", round_id=round_id, _anchor="paper"))


@bp.post("/<int:round_id>/publish")
def publish(round_id: int):
    transition = services().lifecycle.publish_round(current_actor(), round_id)
    return to_round(round_id, "轮次已发布并开始，已通知参加人员。" if transition.new_status == "open"
                    else "轮次已发布，将在开始时间自动开始并通知参加人员。")


@bp.post("/<int:round_id>/open")
def open_now(round_id: int):
    services().lifecycle.open_round_now(current_actor(), round_id)
    return to_round(round_id, "轮次已立即开始，已通知参加人员。")


@bp.post("/<int:round_id>/close")
def close(round_id: int):
    summary = services().lifecycle.close_round(current_actor(), round_id)
    return to_round(round_id, f"轮次已结束：{summary.submitted} 份答卷已评分（其中自动交卷 "
                              f"{summary.auto_submitted} 份），答案与专家解题已公布。")


@bp.post("/<int:round_id>/cancel")
def cancel(round_id: int):
    services().lifecycle.cancel_round(current_actor(), round_id, CancelForm().checked().reason.data or "")
    return to_round(round_id, "轮次已取消，已通知参加人员。")


@bp.post("/<int:round_id>/extend")
def extend(round_id: int):
    form = ExtendForm()
    try:
        until = services().lifecycle.extend_deadline(current_actor(), round_id, form.checked().user_id.data,
                                                     form.until())
    except InvalidInput as error:
        return render_results(round_id, form, str(error), status=400)
    flash(f"已将该人员的截止时间延长至 {local_time(until)}，并已通知本人。", "success")
    return redirect(url_for("round_results.show", round_id=round_id))
