"""Cases as files: a bureau exports its cases (one zip of Markdown files with a metadata
header, or one case as a .md file) and another imports them; a case is known by its uid,
so importing the same files twice never makes duplicates.  The report names every file
that was skipped and why."""
from __future__ import annotations

import io
import tempfile
from pathlib import Path

from flask import Blueprint, render_template, send_file

from accounts.user import ROLE_STAFF, ROLE_TRAINER
from kb.cases.casefile import format_case_file
from kb.cases.transfer import export_name
from core.errors import KbError
from webapp.cases.forms import CaseImportForm
from webapp.errors import status_of
from webapp.extensions import services
from webapp.common.params import text_arg
from webapp.security import access, current_actor
from webapp.common.uploads import upload_name

bp = Blueprint("files", __name__)
bp.access = ROLE_TRAINER


@bp.route("/import", methods=["GET", "POST"])
def import_files():
    form = CaseImportForm()
    if not form.validate_on_submit():
        return render_template("cases/import.html", form=form), 400 if form.is_submitted() else 200
    upload = form.archive.data
    with tempfile.TemporaryDirectory(prefix="case-import-") as folder:
        path = Path(folder) / upload_name(upload.filename, "upload.md")
        upload.save(path)
        try:
            report = services().case_transfer.import_path(current_actor(), path,
                                                        update_existing=form.update_existing.data)
        except KbError as error:
            form.form_errors.append(str(error))
            return render_template("cases/import.html", form=form), status_of(error)
    return render_template("cases/import.html", form=CaseImportForm(formdata=None), report=report)


@bp.get("/export")
def export_page():
    kb, actor = services(), current_actor()
    return render_template("cases/export.html",
                           published=kb.cases.list_cases(actor, status="published", per_page=1).total,
                           drafts=kb.cases.list_cases(actor, status="draft", per_page=1).total)


@bp.get("/export.zip")
def export_zip():
    kb = services()
    drafts = text_arg("drafts", 1) == "1"
    now = kb.clock.now()
    with tempfile.TemporaryDirectory(prefix="case-export-") as folder:
        path = Path(folder) / "cases.zip"
        kb.case_transfer.export(current_actor(), path, as_zip=True, include_drafts=drafts, now=now)
        data = path.read_bytes()
    name = f"cases-{now.strftime('%Y%m%d-%H%M%S')}.zip"
    return send_file(io.BytesIO(data), mimetype="application/zip", as_attachment=True,
                     download_name=name)


@bp.get("/<int:case_id>/download")
@access(ROLE_STAFF)
def download(case_id: int):
    """One case as a case file (what import reads back)."""
    kb = services()
    case = kb.cases.get_case(current_actor(), case_id)
    text = format_case_file(case, kb.clock.now())
    return send_file(io.BytesIO(text.encode("utf-8")), mimetype="text/markdown; charset=utf-8",
                     as_attachment=True,
                     download_name=export_name(case.case_date, case.title, case.uid))
