"""Admin: users — list, create, edit role/department, disable, reset password, unlock,
bulk import from a sheet.  Passwords made here are shown once on the response page
(never flashed: the session cookie is signed, not encrypted)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from accounts.user import ROLE_NAMES
from core.errors import KbError
from accounts.user_admin import NewUser, UserChanges, UserQuery
from accounts.user_import import SheetRejected, read_sheet
from webapp.errors import status_of
from webapp.extensions import services
from webapp.common.forms import UserCreateForm, UserEditForm, UserImportForm
from webapp.common.params import int_arg, text_arg
from webapp.security import current_actor
from webapp.common.uploads import upload_name

bp = Blueprint("users", __name__, url_prefix="/users")


def active_arg() -> bool | None:
    return {"1": True, "0": False}.get(text_arg("active", 1))


@bp.get("")
def index():
    kb = services()
    query = UserQuery(text_arg("q"), int_arg("department"), text_arg("role", 20), active_arg())
    page = kb.users.list_users(query, int_arg("page", 1))
    return render_template("admin/users.html", page=page, query=query, roles=ROLE_NAMES,
                           departments=kb.departments.list(), now=kb.clock.now())


@bp.route("/new", methods=["GET", "POST"])
def create():
    kb = services()
    form = UserCreateForm()
    form.set_departments(kb.departments.list())
    if not form.validate_on_submit():
        return render_template("admin/user_new.html", form=form), 400 if form.is_submitted() else 200
    try:
        created = kb.users.create_user(current_actor(), NewUser(
            form.username.data, form.display_name.data, form.role.data, form.department_name(),
            form.password.data or None, must_change_password=True, email=form.email.data or None))
    except KbError as error:
        form.form_errors.append(str(error))
        return render_template("admin/user_new.html", form=form), status_of(error)
    return render_template("admin/user_created.html", user=created.user, password=created.password)


def render_edit(form: UserEditForm, user, status: int):
    return render_template("admin/user_edit.html", form=form, user=user,
                           now=services().clock.now()), status


@bp.route("/<int:user_id>", methods=["GET", "POST"])
def edit(user_id: int):
    kb = services()
    user = kb.users.get_user(user_id)
    form = UserEditForm(obj=user, department_id=str(user.department_id or ""))
    form.set_departments(kb.departments.list())
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_edit(form, user, status)
    changes = UserChanges(form.display_name.data, form.role.data, form.department_key(),
                          form.email.data or "", form.is_grader.data)
    try:
        kb.users.update_user(current_actor(), user_id, changes)
    except KbError as error:
        form.form_errors.append(str(error))
        return render_edit(form, user, status_of(error))
    flash(f"已保存用户 {user.username} 的资料。", "success")
    return redirect(url_for(".edit", user_id=user_id))


@bp.post("/<int:user_id>/disable")
def disable(user_id: int):
    user = services().users.set_active(current_actor(), user_id, False)
    flash(f"已停用用户 {user.username}，其会话与 API 令牌随即失效。", "success")
    return redirect(url_for(".edit", user_id=user_id))


@bp.post("/<int:user_id>/enable")
def enable(user_id: int):
    user = services().users.set_active(current_actor(), user_id, True)
    flash(f"已启用用户 {user.username}。", "success")
    return redirect(url_for(".edit", user_id=user_id))


@bp.post("/<int:user_id>/unlock")
def unlock(user_id: int):
    user = services().users.unlock(current_actor(), user_id)
    flash(f"已解除用户 {user.username} 的登录锁定。", "success")
    return redirect(url_for(".edit", user_id=user_id))


@bp.post("/<int:user_id>/reset-password")
def reset_password(user_id: int):
    kb = services()
    password = kb.users.reset_password(current_actor(), user_id)
    return render_template("admin/user_created.html", user=kb.users.get_user(user_id),
                           password=password, reset=True)


@bp.route("/import", methods=["GET", "POST"])
def bulk_import():
    form = UserImportForm()
    if not form.validate_on_submit():
        return render_template("admin/user_import.html", form=form), 400 if form.is_submitted() else 200
    sheet = form.sheet.data
    try:
        rows = read_sheet(upload_name(sheet.filename, "用户名单"), sheet.read())
        report = services().user_import.import_rows(current_actor(), rows)
    except SheetRejected as rejected:
        return render_template("admin/user_import.html", form=form, rejected=rejected), 400
    except KbError as error:
        form.form_errors.append(str(error))
        return render_template("admin/user_import.html", form=form), status_of(error)
    return render_template("admin/user_import.html", form=UserImportForm(formdata=None), report=report)
