"""The processes of a city installation besides the app servers (tests.support.app_servers):
`flask --app webapp worker` and `flask --app webapp scheduler` as real subprocesses, each
with its own data directory on the shared database, its output in a log file; the mail
settings that send their email to a local SMTP sink; statute files made up for an import
long enough to be caught in the middle (the fixture statutes are a few hundred bytes)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.support.app_servers import ROOT, ProcessGroup
from tests.support.environment import FIXTURES

CHINESE_NUMBERS = "零一二三四五六七八九"


def mail_env(smtp_port: int) -> dict[str, str]:
    """KB_* settings that send email, unencrypted, to an SMTP sink on the loopback."""
    return {"KB_MAIL_SERVER": "127.0.0.1", "KB_MAIL_PORT": str(smtp_port), "KB_MAIL_SECURITY": "none",
            "KB_MAIL_SENDER": "kb@audit.example"}


class FlaskProcess(ProcessGroup):
    """`flask --app webapp <command> [args]` in its own process group."""

    def __init__(self, command: str, data_dir: Path, database_url: str, *args: str,
                 env: dict[str, str] | None = None):
        self.command = command
        self.log = data_dir.parent / f"{data_dir.name}.log"
        data_dir.mkdir(parents=True, exist_ok=True)
        environment = {**os.environ, "KB_DATA_DIR": str(data_dir), "KB_DATABASE_URL": database_url,
                       "KB_CORPUS": str(FIXTURES / "statutes"), **(env or {})}
        environment.pop("DATABASE_URL", None)
        with open(self.log, "w", encoding="utf-8") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "webapp", command, *args],
                cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def pid(self) -> int:
        return self.process.pid

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def wait_for_output(self, text: str, seconds: float = 120) -> None:
        """Until the process has written `text` (AssertionError if it exits or time runs out)."""
        deadline = time.monotonic() + seconds
        while text not in self.output():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{self.command} 未输出「{text}」；日志：\n{self.output()[-3000:]}")
            time.sleep(0.2)



def chinese_number(number: int) -> str:
    """1..99 as 一..九十九 (article numbers in the statute files)."""
    tens, ones = divmod(number, 10)
    text = (CHINESE_NUMBERS[tens] if tens > 1 else "") + ("十" if tens else "")
    return text + (CHINESE_NUMBERS[ones] if ones else "")


def write_statutes(folder: Path, count: int, articles: int = 60) -> Path:
    """`count` made-up 部门规章 in the corpus's Markdown, `articles` articles each, under
    folder/部门规章; returns `folder` (what an import is pointed at)."""
    target = folder / "部门规章"
    target.mkdir(parents=True, exist_ok=True)
    for number in range(1, count + 1):
        body = "\n\n".join(f"第{chinese_number(n)}条 审计机关对第{number}号规定所称预算执行情况进行审计监督，"
                           f"被审计单位应当如实提供第{n}项资料。" for n in range(1, articles + 1))
        (target / f"样例审计规定第{number}号(2020-01-01).md").write_text(
            f"# 样例审计规定第{number}号\n\n2020年1月1日 审计署令第{number}号公布　自2020年3月1日起施行\n\n"
            f"<!-- INFO END -->\n\n## 第一章 总 则\n\n{body}\n", encoding="utf-8")
    return folder
