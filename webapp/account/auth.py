"""Signing in and out, and changing one's password."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for

from accounts.user import ROLE_STAFF
from core.errors import KbError
from webapp.errors import status_of
from webapp.extensions import services
from webapp.common.forms import ChangePasswordForm, LoginForm
from webapp.common.params import safe_next
from webapp.security import (PUBLIC, access, current_actor, current_user, end_session,
                             start_session)

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@access(PUBLIC)
def login():
    if current_user() is not None and request.method == "GET":
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm(next=request.args.get("next", ""))
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 400 if form.is_submitted() else 200
    try:
        login = services().auth.authenticate(form.username.data, form.password.data,
                                                request.remote_addr or "")
    except KbError as error:
        form.form_errors.append(str(error))
        return render_template("auth/login.html", form=form), status_of(error)
    start_session(login)
    if login.lockouts:
        flash(f"自您上次登录以来，账号因密码连续错误被锁定过 {login.lockouts} 次。"
              "如果不是您本人所为，请立即修改密码并告知系统管理员。", "warning")
    if login.user.must_change_password:
        return redirect(url_for("auth.change_password"))
    return redirect(safe_next(form.next.data))


@bp.post("/logout")
@access(ROLE_STAFF)
def logout():
    # The CSRF token was checked before any view runs (webapp.security.protect_forms).
    end_session()
    flash("您已安全退出。", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@access(ROLE_STAFF)
def change_password():
    form = ChangePasswordForm()
    policy = services().auth.policy.description
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("auth/change_password.html", form=form, policy=policy), status
    user = current_user()
    try:
        stamp = services().auth.change_password(current_actor(), user.id,
                                                   form.old_password.data, form.new_password.data)
    except KbError as error:
        form.form_errors.append(str(error))
        return render_template("auth/change_password.html", form=form, policy=policy), status_of(error)
    session["stamp"] = stamp
    flash("密码已修改。您在其他设备上的登录已退出，您的全部 API 令牌已吊销。", "success")
    return redirect(url_for("library.index"))
