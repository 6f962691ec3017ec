"""Administrators' commands: accounts (`users create|set-password|list`), backup and
restore."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup, with_appcontext

from accounts.user import ROLES
from core.backup import create_backup, restore_backup
from core.work_queue import QUEUE_FILES
from core.progress import progress_bar
from core.errors import KbError
from accounts.permissions import system_actor
from quizzes.services import open_services
from accounts.user_admin import NewUser, UserQuery
from webapp import INSTANCE_FILE, SECRET_KEY_FILE
from webapp.extensions import services

users = AppGroup("users", help="账号管理（创建账号、设置密码、列出账号）")
CLI_ACTOR = system_actor("命令行")


def read_password(prompt: str = "密码") -> str:
    """From the terminal (hidden, typed twice), or the first line of stdin when piped."""
    if sys.stdin.isatty():
        return click.prompt(prompt, hide_input=True, confirmation_prompt="再次输入密码")
    line = sys.stdin.readline()
    if not line.strip():
        raise click.UsageError("标准输入中没有密码（第一行应为密码）")
    return line.rstrip("\r\n")


def fail(problem: Exception | str) -> None:
    """The command cannot go on: the reason on stderr, exit status 2."""
    click.echo(f"错误：{problem}", err=True)
    sys.exit(2)


@users.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="staff", show_default=True, help="角色")
@click.option("--department", help="科室名称（不存在则新建）")
@click.option("--name", "display_name", help="姓名（默认同用户名）")
def create_user(username: str, role: str, department: str | None, display_name: str | None):
    """创建账号；密码从提示符读取，非终端时从标准输入第一行读取。"""
    kb = services()
    password = read_password()
    try:
        if department and department not in {d.name for d in kb.departments.list()}:
            kb.departments.create(CLI_ACTOR, department)
        created = kb.users.create_user(CLI_ACTOR, NewUser(
            username, display_name or username, role, department, password,
            must_change_password=False))
    except KbError as error:
        fail(error)
    click.echo(f"已创建账号 {created.user.username}（{created.user.role_name}"
               f"{'，' + department if department else ''}）。")


@users.command("set-password")
@click.argument("username")
def set_password(username: str):
    """为已有账号设置新密码并解除锁定（例如管理员忘记密码时）。"""
    kb = services()
    user = kb.users.find_user(username)
    if user is None:
        fail(KbError(f"没有账号 {username}"))
    try:
        kb.users.set_password(CLI_ACTOR, user.id, read_password("新密码"))
    except KbError as error:
        fail(error)
    click.echo(f"已为 {username} 设置新密码。")


@users.command("list")
def list_users():
    """列出全部账号。"""
    page = services().users.list_users(UserQuery(), per_page=200)
    for user in page.items:
        state = "" if user.is_active else "（已停用）"
        click.echo(f"{user.username}\t{user.display_name}\t{user.role_name}\t{user.department or '-'}{state}")
    click.echo(f"共 {page.total} 个账号。")


@click.command("backup")
@with_appcontext
@click.option("--output", "-o", type=click.Path(path_type=Path), default=Path("."),
              show_default=True, help="备份文件名（*.tar.gz），或存放备份的文件夹（不存在则创建）")
def backup(output: Path):
    """备份数据库与设置（运行中也可执行；检索索引可重建，不在备份内）。"""
    kb = services()
    files = [kb.settings.data_dir / INSTANCE_FILE, kb.settings.data_dir / SECRET_KEY_FILE]
    try:
        info = create_backup(kb.settings.database_url, files, output, kb.clock)
    except KbError as error:
        fail(error)
    kb.security_log.record(CLI_ACTOR, "backup_created", str(info.path))
    click.echo(f"备份完成：{info.path}（法规 {info.counts.get('statutes', 0)} 部，"
               f"用户 {info.counts.get('users', 0)} 个，设置文件 {len(info.settings_files)} 个）")


@click.command("restore")
@with_appcontext
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(archive: Path):
    """把备份恢复到空的数据目录（KB_DATA_DIR），并核对数据行数。"""
    kb = services()
    kb.close()  # the archive replaces the database file this process opened
    try:
        info = restore_backup(archive, kb.settings.data_dir, kb.settings.database_url,
                              replaceable=(INSTANCE_FILE, SECRET_KEY_FILE, *QUEUE_FILES))
    except KbError as error:
        fail(error)
    # Opening upgrades the schema (a backup from an older release); the index is rebuilt
    # from the restored database, since backups do not carry it.
    restored = open_services(kb.settings)
    try:
        with progress_bar("重建检索索引") as update:
            restored.search.rebuild(update)
    finally:
        restored.close()
    click.echo(f"恢复完成：{kb.settings.data_dir}（备份时间 {info.created_at}，法规 "
               f"{info.counts.get('statutes', 0)} 部，用户 {info.counts.get('users', 0)} 个），"
               "检索索引已重建。")
