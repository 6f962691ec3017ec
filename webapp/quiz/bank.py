"""题库 for trainers: the list with filters and batch review/publish/return/archive, one
question with its revisions and 纠错 reports, and the editor for every type (with a
server-rendered preview, so it works without script).  Import/export, generation and
纠错 handling are child blueprints (transfer, generate, reports).
"""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from accounts.user import ROLE_TRAINER
from core.errors import KbError
from quizzes.bank import STATUS_NAMES
from quizzes.content import MAX_PARTS, TYPE_NAMES, TYPES
from webapp.errors import status_of
from webapp.extensions import services
from webapp.common.params import text_arg
from webapp.quiz.forms import BATCH, BatchForm
from webapp.quiz.http import bank_filter
from webapp.quiz.question_form import ADD_PART, QuestionForm, question_form_data
from webapp.quiz.ui import article_texts
from webapp.security import current_actor
from webapp.quiz import generate, reports, transfer

bp = Blueprint("bank", __name__, url_prefix="/bank")
bp.access = ROLE_TRAINER
for child in (transfer.bp, generate.bp, reports.bp):
    bp.register_blueprint(child)

ORIGIN_NAMES = {"manual": "手工录入", "imported": "导入", "generated": "自动生成", "sample": "样例"}


@bp.get("")
def index():
    quiz, actor = services(), current_actor()
    where = bank_filter()
    return render_template("quiz/bank/index.html", page=quiz.bank.list_questions(actor, where),
                           where=where, facets=quiz.bank.facets(actor), statuses=STATUS_NAMES,
                           origins=ORIGIN_NAMES, batch=BATCH)


@bp.post("/batch")
def batch():
    form = BatchForm().checked()
    label, method = BATCH[form.action.data]
    result = getattr(services().bank, method)(current_actor(), form.ids.data)
    if result.done:
        flash(f"已{label} {len(result.done)} 道试题。", "success")
    for question_id, reason in result.refused[:10]:
        flash(f"试题 {question_id} 未能{label}：{reason}", "warning")
    return redirect(form.next_url("bank.index"))


@bp.get("/<int:question_id>")
def show(question_id: int):
    quiz, actor = services(), current_actor()
    return render_template("quiz/bank/show.html", q=quiz.bank.get_question(actor, question_id),
                           revisions=quiz.bank.revisions(actor, question_id),
                           reports=quiz.question_reports.list_reports(actor, None, question_id),
                           origins=ORIGIN_NAMES)


def render_editor(form: QuestionForm, question=None, error: str | None = None, preview=None,
                  status: int = 200):
    return render_template("quiz/bank/edit.html", form=form, question=question, error=error,
                           preview=preview, slots=form.part_slots(), max_parts=MAX_PARTS,
                           types=TYPE_NAMES), status


def editor_response(question=None):
    """Preview (validated, nothing stored) or save; errors re-show the form as typed."""
    form = QuestionForm()
    data = form.question_data()
    bank, actor = services().bank, current_actor()
    try:
        if form.action.data == ADD_PART:
            return render_editor(form, question)
        if form.action.data == "preview":
            return render_editor(form, question, preview=bank.parse(data))
        if question is None:
            saved = bank.create_question(actor, data)
        else:
            saved = bank.update_question(actor, question.id, data, form.note.data)
    except KbError as error:
        return render_editor(form, question, str(error), status=status_of(error))
    flash(f"试题 {saved.id} 已保存为第 {saved.revision_no} 版（草稿），审核发布后方可用于练兵。", "success")
    return redirect(url_for(".show", question_id=saved.id))


@bp.route("/new", methods=["GET", "POST"])
def create():
    if request.method == "POST":
        return editor_response()
    qtype = text_arg("type", 20)
    return render_editor(QuestionForm(data={"type": qtype if qtype in TYPES else "single", "difficulty": "3"}))


@bp.route("/<int:question_id>/edit", methods=["GET", "POST"])
def edit(question_id: int):
    question = services().bank.get_question(current_actor(), question_id)
    if request.method == "POST":
        return editor_response(question)
    articles = "；".join(c.text for c in question.citations)
    data = question_form_data(question.content, articles, article_texts)
    return render_editor(QuestionForm(data=data), question)
