"""Admin: import statutes from a folder on the server, as a background job whose
progress lives in the database (any worker, any reload shows it); the background jobs
page (every job by state with its progress and failure reason, the queue's depth)."""
from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, url_for

from core.errors import KbError
from core.job import STATUS_NAMES
from kb.import_job import KIND_IMPORT
from kb.index_job import KIND_INDEX
from webapp.errors import status_of
from webapp.extensions import services
from webapp.common.forms import Form, StatuteImportForm
from webapp.common.params import text_arg
from webapp.security import current_actor

bp = Blueprint("imports", __name__)


def render_form(form: StatuteImportForm, status: int = 200, index_errors: list[str] = ()):
    kb = services()
    return render_template("admin/imports.html", form=form, jobs=kb.jobs.recent(KIND_IMPORT),
                           empty=kb.catalogue.is_empty(), indexed=kb.search.is_built(),
                           index_jobs=kb.jobs.recent(KIND_INDEX, limit=3),
                           index_form=Form(), index_errors=index_errors), status


@bp.route("/library/import", methods=["GET", "POST"])
def index():
    form = StatuteImportForm(path=str(services().settings.corpus_path))
    if not form.validate_on_submit():
        return render_form(form, 400 if form.is_submitted() else 200)
    try:
        job = services().background.start_import(current_actor(), form.path.data)
    except KbError as error:
        form.form_errors.append(str(error))
        return render_form(form, status_of(error))
    return redirect(url_for(".job", job_id=job.id))


@bp.post("/library/index")
def rebuild_index():
    try:
        job = services().runner.start_index(current_actor())
    except KbError as error:
        form = StatuteImportForm(path=str(services().settings.corpus_path))
        return render_form(form, status_of(error), [str(error)])
    return redirect(url_for(".job", job_id=job.id))


@bp.get("/jobs")
def jobs():
    overview = services().background.overview(text_arg("status", 20) or None)
    return render_template("admin/jobs.html", overview=overview, statuses=STATUS_NAMES)


@bp.get("/jobs/<int:job_id>")
def job(job_id: int):
    return render_template("admin/job.html", job=services().jobs.get(job_id))


@bp.get("/jobs/<int:job_id>/status")
def job_status(job_id: int):
    return jsonify(services().jobs.get(job_id).to_json())
