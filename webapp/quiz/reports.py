"""纠错 for trainers: reports from staff on questions they met, open ones first; each is
accepted (the fix itself is an edit of the question: a new revision) or dismissed."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template

from quizzes.reports import OPEN, STATUS_NAMES
from webapp.extensions import services
from webapp.common.params import text_arg
from webapp.quiz.forms import ResolveForm
from webapp.security import current_actor

bp = Blueprint("reports", __name__, url_prefix="/reports")


@bp.get("")
def index():
    status = text_arg("status", 20)
    status = status if status in STATUS_NAMES or status == "all" else OPEN
    reports = services().question_reports.list_reports(current_actor(), None if status == "all" else status)
    return render_template("quiz/bank/reports.html", reports=reports, status=status,
                           statuses=STATUS_NAMES, form=ResolveForm())


@bp.post("/<int:report_id>/resolve")
def resolve(report_id: int):
    form = ResolveForm().checked()
    accepted = form.decision.data == "accept"
    services().question_reports.resolve_report(current_actor(), report_id, accepted,
                                           form.resolution.data or "")
    flash(f"纠错 {report_id} 已处理：{'采纳' if accepted else '不予采纳'}。", "success")
    return redirect(form.next_url("bank.reports.index"))
