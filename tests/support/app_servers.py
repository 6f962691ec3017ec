"""Several app servers on one machine, as a city installation runs them on several: each a
`flask --app webapp serve` (gunicorn) process group with its own data directory (its own
search index) on one shared database.  Used by the multi-server test and
bench/change_feed_bench.py; traffic goes to 127.0.0.1 only.

`prepare_library` fills the shared database (the fixture statutes, one trainer and one
staff account); `AppServer` starts, asks and kills one server; `Client` is a bearer-token
client of the API."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from accounts.permissions import system_actor
from accounts.user_admin import NewUser
from core.settings import Settings
from kb.importer import Importer
from quizzes.services import open_services
from tests.support.environment import FAST_ACCOUNTS, FIXTURES, PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_library(database_url: str, data_dir: Path) -> None:
    """The fixture statutes and the accounts `trainer1` and `staff1` in the shared database
    (opened once through a scratch data directory, which no server uses)."""
    kb = open_services(Settings(data_dir, database_url, FIXTURES / "statutes"), accounts=FAST_ACCOUNTS)
    try:
        Importer(kb.db).import_path(FIXTURES / "statutes")
        for name, role in (("trainer1", "trainer"), ("staff1", "staff")):
            kb.users.create_user(system_actor(), NewUser(name, f"用户{name}", role, None, PASSWORD, False))
    finally:
        kb.close()


@dataclass
class Answer:
    status: int
    body: dict


class Client:
    """The API of one server, signed in with a bearer token."""

    def __init__(self, base: str, username: str):
        self.base = base
        self.token = ""
        self.token = self.call("POST", "/api/v1/auth/token",
                               {"username": username, "password": PASSWORD}).body["token"]

    @classmethod
    def with_token(cls, base: str, token: str) -> "Client":
        """A client of another server with a token already issued (tokens live in the
        shared database, so any server accepts them)."""
        client = cls.__new__(cls)
        client.base, client.token = base, token
        return client

    def call(self, method: str, path: str, body: dict | None = None, timeout: float = 10) -> Answer:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Answer(response.status, json.loads(response.read() or b"{}"))
        except urllib.error.HTTPError as error:
            return Answer(error.code, json.loads(error.read() or b"{}"))

    def search_cases(self, words: str) -> Answer:
        return self.call("GET", "/api/v1/search?" + urllib.parse.urlencode({"q": words, "scope": "cases"}))

    def publish_case(self, title: str, body: str) -> dict:
        answer = self.call("POST", "/api/v1/cases", {"title": title, "audit_type": "预算执行",
                                                     "body": body, "publish": True})
        assert answer.status == 201, answer
        return answer.body


class ProcessGroup:
    """A command started in its own session (`start_new_session=True`), so it is stopped or
    killed with every process it started (gunicorn's workers, a worker's threads)."""
    process: subprocess.Popen

    def kill(self) -> None:
        """SIGKILL the whole group, as when its machine dies or the OOM killer strikes."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


class AppServer(ProcessGroup):
    """One `flask --app webapp serve` on a free port, in its own process group."""

    def __init__(self, name: str, data_dir: Path, database_url: str, *, workers: int = 2,
                 env: dict[str, str] | None = None):
        self.name = name
        self.data_dir = data_dir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = data_dir.parent / f"{name}.log"
        env = {**os.environ, "KB_DATA_DIR": str(data_dir), "KB_DATABASE_URL": database_url,
               "KB_CORPUS": str(FIXTURES / "statutes"), "KB_PASSWORD_SCRYPT_N": "256",
               "KB_ACCESS_LOG": "", **(env or {})}
        env.pop("DATABASE_URL", None)
        data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log, "w", encoding="utf-8") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "webapp", "serve", "--bind",
                 f"127.0.0.1:{self.port}", "--workers", str(workers)],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def get(self, path: str, timeout: float = 5) -> Answer:
        try:
            with urllib.request.urlopen(self.base + path, timeout=timeout) as response:
                return Answer(response.status, json.loads(response.read() or b"{}"))
        except urllib.error.HTTPError as error:
            return Answer(error.code, json.loads(error.read() or b"{}"))

    def wait_ready(self, seconds: float = 120) -> Answer:
        """Poll /readyz until 200 (the server builds its index in the background first)."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                answer = self.get("/readyz")
                if answer.status == 200:
                    return answer
            except OSError:
                answer = None
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{self.name} not ready: {answer}; log:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.2)

