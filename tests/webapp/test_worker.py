"""The worker process (`flask --app webapp worker`, a real subprocess) killed with SIGKILL in
the middle of an import's transaction, on SQLite and on PostgreSQL: the library is as it
was before, the job is left with a dead worker, and the next worker's recovery retries it
to the end — the library then holds all of it, never half."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from core.job import DONE, QUEUED
from core.settings import DEFAULT_CORPUS
from quizzes.services import open_services
from tests.support.environment import FAST_ACCOUNTS
from tests.support.work_queue import kill_inside_the_transaction, run_queue
from accounts.permissions import system_actor

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("KB_CORPUS") or DEFAULT_CORPUS)
FILES = 160          # enough statutes that the write transaction lasts a moment


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
