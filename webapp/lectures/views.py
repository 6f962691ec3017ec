"""法律讲座 pages: the list, a lecture with its materials and attendance, and the trainers'
forms (record and edit, upload materials, tick the attendance or import a sheet).
Materials are always downloaded as attachments, never shown inline."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from accounts.user import ROLE_STAFF, ROLE_TRAINER
from core.errors import KbError
from quizzes.training.attendance import AttendanceRejected
from webapp.common.forms import ActionForm
from webapp.common.params import int_arg
from webapp.common.uploads import upload_name
from webapp.errors import status_of
from webapp.extensions import services
from webapp.lectures.forms import AttendanceForm, AttendanceSheetForm, LectureForm, MaterialForm
from webapp.quiz.http import download
from webapp.security import access, current_actor

bp = Blueprint("lectures", __name__, url_prefix="/lectures")
bp.access = ROLE_STAFF


@bp.get("")
def index():
    year, this_year = int_arg("year"), services().training_records.this_year()
    lectures = services().lectures.list_lectures(current_actor(), year)
    return render_template("lectures/index.html", lectures=lectures, year=year,
                           years=range(this_year, this_year - 5, -1))


def render_show(lecture_id: int, status: int = 200, **forms):
    detail = services().lectures.get(current_actor(), lecture_id)
    forms.setdefault("material_form", MaterialForm(formdata=None))
    forms.setdefault("sheet_form", AttendanceSheetForm(formdata=None))
    return render_template("lectures/show.html", lecture=detail, **forms), status


@bp.get("/<int:lecture_id>")
def show(lecture_id: int):
    return render_show(lecture_id)


def render_form(form: LectureForm, lecture_id: int | None, status: int):
    form.set_statutes(services().lectures.statute_choices())
    return render_template("lectures/edit.html", form=form, lecture_id=lecture_id), status


@bp.route("/new", methods=["GET", "POST"])
@access(ROLE_TRAINER)
def create():
    form = LectureForm()
    if not form.validate_on_submit():
        return render_form(form, None, 400 if form.is_submitted() else 200)
    try:
        lecture_id = services().lectures.create(current_actor(), form.value())
    except KbError as error:
        form.form_errors.append(str(error))
        return render_form(form, None, status_of(error))
    flash("讲座已登记，请上传材料并登记签到。", "success")
    return redirect(url_for("lectures.show", lecture_id=lecture_id))


@bp.route("/<int:lecture_id>/edit", methods=["GET", "POST"])
@access(ROLE_TRAINER)
def edit(lecture_id: int):
    form = LectureForm()
    if not form.is_submitted():
        form.fill(services().lectures.get(current_actor(), lecture_id))
    if not form.validate_on_submit():
        return render_form(form, lecture_id, 400 if form.is_submitted() else 200)
    try:
        services().lectures.update(current_actor(), lecture_id, form.value())
    except KbError as error:
        form.form_errors.append(str(error))
        return render_form(form, lecture_id, status_of(error))
    flash("讲座已保存。", "success")
    return redirect(url_for("lectures.show", lecture_id=lecture_id))


@bp.post("/<int:lecture_id>/delete")
@access(ROLE_TRAINER)
def delete(lecture_id: int):
    ActionForm().checked()
    services().lectures.delete(current_actor(), lecture_id)
    flash("讲座已删除。", "success")
    return redirect(url_for("lectures.index"))


@bp.route("/<int:lecture_id>/attendance", methods=["GET", "POST"])
@access(ROLE_TRAINER)
def attendance(lecture_id: int):
    lectures, actor = services().lectures, current_actor()
    form = AttendanceForm()
    if form.validate_on_submit():
        count = lectures.set_attendance(actor, lecture_id, form.user_ids.data)
        flash(f"已登记签到 {count} 人。", "success")
        return redirect(url_for("lectures.show", lecture_id=lecture_id))
    detail = lectures.get(actor, lecture_id)
    return render_template("lectures/attendance.html", lecture=detail, form=form,
                           people=lectures.candidates(actor), present={p.id for p in detail.attendees}), (
        400 if form.is_submitted() else 200)


@bp.post("/<int:lecture_id>/attendance/import")
@access(ROLE_TRAINER)
def import_attendance(lecture_id: int):
    form = AttendanceSheetForm()
    if not form.validate_on_submit():
        return render_show(lecture_id, 400, sheet_form=form)
    sheet = form.sheet.data
    try:
        report = services().lectures.import_attendance(current_actor(), lecture_id,
                                                       upload_name(sheet.filename, "签到表"), sheet.read())
    except AttendanceRejected as rejected:
        return render_show(lecture_id, 400, sheet_form=form, rejected=rejected)
    except KbError as error:
        form.form_errors.append(str(error))
        return render_show(lecture_id, status_of(error), sheet_form=form)
    flash(f"签到表已导入：新增 {report.added} 人，已在名单中 {report.already} 人。", "success")
    return redirect(url_for("lectures.show", lecture_id=lecture_id))


@bp.post("/<int:lecture_id>/materials")
@access(ROLE_TRAINER)
def upload_material(lecture_id: int):
    form = MaterialForm()
    if not form.validate_on_submit():
        return render_show(lecture_id, 400, material_form=form)
    upload = form.file.data
    try:
        services().lectures.add_material(current_actor(), lecture_id, upload_name(upload.filename, "材料"),
                                         upload.read())
    except KbError as error:
        form.form_errors.append(str(error))
        return render_show(lecture_id, status_of(error), material_form=form)
    flash("材料已上传。", "success")
    return redirect(url_for("lectures.show", lecture_id=lecture_id))


@bp.get("/<int:lecture_id>/materials/<int:material_id>")
def material(lecture_id: int, material_id: int):
    info, data = services().lectures.material(current_actor(), lecture_id, material_id)
    response = download(data, info.filename, info.media_type)
    # Even a file a browser could render is never a page of this site.
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@bp.post("/<int:lecture_id>/materials/<int:material_id>/delete")
@access(ROLE_TRAINER)
def delete_material(lecture_id: int, material_id: int):
    ActionForm().checked()
    services().lectures.delete_material(current_actor(), lecture_id, material_id)
    flash("材料已删除。", "success")
    return redirect(url_for("lectures.show", lecture_id=lecture_id))
