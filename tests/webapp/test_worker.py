"""The worker process (`flask --app webapp worker`, a real subprocess) killed with SIGKILL in
the middle of an import's transaction, on SQLite and on PostgreSQL: the library is as it
was before, the job is left with a dead worker, and the next worker's recovery retries it
to the end — the library then holds all of it, never half."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text

from core.job import DONE, QUEUED, RUNNING
from core.settings import DEFAULT_CORPUS
from kb.importer import WRITING
from quizzes.services import open_services
from tests.support.environment import FAST_ACCOUNTS
from tests.support.work_queue import run_queue
from accounts.permissions import system_actor

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("KB_CORPUS") or DEFAULT_CORPUS)
FILES = 160          # enough statutes that the write transaction lasts a moment
DEADLINE = 300       # seconds: an upper bound on waiting for the worker, not a timing


@pytest.fixture
def statute_folder(tmp_path) -> Path:
    folder = tmp_path / "import" / "行政法规"
    folder.mkdir(parents=True)
    for source in sorted((CORPUS / "行政法规").glob("*.md"))[:FILES]:
        shutil.copy(source, folder / source.name)
    return folder.parent


@pytest.fixture
def backend_settings(settings, backend_url):
    return replace(settings, database_url=backend_url)


@pytest.fixture
def worker(backend_settings):
    """Starts `flask --app webapp worker` on the test's data directory and database."""
    settings = backend_settings
    started = []

    def start() -> subprocess.Popen:
        env = {**os.environ, "KB_DATA_DIR": str(settings.data_dir), "KB_CORPUS": str(settings.corpus_path),
               "KB_DATABASE_URL": settings.database_url}
        process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "webapp", "worker", "--threads", "1"],
                                   cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        started.append(process)
        return process
    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait()
        process.stderr.close()


def holds_the_writer(kb) -> bool:
    """Whether another process is inside a write transaction on the database right now."""
    if not kb.db.is_sqlite:
        with kb.db.engine.connect() as connection:
            return bool(connection.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL")).scalar())
    connection = sqlite3.connect(kb.settings.sqlite_path, timeout=0)
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return True
    finally:
        connection.close()
    return False


def kill_inside_the_transaction(process: subprocess.Popen, kb, job_id: int) -> None:
    """SIGKILL the worker once it is writing the import's transaction."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        job = kb.jobs.get(job_id)
        assert job.status in (QUEUED, RUNNING), f"导入在被终止前已结束：{job.status} {job.message}"
        if job.current == WRITING and holds_the_writer(kb):
            process.send_signal(signal.SIGKILL)
            process.wait()
            return
        assert process.poll() is None, process.stderr.read().decode()
        time.sleep(0.01)
    raise AssertionError("工作进程未在时限内开始写入")


def test_a_worker_killed_mid_import_leaves_the_library_whole(backend_settings, clock, statute_folder, worker):
    kb = open_services(backend_settings, clock=clock, accounts=FAST_ACCOUNTS)
    try:
        job = kb.background.start_import(system_actor("测试"), str(statute_folder))
        process = worker()
        kill_inside_the_transaction(process, kb, job.id)
        assert kb.catalogue.is_empty()                       # as before the import
        killed = kb.jobs.running()
        assert [(j.id, j.attempts) for j in killed] == [(job.id, 1)]
        # The next worker to start finds the job of a dead worker and queues it again.
        lines = kb.background.recover()
        assert "已重新排队" in lines[0] and kb.jobs.get(job.id).status == QUEUED
        assert run_queue(kb) == 1
        done = kb.jobs.get(job.id)
        assert done.status == DONE and done.attempts == 2, done.message
        counts = done.result
        assert counts["total_versions"] == counts["new_versions"] == FILES   # all of it, once
        assert counts["total_statutes"] > 100
    finally:
        kb.close()
