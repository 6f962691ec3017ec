"""申请复核 pages: staff file a request (and choose whether a 示范答案 of theirs shows their
name) from their result page; graders see the 复核申请 queue with who may take each request,
and decide one beside the original grade and the reason."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from accounts.user import ROLE_STAFF
from core.errors import Conflict, InvalidInput, KbError
from quizzes.regrade import RegradeCase
from webapp.errors import status_of
from webapp.extensions import services
from webapp.marking.forms import DecisionForm, NamedForm, RegradeRequestForm, point_field
from webapp.marking.views import raise_form_errors
from webapp.security import current_actor

bp = Blueprint("regrade", __name__)
# Staff file requests; who may decide is the domain's to say (403 for the rest).
bp.access = ROLE_STAFF


@bp.post("/attempts/<int:attempt_id>/answers/<int:question_id>/regrade")
def request_regrade(attempt_id: int, question_id: int):
    form = RegradeRequestForm()
    try:
        services().regrades.request(current_actor(), attempt_id, question_id, form.part_id.data or "",
                                    form.reason.data or "")
        flash("已提交复核申请，将由另一位阅卷人复核，结果会通知您。", "success")
    except (InvalidInput, Conflict) as error:
        flash(f"未提交复核申请：{error}", "error")
    return redirect(url_for("attempts.show", attempt_id=attempt_id, _anchor=f"q{question_id}"))


@bp.post("/attempts/<int:attempt_id>/answers/<int:question_id>/named")
def set_named(attempt_id: int, question_id: int):
    named = bool(NamedForm().named.data)
    services().exemplary_consent.set_named(current_actor(), attempt_id, question_id, named)
    flash("已同意：这道题的答案如被选作示范答案，将署名展示。" if named
          else "已设为匿名：这道题的答案如被选作示范答案，将匿名展示。", "success")
    return redirect(url_for("attempts.show", attempt_id=attempt_id, _anchor=f"q{question_id}"))


@bp.get("/rounds/grading/regrades")
def index():
    return render_template("marking/regrades.html", tickets=services().regrades.queue(current_actor()))


@bp.get("/rounds/grading/regrades/<int:request_id>")
def show(request_id: int):
    case = services().regrades.get(current_actor(), request_id)
    return render_case(case)


@bp.post("/rounds/grading/regrades/<int:request_id>")
def decide(request_id: int):
    quiz, actor = services(), current_actor()
    case = quiz.regrades.get(actor, request_id)
    form = DecisionForm.of(case.key)
    try:
        if not form.validate():
            raise_form_errors(form)
        state = quiz.regrades.decide(actor, request_id, form.marks(case.key))
    except KbError as error:
        return render_case(case, form, str(error), status_of(error))
    flash(f"复核已处理：{state.status_name}（{state.points:g} 分），已通知申请人。", "success")
    return redirect(url_for(".index"))


def render_case(case: RegradeCase, form: DecisionForm | None = None, error: str | None = None, status: int = 200):
    if form is None:
        data = {point_field(p.id): case.marks.rubric.get(p.id) for p in case.key.rubric}
        form = DecisionForm.of(case.key, data=data)
    return render_template("marking/regrade.html", case=case, form=form, error=error,
                           point_field=point_field), status
