"""Admin: 替换此版本 / 撤回 — replace a version's text with a corrected file, or withdraw a
version an intake added, with a reason (kb.version_admin keeps the old text in the history)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_wtf.file import FileField
from wtforms import StringField

from core.errors import InvalidInput
from webapp.common.forms import Form, at_most
from webapp.common.uploads import upload_name
from webapp.extensions import services
from webapp.security import current_actor

bp = Blueprint("versions", __name__, url_prefix="/library/versions")


class ReplaceForm(Form):
    file = FileField("更正后的文件（.docx、.pdf、.html、.txt、.md）")
    # Both forms are on one page: each field its own id, so each label names its own input.
    reason = StringField("替换原因", [at_most(300)], id="replace-reason")


class WithdrawForm(Form):
    reason = StringField("撤回原因", [at_most(300)], id="withdraw-reason")


@bp.get("/<int:statute_id>/<int:version_id>")
def show(statute_id: int, version_id: int):
    return _page(statute_id, version_id, ReplaceForm(), WithdrawForm())


@bp.post("/<int:statute_id>/<int:version_id>/replace")
def replace(statute_id: int, version_id: int):
    form = ReplaceForm()
    try:
        form.checked()
        upload = form.file.data
        if not upload or not upload.filename:
            raise InvalidInput("请选择更正后的文件")
        services().versions.replace(current_actor(), statute_id, version_id, upload.read(),
                                    upload_name(upload.filename, "上传的文件"), form.reason.data)
    except InvalidInput as error:
        form.form_errors.append(str(error))
        return _page(statute_id, version_id, form, WithdrawForm(), 400)
    flash("已替换该版本的文本；原文本保留在版本历史中。", "success")
    return redirect(url_for("library.statute", statute_id=statute_id, version=version_id))


@bp.post("/<int:statute_id>/<int:version_id>/withdraw")
def withdraw(statute_id: int, version_id: int):
    form = WithdrawForm()
    try:
        form.checked()
        services().versions.withdraw(current_actor(), statute_id, version_id, form.reason.data)
    except InvalidInput as error:
        form.form_errors.append(str(error))
        return _page(statute_id, version_id, ReplaceForm(), form, 400)
    flash("已撤回该版本；其文本保留在版本历史中。", "success")
    return redirect(url_for("library.statute", statute_id=statute_id))


def _page(statute_id: int, version_id: int, replace_form: ReplaceForm, withdraw_form: WithdrawForm,
          status: int = 200):
    kb = services()
    return render_template("admin/version.html", statute=kb.library.get_statute(statute_id),
                           version=kb.library.version(statute_id, version_id),
                           replace_form=replace_form, withdraw_form=withdraw_form), status
