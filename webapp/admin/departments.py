"""Admin: departments (科室) — list with member counts, create, rename, delete."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from core.errors import KbError
from webapp.errors import status_of
from webapp.extensions import services
from webapp.common.forms import DepartmentForm
from webapp.security import current_actor

bp = Blueprint("departments", __name__, url_prefix="/departments")


def render_list(form: DepartmentForm, status: int = 200):
    return render_template("admin/departments.html", form=form,
                           departments=services().departments.list()), status


@bp.route("", methods=["GET", "POST"])
def index():
    form = DepartmentForm()
    if not form.validate_on_submit():
        return render_list(form, 400 if form.is_submitted() else 200)
    try:
        department = services().departments.create(current_actor(), form.name.data)
    except KbError as error:
        form.form_errors.append(str(error))
        return render_list(form, status_of(error))
    flash(f"已新建科室“{department.name}”。", "success")
    return redirect(url_for(".index"))


@bp.post("/<int:department_id>/rename")
def rename(department_id: int):
    form = DepartmentForm(prefix=f"d{department_id}")
    if not form.validate_on_submit():
        return render_list(form, 400)
    services().departments.rename(current_actor(), department_id, form.name.data)
    flash("科室名称已修改。", "success")
    return redirect(url_for(".index"))


@bp.post("/<int:department_id>/delete")
def delete(department_id: int):
    services().departments.delete(current_actor(), department_id)
    flash("科室已删除，原有人员已改为未分配科室。", "success")
    return redirect(url_for(".index"))
