"""Admin: 法规导入 › 新增法规 — upload a .docx/.pdf/.html/.txt file or paste the text, read the
parsed structure (contents, article count, gaps and duplicates, lines that fit nowhere),
correct the metadata, and save it as a new statute or a new version of one held.

The previewed bytes wait in the data directory under a token (kb.intake.IntakeDrafts), so
what is saved is exactly what was previewed."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_wtf.file import FileField
from wtforms import HiddenField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from core.errors import InvalidInput
from kb.intake import IntakeMetadata
from kb.library import parse_date_arg
from laws.model import LEVELS
from laws.readers import build_report
from webapp.common.forms import Form, at_most
from webapp.common.uploads import upload_name
from webapp.extensions import services
from webapp.security import current_actor

bp = Blueprint("intake", __name__, url_prefix="/library/intake")
PASTED = "粘贴的文本.txt"
MAX_PASTE = 2_000_000


class UploadForm(Form):
    file = FileField("法规文件（.docx、.pdf、.html、.txt）")
    text = TextAreaField("或粘贴法规全文", [Optional(), at_most(MAX_PASTE)])


class SaveForm(Form):
    token = HiddenField()
    title = StringField("法规标题", [at_most(200)])
    level = SelectField("效力级别", choices=[SelectChoice(level) for level in LEVELS], validate_choice=False)
    issuer = StringField("制定机关", [at_most(100)])
    promulgated = StringField("公布日期", [at_most(20)])
    effective = StringField("施行日期", [at_most(20)])
    mode = RadioField("导入为", choices=[SelectChoice("new", "新法规"), SelectChoice("version", "已有法规的新版本")],
                      default="new",
                      validate_choice=False)
    new_version_of = StringField("已有法规（全称、简称或别名）", [at_most(200)])

    def metadata(self) -> IntakeMetadata:
        version = self.mode.data == "version"
        if version and not (self.new_version_of.data or "").strip():
            raise InvalidInput("请填写要更新的已有法规")
        return IntakeMetadata(self.title.data, self.level.data, self.issuer.data,
                              parse_date_arg(self.promulgated.data), parse_date_arg(self.effective.data),
                              self.new_version_of.data if version else None)


@bp.route("", methods=["GET", "POST"])
def upload():
    form = UploadForm()
    if not form.validate_on_submit():
        return render_template("admin/intake.html", form=form), 400 if form.is_submitted() else 200
    upload = form.file.data
    if upload and upload.filename:
        data, filename = upload.read(), upload_name(upload.filename, "上传的文件")
    elif (form.text.data or "").strip():
        data, filename = form.text.data.encode("utf-8"), PASTED
    else:
        form.form_errors.append("请选择一个文件，或粘贴法规全文")
        return render_template("admin/intake.html", form=form), 400
    kb = services()
    try:
        document = kb.intake.read(data, filename)
    except InvalidInput as error:
        form.form_errors.append(str(error))
        return render_template("admin/intake.html", form=form), 400
    token = kb.intake_drafts.put(data, filename)
    held = kb.intake.namesake(document.title)
    save = SaveForm(data={"token": token, "title": document.title, "level": document.level,
                          "issuer": document.authority or "",
                          "promulgated": _iso(document.promulgated or document.version_date),
                          "effective": _iso(document.effective_date),
                          "mode": "version" if held else "new", "new_version_of": held.title if held else ""})
    return render_preview(save, document, filename, held)


def render_preview(save: SaveForm, document, filename: str, held, status: int = 200):
    return render_template("admin/intake_preview.html", form=save, report=build_report(document),
                           filename=filename, held=held, levels=LEVELS), status


@bp.post("/save")
def save():
    form = SaveForm()
    kb = services()
    try:
        data, filename = kb.intake_drafts.get(form.token.data)
    except InvalidInput as error:
        flash(str(error), "error")
        return redirect(url_for(".upload"))
    try:
        if not form.validate():
            raise InvalidInput("；".join(e for errors in form.errors.values() for e in errors))
        result = kb.intake.save(current_actor(), data, filename, form.metadata())
    except InvalidInput as error:
        form.form_errors.append(str(error))
        document = kb.intake.read(data, filename)
        return render_preview(form, document, filename, kb.intake.namesake(document.title), 400)
    kb.intake_drafts.drop(form.token.data)
    if result.outcome == "unchanged":
        flash(f"《{result.title}》：这个文件已经导入过，没有变化。", "info")
        return redirect(url_for(".upload"))
    flash(f"已导入《{result.title}》（{'新版本' if result.outcome == 'new' else '更新'}，"
          f"条文 {result.articles} 条），已可检索和引用。", "success")
    return redirect(url_for("library.statute", statute_id=result.statute_id))


def _iso(value) -> str:
    return value.isoformat() if value else ""
