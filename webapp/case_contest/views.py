"""The contests: the list, a contest's page (its rules, my entries, the judges' progress,
the results and awards for trainers, the winners once published), opening and editing a
contest, setting awards, publishing, and the results sheet and 案例汇编 downloads."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from accounts.user import ROLE_STAFF, ROLE_TRAINER
from core.errors import KbError
from webapp.case_contest import entries, judging
from webapp.case_contest.forms import AwardsForm, ContestForm
from webapp.common.forms import ActionForm
from webapp.errors import status_of
from webapp.extensions import services
from webapp.quiz.http import XLSX, download
from webapp.security import access, current_actor

bp = Blueprint("case_contests", __name__, url_prefix="/contests")
bp.access = ROLE_STAFF
for child in (entries.bp, judging.bp):
    bp.register_blueprint(child)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.get("")
def index():
    contests = services().case_contests.list_contests(current_actor())
    return render_template("case_contest/index.html", contests=contests)


@bp.get("/<int:contest_id>")
def show(contest_id: int):
    kb, actor = services(), current_actor()
    contest = kb.case_contests.get_contest(actor, contest_id)
    results = kb.case_contests.visible_results(actor, contest_id)
    awards = AwardsForm.of([s.entry_id for s in results.standings]) if contest.is_manager else None
    return render_template("case_contest/show.html", contest=contest, c=contest.summary,
                           mine=kb.contest_entries.my_entries(actor, contest_id),
                           results=results, awards=awards, form=ActionForm())


@bp.route("/new", methods=["GET", "POST"])
@access(ROLE_TRAINER)
def create():
    form = ContestForm()
    if not form.validate_on_submit():
        return render_form(form, None, 400 if form.is_submitted() else 200)
    try:
        contest_id = services().case_contests.open_contest(current_actor(), form.to_input())
    except KbError as error:
        form.form_errors.append(str(error))
        return render_form(form, None, status_of(error))
    flash("案例评比已发起。", "success")
    return redirect(url_for(".show", contest_id=contest_id))


@bp.route("/<int:contest_id>/edit", methods=["GET", "POST"])
@access(ROLE_TRAINER)
def edit(contest_id: int):
    kb, actor = services(), current_actor()
    if request.method == "GET":
        form = ContestForm(data=ContestForm.data_of(kb.case_contests.settings_of(actor, contest_id)))
        return render_form(form, contest_id, 200)
    form = ContestForm()
    if not form.validate_on_submit():
        return render_form(form, contest_id, 400)
    try:
        kb.case_contests.update_contest(actor, contest_id, form.to_input())
    except KbError as error:
        form.form_errors.append(str(error))
        return render_form(form, contest_id, status_of(error))
    flash("评比设置已保存。", "success")
    return redirect(url_for(".show", contest_id=contest_id))


def render_form(form: ContestForm, contest_id: int | None, status: int):
    return render_template("case_contest/contest_form.html", form=form,
                           contest_id=contest_id), status


@bp.post("/<int:contest_id>/awards")
@access(ROLE_TRAINER)
def awards(contest_id: int):
    kb, actor = services(), current_actor()
    ids = [s.entry_id for s in kb.case_contests.results(actor, contest_id).standings]
    form = AwardsForm.of(ids).checked()
    kb.case_contests.set_awards(actor, contest_id, form.awards(ids))
    flash("奖项已保存。公布结果后，获奖案例将加入案例库。", "success")
    return redirect(url_for(".show", contest_id=contest_id))


@bp.post("/<int:contest_id>/publish")
@access(ROLE_TRAINER)
def publish(contest_id: int):
    ActionForm().checked()
    cases = services().case_contests.publish(current_actor(), contest_id)
    flash(f"评比结果已公布，{len(cases)} 个获奖案例已作为“优秀案例”加入案例库。", "success")
    return redirect(url_for(".show", contest_id=contest_id))


@bp.get("/<int:contest_id>/results.xlsx")
@access(ROLE_TRAINER)
def results_sheet(contest_id: int):
    data = services().contest_documents.results_workbook(current_actor(), contest_id)
    return download(data, f"案例评比成绩-{contest_id}.xlsx", XLSX)


@bp.get("/<int:contest_id>/compilation.docx")
@access(ROLE_TRAINER)
def compilation_docx(contest_id: int):
    data = services().contest_documents.compilation_docx(current_actor(), contest_id)
    return download(data, f"优秀案例汇编-{contest_id}.docx", DOCX)


@bp.get("/<int:contest_id>/compilation")
@access(ROLE_TRAINER)
def compilation(contest_id: int):
    compiled = services().contest_documents.compilation(current_actor(), contest_id)
    return render_template("case_contest/compilation.html", compiled=compiled,
                           contest_id=contest_id)
