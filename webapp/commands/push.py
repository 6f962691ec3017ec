"""Commands of the push: the scheduler process, a one-off pass, test notices, and manual
control of rounds (open now, close, cancel, extend a deadline)."""
from __future__ import annotations

import datetime as dt
import logging

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from accounts.permissions import actor_of
from accounts.user import UserInfo
from core.actor import Actor
from core.clock import LOCAL_TZ
from core.errors import KbError
from quizzes.notify.channels import ChannelError
from quizzes.push import schedule_overview
from webapp.commands.admin import CLI_ACTOR, fail
from webapp.extensions import services

push = AppGroup("push", help="练兵推送：立即检查一次、查看状态")
rounds = AppGroup("rounds", help="练兵轮次的手动控制（立即开放、结束、取消、延期）")


@click.command("scheduler")
@with_appcontext
def scheduler_command():
    """运行调度进程（全站只需一个，与 Web 服务并列运行）。"""
    from webapp.scheduler import run_scheduler
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    interval = current_app.config["SCHEDULER_INTERVAL_SECONDS"]
    click.echo(f"调度进程已启动：每 {interval} 秒检查一次推送计划、轮次和待发通知（Ctrl+C 退出）。")
    run_scheduler(current_app._get_current_object())


@push.command("tick")
def tick():
    """立即执行一次检查：开放/提醒/结束到期的轮次并发出通知。"""
    report = services().push.tick()
    report.sent = services().delivery.flush()   # a one-off pass sends before the command exits
    click.echo(f"本期：{report.period_key or '不在开放期内'}；自动交卷 {report.auto_submitted} 份；"
               f"新通知：站内 {report.notices.inbox}、邮件 {report.notices.email}、群机器人 {report.notices.robots}。")
    for event in report.announced:
        click.echo(f"已发出：{event}")
    if report.sent:
        click.echo(f"外部通知：发送 {report.sent.sent}，失败 {report.sent.failed}，"
                   f"放弃 {report.sent.gave_up}，延后 {report.sent.deferred}")
        for channel, error in report.sent.errors.items():
            click.echo(f"通道 {channel}：{error}", err=True)
    for error in report.errors:
        click.echo(f"问题：{error}", err=True)


@push.command("status")
def status():
    """显示推送计划、接下来的推送时间和调度进程状态。"""
    domain = services()
    overview = schedule_overview(domain.db.session, domain.clock, domain.schedule)
    click.echo(("已启用：" if overview.settings.enabled else "未启用（系统管理 › 推送计划 中启用）：") + overview.settings.describe())
    for period in overview.upcoming:
        click.echo(f"  {period.open_at.astimezone(LOCAL_TZ):%Y-%m-%d %H:%M} 开放，"
                   f"{period.close_at.astimezone(LOCAL_TZ):%Y-%m-%d %H:%M} 截止")
    state = overview.scheduler
    click.echo(f"调度进程：{'运行中（' + state.holder + '）' if state.is_alive else '未运行'}")


@click.command("notify-test")
@click.option("--email", "to", help="发送测试邮件到这个地址")
@click.option("--robot", "robot_id", type=int, help="向这个群机器人（编号见通知管理页）发送测试消息")
@with_appcontext
def notify_test(to: str | None, robot_id: int | None):
    """在一个通道上发送测试通知，报告配置或发送问题。"""
    notices = services()
    if bool(to) == bool(robot_id):
        fail("请指定 --email 地址 或 --robot 编号 之一")
    try:
        if to:
            if notices.email is None:
                fail(notices.email_error or "未配置邮件服务器（MAIL_SERVER）")
            click.echo(notices.notice_admin.test_email(CLI_ACTOR, to))
        else:
            click.echo(notices.notice_admin.test_robot(CLI_ACTOR, robot_id))
    except (ChannelError, KbError) as error:
        fail(str(error))


def _user(username: str) -> UserInfo:
    user = services().users.find_user(username)
    if user is None:
        fail(f"没有用户“{username}”")
    return user


def _actor(username: str) -> Actor:
    """The command's `--as` user, acting from the command line."""
    return actor_of(_user(username))


def _after(action) -> None:
    try:
        result = action()
    except KbError as error:
        fail(str(error))
    click.echo(f"完成：{result}")
    sent = services().delivery.flush()   # the notices go out before the command exits
    if sent.sent or sent.failed:
        click.echo(f"外部通知：发送 {sent.sent}，失败 {sent.failed}")


AS_OPTION = click.option("--as", "username", required=True, help="以哪位培训管理员或系统管理员的名义操作（用户名）")


@rounds.command("open-now")
@click.argument("round_id", type=int)
@AS_OPTION
def open_now(round_id: int, username: str):
    """立即开放一个轮次并通知参加人员。"""
    _after(lambda: services().lifecycle.open_round_now(_actor(username), round_id))


@rounds.command("close")
@click.argument("round_id", type=int)
@AS_OPTION
def close(round_id: int, username: str):
    """立即结束一个轮次：未交卷的按最后保存的答案自动交卷、评分并公布。"""
    _after(lambda: services().lifecycle.close_round(_actor(username), round_id))


@rounds.command("cancel")
@click.argument("round_id", type=int)
@click.option("--reason", required=True, help="取消原因（将通知参加人员）")
@AS_OPTION
def cancel(round_id: int, reason: str, username: str):
    """取消一个轮次并通知参加人员。"""
    _after(lambda: services().lifecycle.cancel_round(_actor(username), round_id, reason))


@rounds.command("extend")
@click.argument("round_id", type=int)
@click.option("--user", "person", required=True, help="为哪位人员延期（用户名）")
@click.option("--until", required=True, help="新的截止时间，如 2026-03-10 18:00（北京时间）")
@AS_OPTION
def extend(round_id: int, person: str, until: str, username: str):
    """为一名人员延长截止时间。"""
    try:
        closes = dt.datetime.strptime(until.strip(), "%Y-%m-%d %H:%M").replace(tzinfo=LOCAL_TZ)
    except ValueError:
        fail(f"时间格式不正确：“{until}”，应为 YYYY-MM-DD HH:MM")
    _after(lambda: services().lifecycle.extend_deadline(
        _actor(username), round_id, _user(person).id, closes))
