"""Admin: notices — every outbox message with its status (resend failures), the email
channel's state with a test email, and the group robots (add, edit, delete, test)."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, url_for

from core.errors import KbError
from quizzes.notify.channels import ChannelError
from webapp.errors import status_of
from webapp.extensions import services
from webapp.common.forms import ActionForm, RobotForm, TestEmailForm
from webapp.common.params import int_arg, text_arg
from webapp.security import current_actor

bp = Blueprint("notices", __name__, url_prefix="/notices")


@bp.app_template_filter("masked_url")
def masked_url(url: str) -> str:
    """A webhook URL without its key: scheme://host/path…"""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path[:24]}…"


def render_page(robot_form: RobotForm | None = None, email_form: TestEmailForm | None = None,
                status: int = 200):
    notices = services()
    robot_form = robot_form or _robot_form()
    page = notices.notice_admin.outbox(text_arg("status", 20) or None, int_arg("page", 1))
    return render_template("admin/notices.html", page=page, counts=notices.notice_admin.counts(),
                           robots=notices.notice_admin.robots(), robot_form=robot_form,
                           email_form=email_form or TestEmailForm(), action=ActionForm(),
                           email_enabled=notices.email is not None, email_error=notices.email_error,
                           status_filter=text_arg("status", 20)), status


def _robot_form(**kwargs) -> RobotForm:
    form = RobotForm(**kwargs)
    form.set_departments(services().departments.list())
    return form


@bp.get("")
def index():
    return render_page()


@bp.post("/resend")
@bp.post("/<int:message_id>/resend")
def resend(message_id: int | None = None):
    count = services().notice_admin.resend(current_actor(), [message_id] if message_id else None)
    flash(f"已将 {count} 条发送失败的通知重新加入发送队列。", "success")
    return redirect(url_for(".index", status="pending" if count else None))


@bp.post("/robots")
def add_robot():
    form = _robot_form()
    if not form.validate_on_submit():
        return render_page(robot_form=form, status=400)
    try:
        services().notice_admin.save_robot(current_actor(), name=form.name.data, kind=form.kind.data, url=form.url.data,
                                            secret=form.secret.data or None,
                                            department_id=form.department_key())
    except KbError as error:
        form.form_errors.append(str(error))
        return render_page(robot_form=form, status=status_of(error))
    flash(f"已添加群机器人“{form.name.data}”。", "success")
    return redirect(url_for(".index"))


@bp.route("/robots/<int:robot_id>", methods=["GET", "POST"])
def edit_robot(robot_id: int):
    admin = services().notice_admin
    robot = admin.get_robot(robot_id)
    form = _robot_form(obj=robot, department_id=str(robot.department_id or ""))
    if not form.validate_on_submit():
        return render_template("admin/robot_edit.html", form=form, robot=robot), 400 if form.is_submitted() else 200
    try:
        admin.save_robot(current_actor(), name=form.name.data, kind=form.kind.data, url=form.url.data,
                         secret=form.secret.data or None, department_id=form.department_key(),
                         is_active=robot.is_active, robot_id=robot_id)
    except KbError as error:
        form.form_errors.append(str(error))
        return render_template("admin/robot_edit.html", form=form, robot=robot), status_of(error)
    flash("群机器人已保存。", "success")
    return redirect(url_for(".index"))


@bp.post("/robots/<int:robot_id>/delete")
def delete_robot(robot_id: int):
    services().notice_admin.delete_robot(current_actor(), robot_id)
    flash("群机器人已删除，尚未发送的消息随之取消。", "success")
    return redirect(url_for(".index"))


@bp.post("/robots/<int:robot_id>/test")
def test_robot(robot_id: int):
    try:
        flash(services().notice_admin.test_robot(current_actor(), robot_id), "success")
    except ChannelError as error:
        flash(f"测试消息发送失败：{error}", "error")
    return redirect(url_for(".index"))


@bp.post("/test-email")
def test_email():
    notices = services()
    form = TestEmailForm()
    if not form.validate_on_submit():
        return render_page(email_form=form, status=400)
    if notices.email is None:
        flash(notices.email_error or "未配置邮件服务器（MAIL_SERVER），无法发送测试邮件。", "error")
        return redirect(url_for(".index"))
    try:
        flash(notices.notice_admin.test_email(current_actor(), form.to.data.strip()), "success")
    except ChannelError as error:
        flash(f"测试邮件发送失败：{error}", "error")
    return redirect(url_for(".index"))
