"""`flask --app webapp demo` (or `python -m webapp demo`): from a fresh checkout to a
working product in one step — import the corpus if the library is empty, create one
account per role with generated passwords, and serve: the web server, with the push
scheduler and a background worker (imports, notice delivery) as child processes, as the
three run side by side in production.

The steps are the list in `demo_steps()`.  A feature that needs sample content or a
derived artefact (the search index, sample cases, a question bank) adds its step
there; each step must be safe to run again on an install that already has it.  Steps
write their messages through `context.echo`, so on a terminal they appear above the one
status line (step k/n, what it is doing, time since the start).  The generated passwords
come last, just before the server starts, and go into a 0600 file in the data directory
as well, since the server's log lines soon push them off the screen.
"""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from accounts.permissions import system_actor
from accounts.user_admin import NewUser
from core.private_files import private_file
from core.progress import Progress, clock_text
from laws.corpus import CorpusError
from webapp.commands.demo_content import link_library_if_needed, load_cases, seed_finding_guide
from webapp.commands.lecture_demo import record_sample_lecture
from webapp.commands.quiz_demo import load_sample_quizzes
from quizzes.services import Services
from webapp.extensions import services

DEMO_ACTOR = system_actor("演示初始化")
DEMO_DEPARTMENT = "演示科室"
DEMO_ACCOUNTS = (("demo-admin", "admin", "演示管理员"), ("demo-trainer", "trainer", "演示培训管理员"),
                 ("demo-staff", "staff", "演示审计人员"))
PASSWORDS_FILE = "demo-accounts.txt"
RULE = "=" * 64


@dataclass
class DemoContext:
    app: Flask
    kb: Services
    # (username, role name, password or None when the account already existed)
    accounts: list[tuple[str, str, str | None]] = field(default_factory=list)
    progress: Progress = field(default_factory=Progress)

    def echo(self, message: str, *, err: bool = False) -> None:
        self.progress.echo(message, err=err)


@dataclass(frozen=True)
class DemoStep:
    title: str
    run: Callable[[DemoContext], None]


def import_corpus_if_empty(context: DemoContext) -> None:
    kb = context.kb
    if not kb.catalogue.is_empty():
        context.echo("法规库已有内容，跳过导入。")
        return
    corpus = kb.settings.corpus_path
    context.echo(f"法规库为空，从 {corpus} 导入法规语料（可用 KB_CORPUS 指定其他位置）…")
    try:
        with context.progress.phases() as progress:
            outcome = kb.library_import.import_path(corpus, progress)
    except CorpusError as error:
        context.echo(f"未能导入语料：{error}。系统仍会启动，管理员可在“法规导入”页面导入。", err=True)
        return
    summary = outcome.summary
    context.echo(f"导入完成：法规 {summary.total_statutes} 部，版本 {summary.total_versions} 个，"
                 f"条文 {summary.total_articles} 条。")
    if outcome.link is not None:
        context.echo(f"已链接法规之间的引用 {outcome.link.citations} 处（未能解析 {outcome.link.unresolved} 处）。")


def build_search_index(context: DemoContext) -> None:
    search = context.kb.search
    if search.is_built():
        context.echo("检索索引已建立，跳过（导入、案例和指引的变动会自动更新索引）。")
        return
    with context.progress.task("建立检索索引") as update:
        summary = search.rebuild(update)
    context.echo(f"检索索引已建立：文档 {summary.documents} 篇，用时 {summary.seconds:.0f} 秒。")


def create_demo_accounts(context: DemoContext) -> None:
    kb = context.kb
    if DEMO_DEPARTMENT not in {d.name for d in kb.departments.list()}:
        kb.departments.create(DEMO_ACTOR, DEMO_DEPARTMENT)
    for username, role, display_name in DEMO_ACCOUNTS:
        existing = kb.users.find_user(username)
        if existing is not None:
            context.accounts.append((username, existing.role_name, None))
            continue
        created = kb.users.create_user(DEMO_ACTOR, NewUser(
            username, display_name, role, DEMO_DEPARTMENT, must_change_password=False))
        context.accounts.append((username, created.user.role_name, created.password))


def demo_steps() -> list[DemoStep]:
    return [
        DemoStep("法规语料", import_corpus_if_empty),
        DemoStep("法条引用链接", link_library_if_needed),
        DemoStep("示例案例与法院案例", load_cases),
        DemoStep("问题定性指引", seed_finding_guide),
        DemoStep("检索索引（法规、案例、定性指引）", build_search_index),
        DemoStep("演示账号", create_demo_accounts),
        DemoStep("样例题库与练兵轮次", load_sample_quizzes),
        DemoStep("示例法治讲座", record_sample_lecture),
    ]


def run_steps(context: DemoContext) -> None:
    """Every step in order, then one line with what each took."""
    steps, progress = demo_steps(), context.progress
    costs = []
    try:
        for number, step in enumerate(steps, start=1):
            started = progress.elapsed()
            progress.step(number, len(steps), step.title)
            step.run(context)
            costs.append(f"{step.title} {clock_text(progress.elapsed() - started)}")
    finally:
        progress.clear()
    click.echo(f"准备完成，共用时 {clock_text(progress.elapsed())}（{'，'.join(costs)}）。")


def save_passwords(context: DemoContext) -> Path:
    """The passwords generated by this run, written to the data directory's 0600 file
    beside those an earlier run generated for accounts it did not create again."""
    path = context.kb.settings.data_dir / PASSWORDS_FILE
    created = {username: (role, password) for username, role, password in context.accounts if password}
    if not created:
        return path
    kept = [line for line in (path.read_text(encoding="utf-8").splitlines() if path.exists() else [])
            if line and not line.startswith("#") and line.split("\t")[0] not in created]
    lines = kept + [f"{username}\t{role}\t{password}" for username, (role, password) in created.items()]
    private_file(path)
    path.write_text("# 演示账号生成时的密码（用户名、角色、密码，以制表符分隔）；改过密码后以新密码为准。\n"
                    + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def print_accounts(context: DemoContext) -> None:
    """The demo accounts in one block, the last thing printed before the server starts."""
    path = save_passwords(context)
    stored = path.exists()
    click.echo(f"\n{RULE}\n演示账号（密码只显示这一次"
               + (f"，另存于 {path}，仅本账户可读" if stored else "") + "）：")
    for username, role_name, password in context.accounts:
        shown = password or ("（账号已存在，密码未改动；" + (f"见 {path}，或" if stored else "")
                             + "重置：flask --app webapp users set-password " + username + "）")
        click.echo(f"  {role_name:<8}  用户名 {username:<14} 密码 {shown}")
    click.echo(RULE)


@click.command("demo")
@with_appcontext
@click.option("--bind", "-b", help="监听地址（默认取配置 BIND，即 127.0.0.1:8000）")
@click.option("--workers", "-w", type=click.IntRange(1, 64), help="工作进程数")
@click.option("--no-serve", is_flag=True, help="只准备数据和账号，不启动服务器")
@click.option("--no-scheduler", is_flag=True, help="不启动推送调度进程")
@click.option("--no-worker", is_flag=True, help="不启动后台工作进程（导入、通知发送将排队等待）")
def demo(bind: str | None, workers: int | None, no_serve: bool, no_scheduler: bool, no_worker: bool):
    """一步启动演示：导入语料（法规库为空时）、创建各角色演示账号、启动调度进程、后台工作进程和服务器。"""
    context = DemoContext(current_app._get_current_object(), services())
    run_steps(context)
    if no_serve:
        print_accounts(context)
        return
    from webapp.server import run_server
    children = [start_child("scheduler", "推送调度进程") for _ in range(0 if no_scheduler else 1)]
    children += [start_child("worker", "后台工作进程") for _ in range(0 if no_worker else 1)]
    print_accounts(context)
    try:
        run_server(bind, workers)
    finally:
        for child in children:
            child.terminate()
        for child in children:
            child.wait(timeout=30)


def start_child(command: str, name: str) -> subprocess.Popen:
    """The push scheduler or a worker as its own process beside the server (as in
    production), with the same environment and so the same data directory."""
    click.echo(f"启动{name}（flask --app webapp {command}）…")
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "webapp", command],
                            env=os.environ.copy())
