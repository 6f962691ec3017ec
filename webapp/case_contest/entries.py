"""Submitting a case to a contest: the case editor (its fields, live preview and citation
check) with co-authors, the entry's page, withdrawing and resubmitting.  The domain
decides the window, duplicates and who may see an entry."""
from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for

from core.errors import KbError
from kb.cases.values import case_template
from kb.library import parse_date_arg
from webapp.cases.forms import CasePreviewForm
from webapp.case_contest.forms import EntryForm
from webapp.common.forms import ActionForm
from webapp.common.links import article_url, citation_json
from webapp.errors import status_of
from webapp.extensions import services
from webapp.security import current_actor

bp = Blueprint("entries", __name__)


@bp.route("/<int:contest_id>/entries/new", methods=["GET", "POST"])
def create(contest_id: int):
    kb = services()
    contest = kb.case_contests.get_contest(current_actor(), contest_id)
    form = EntryForm() if request.method == "POST" else EntryForm(body=case_template())
    if not form.validate_on_submit():
        return render_editor(form, contest, None, 400 if form.is_submitted() else 200)
    try:
        entry = kb.contest_entries.submit(current_actor(), contest_id, form.to_entry())
    except KbError as error:
        form.form_errors.append(str(error))
        return render_editor(form, contest, None, status_of(error))
    flash("案例已提交参评。截止前可以撤回、修改后重新提交。", "success")
    return redirect(url_for(".show", entry_id=entry.id))


@bp.route("/entries/<int:entry_id>/edit", methods=["GET", "POST"])
def edit(entry_id: int):
    kb, actor = services(), current_actor()
    entry = kb.contest_entries.get_entry(actor, entry_id)
    contest = kb.case_contests.get_contest(actor, entry.contest_id)
    if request.method == "GET":
        return render_editor(EntryForm(data=EntryForm.entry_data(entry)), contest, entry, 200)
    form = EntryForm()
    if not form.validate_on_submit():
        return render_editor(form, contest, entry, 400)
    try:
        kb.contest_entries.update(actor, entry_id, form.to_entry())
    except KbError as error:
        form.form_errors.append(str(error))
        return render_editor(form, contest, entry, status_of(error))
    flash("修改已保存（尚未提交）。确认无误后请点击“重新提交”。", "success")
    return redirect(url_for(".show", entry_id=entry_id))


def render_editor(form: EntryForm, contest, entry, status: int):
    form.set_audit_types([t.name for t in services().audit_types.list_types()])
    return render_template("case_contest/entry_edit.html", form=form, contest=contest,
                           entry=entry), status


@bp.get("/entries/<int:entry_id>")
def show(entry_id: int):
    kb, actor = services(), current_actor()
    entry = kb.contest_entries.get_entry(actor, entry_id)
    rendered = kb.contest_entries.preview(actor, entry.case.body, entry.case.case_date, article_url)
    return render_template("case_contest/entry.html", entry=entry, rendered=rendered,
                           contest=kb.case_contests.get_contest(actor, entry.contest_id),
                           check=kb.contest_entries.check(entry.case.body, entry.case.case_date),
                           form=ActionForm())


@bp.post("/entries/<int:entry_id>/withdraw")
def withdraw(entry_id: int):
    ActionForm().checked()
    services().contest_entries.withdraw(current_actor(), entry_id)
    flash("案例已撤回，不再参评。截止前可以修改后重新提交。", "success")
    return redirect(url_for(".show", entry_id=entry_id))


@bp.post("/entries/<int:entry_id>/resubmit")
def resubmit(entry_id: int):
    ActionForm().checked()
    services().contest_entries.resubmit(current_actor(), entry_id)
    flash("案例已重新提交参评。", "success")
    return redirect(url_for(".show", entry_id=entry_id))


@bp.post("/entries/preview")
def preview():
    """The entry editor's live preview, for any signed-in author."""
    form = CasePreviewForm().checked()
    on = parse_date_arg(form.case_date.data or "")
    rendered = services().contest_entries.preview(current_actor(), form.body.data or "", on,
                                                  article_url)
    return jsonify(html=rendered.html, citations=[citation_json(c) for c in rendered.citations],
                   unresolved=len(rendered.unresolved))
