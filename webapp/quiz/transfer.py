"""题库 import and export: the Excel template the bureaus keep, an upload of .xlsx or
.json with a row-by-row report (good rows import, bad ones are listed with their row
number and reason), and the bank — as filtered on the list — as .xlsx or .json."""
from __future__ import annotations

from flask import Blueprint, render_template

from core.errors import KbError
from webapp.errors import status_of
from webapp.extensions import services
from webapp.quiz.forms import BankImportForm
from webapp.quiz.http import bank_filter, download
from webapp.security import current_actor
from webapp.common.uploads import upload_name

bp = Blueprint("transfer", __name__)


@bp.get("/template.xlsx")
def template():
    return download(services().question_transfer.template(), "试题导入模板.xlsx")


@bp.route("/import", methods=["GET", "POST"])
def upload():
    form = BankImportForm()
    if not form.validate_on_submit():
        return render_template("quiz/bank/import.html", form=form), 400 if form.is_submitted() else 200
    transfer, actor = services().question_transfer, current_actor()
    upload_file = form.sheet.data
    data, name = upload_file.read(), upload_name(upload_file.filename, "试题.xlsx")
    try:
        if name.lower().endswith(".json"):
            report = transfer.import_json(actor, data, name)
        else:
            report = transfer.import_excel(actor, data, name)
    except KbError as error:
        form.form_errors.append(str(error))
        return render_template("quiz/bank/import.html", form=form), status_of(error)
    return render_template("quiz/bank/import.html", form=BankImportForm(formdata=None), report=report)


@bp.get("/export.xlsx")
def export_excel():
    data = services().question_transfer.export_excel(current_actor(), bank_filter())
    return download(data, "题库.xlsx")


@bp.get("/export.json")
def export_json():
    data = services().question_transfer.export_json(current_actor(), bank_filter())
    return download(data, "题库.json", "application/json")
