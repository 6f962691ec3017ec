"""Commands: accounts, the demo and the production server (backup and restore: test_backup_cli)."""
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from accounts.permissions import actor_of
from webapp.extensions import services

ROOT = Path(__file__).resolve().parents[2]


def test_users_create_reads_the_password_from_stdin(app, runner):
    result = runner.invoke(args=["users", "create", "boss", "--role", "admin",
                                 "--department", "办公室", "--name", "局长"], input="Strong-Pass-1\n")
    assert result.exit_code == 0, result.output
    assert "已创建账号 boss（系统管理员，办公室）" in result.output
    user = services(app).users.find_user("boss")
    assert (user.display_name, user.department, user.must_change_password) == ("局长", "办公室", False)
    login = services(app).auth.authenticate("boss", "Strong-Pass-1")
    assert login.user.role == "admin"


@pytest.mark.parametrize("args, stdin, message", [
    (["users", "create", "boss"], "weak\n", "密码不符合要求"),
    (["users", "create", "boss"], "\n", "标准输入中没有密码"),
    (["users", "create", "has space"], "Strong-Pass-1\n", "只能由字母"),
    (["users", "create", "boss", "--role", "king"], "Strong-Pass-1\n", "Invalid value"),
    (["users", "set-password", "ghost"], "Strong-Pass-1\n", "没有账号 ghost"),
])
def test_users_create_errors(app, runner, args, stdin, message):
    result = runner.invoke(args=args, input=stdin)
    assert result.exit_code == 2 and message in result.output


def test_set_password_and_list(app, runner, add_user):
    add_user("zhang")
    result = runner.invoke(args=["users", "set-password", "zhang"], input="Another-Pass-2\n")
    assert result.exit_code == 0 and services(app).auth.authenticate("zhang", "Another-Pass-2")
    listing = runner.invoke(args=["users", "list"]).output
    assert "zhang\t用户zhang\t审计人员" in listing and "共 1 个账号" in listing


def test_demo_prepares_library_and_accounts(app, runner, statutes_path):
    result = runner.invoke(args=["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "法规库为空" in result.output and "导入完成：法规 7 部" in result.output
    passwords = dict(re.findall(r"用户名 (demo-\w+)\s+密码 (\S+)", result.output))
    assert set(passwords) == {"demo-admin", "demo-trainer", "demo-staff"}
    kb = services(app)
    for username, password in passwords.items():
        assert kb.auth.authenticate(username, password).user.username == username
    assert kb.users.find_user("demo-trainer").role == "trainer"
    again = runner.invoke(args=["demo", "--no-serve"])
    assert "跳过导入" in again.output and "账号已存在" in again.output
    assert "用户名 demo-admin" in again.output
    assert "已有讲座记录，不再添加示例讲座" in again.output
    staff = kb.users.find_user("demo-staff")
    record = kb.training_records.person(actor_of(staff), kb.clock.today_local().year)
    assert [x.title for x in record.lectures] == ["《中华人民共和国审计法》修正要点解读"]


def test_demo_prints_the_passwords_last_and_keeps_them_in_a_private_file(app, runner):
    first = runner.invoke(args=["demo", "--no-serve"])
    assert first.exit_code == 0, first.output
    path = services(app).settings.data_dir / "demo-accounts.txt"
    assert path.stat().st_mode & 0o777 == 0o600
    block = first.output[first.output.index("准备完成"):]
    assert f"另存于 {path}" in block and "[8/8]" not in block
    assert first.output.rstrip().endswith("=" * 64)
    printed = dict(re.findall(r"用户名 (demo-\w+)\s+密码 (\S+)", block))
    stored = {line.split("\t")[0]: line.split("\t")[2]
              for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")}
    assert stored == printed and len(stored) == 3
    again = runner.invoke(args=["demo", "--no-serve"])
    assert f"账号已存在，密码未改动；见 {path}" in again.output
    assert {line.split("\t")[0]: line.split("\t")[2] for line in path.read_text(encoding="utf-8").splitlines()
            if not line.startswith("#")} == stored


def test_demo_says_what_each_step_took(app, runner):
    result = runner.invoke(args=["demo", "--no-serve"])
    assert re.search(r"\[1/8\] 法规语料\n.*\[7/8\] 样例题库与练兵轮次\n.*\[8/8\] 示例法治讲座\n", result.output, re.S)
    summary = re.search(r"准备完成，共用时 \d+:\d\d（(.*)）。", result.output).group(1)
    assert [part.rsplit(" ", 1)[0] for part in summary.split("，")] == [
        "法规语料", "法条引用链接", "示例案例与法院案例", "问题定性指引", "检索索引（法规、案例、定性指引）",
        "演示账号", "样例题库与练兵轮次", "示例法治讲座"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, deadline: float) -> int:
    """Poll until the server answers (it is starting in another process)."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_python_m_webapp_demo_serves_with_gunicorn(tmp_path, statutes_path):
    port = free_port()
    env = {**os.environ, "KB_DATA_DIR": str(tmp_path / "data"), "KB_CORPUS": str(statutes_path),
           "KB_PASSWORD_SCRYPT_N": "256", "KB_ACCESS_LOG": ""}
    process = subprocess.Popen([sys.executable, "-m", "webapp", "demo", "--bind", f"127.0.0.1:{port}",
                                "--workers", "2"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/healthz", time.monotonic() + 90) == 200
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=10) as response:
            assert "审计法规库与练兵平台" in response.read().decode()
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    assert "演示账号" in output and "用户名 demo-admin" in output
    assert "正在启动生产服务器" in output and "Booting worker" in output
    # The passwords come after every step and the scheduler's start, right before the server.
    assert output.index("准备完成") < output.index("启动推送调度进程") < output.index("用户名 demo-admin")
    assert output.index("用户名 demo-admin") < output.index("正在启动生产服务器")
