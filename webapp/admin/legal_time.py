"""Admin: correct a statute's legal time — a version's 公布/施行 dates, the statute's repeal
(kb.legal_time.corrections checks, logs and keeps them through re-imports)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from core.errors import KbError
from kb.library import parse_date_arg
from webapp.errors import status_of
from webapp.extensions import services
from webapp.common.forms import LegalTimeDatesForm, RepealForm
from webapp.security import current_actor

bp = Blueprint("legal_time", __name__, url_prefix="/laws")


def render_page(statute_id: int, dates: LegalTimeDatesForm, repeal: RepealForm, status: int = 200):
    kb = services()
    versions = kb.library.versions(statute_id)
    dates.version.choices = [(v.id, v.label) for v in reversed(versions)]
    return render_template("admin/legal_time.html", statute=kb.library.get_statute(statute_id),
                           versions=versions, dates=dates, repeal=repeal,
                           history=kb.legal_time.history(statute_id)), status


@bp.get("/<int:statute_id>/legal-time")
def index(statute_id: int):
    return render_page(statute_id, LegalTimeDatesForm(), RepealForm())


@bp.post("/<int:statute_id>/legal-time/dates")
def dates(statute_id: int):
    form = LegalTimeDatesForm()
    if not form.validate_on_submit():
        return render_page(statute_id, form, RepealForm(), 400)
    try:
        services().legal_time.correct_dates(
            current_actor(), statute_id, form.version.data or 0,
            parse_date_arg(form.promulgated.data), parse_date_arg(form.effective.data),
            form.note.data or "")
    except KbError as error:
        form.form_errors.append(str(error))
        return render_page(statute_id, form, RepealForm(), status_of(error))
    flash("日期已更正，并记入审计日志。", "success")
    return redirect(url_for(".index", statute_id=statute_id))


@bp.post("/<int:statute_id>/legal-time/repeal")
def repeal(statute_id: int):
    form = RepealForm()
    if not form.validate_on_submit():
        return render_page(statute_id, LegalTimeDatesForm(), form, 400)
    try:
        services().legal_time.correct_repeal(
            current_actor(), statute_id, parse_date_arg(form.repealed_on.data),
            form.by_title.data or "", form.note.data or "")
    except KbError as error:
        form.form_errors.append(str(error))
        return render_page(statute_id, LegalTimeDatesForm(), form, status_of(error))
    flash("废止信息已更正，并记入审计日志。", "success")
    return redirect(url_for(".index", statute_id=statute_id))
