"""Runs background jobs (a statute import, an index rebuild) in threads of the current
process.  What a job does, and where its progress is kept (the database), is in
kb/import_job.py, kb/index_job.py and core/job.py: any process, and any page reload, sees
the same progress."""
from __future__ import annotations

import threading

from accounts.security_log import SecurityLog
from core.actor import Actor
from core.job import JobInfo, JobStore
from kb.import_job import queue_import, run_import
from kb.index_job import queue_index, run_index
from kb.library_import import LibraryImport
from kb.search import SearchService


class JobRunner:
    def __init__(self, library_import: LibraryImport, search: SearchService, jobs: JobStore,
                 security_log: SecurityLog):
        self.library_import = library_import
        self.search = search
        self.jobs = jobs
        self.security_log = security_log
        self.threads: list[threading.Thread] = []

    def start_import(self, actor: Actor, path: str) -> JobInfo:
        job = queue_import(self.jobs, self.security_log, actor, path)
        self._run(threading.Thread(target=run_import, name=f"import-job-{job.id}", daemon=True,
                                   args=(self.library_import, self.jobs, self.security_log, job.id)))
        return job

    def start_index(self, actor: Actor) -> JobInfo:
        job = queue_index(self.jobs, self.security_log, actor)
        self._run(threading.Thread(target=run_index, name=f"index-job-{job.id}", daemon=True,
                                   args=(self.search, self.jobs, self.security_log, job.id)))
        return job

    def _run(self, thread: threading.Thread) -> None:
        self.threads = [t for t in self.threads if t.is_alive()] + [thread]
        thread.start()

    def join(self, timeout: float | None = None) -> None:
        """Wait for the jobs this process started (tests and shutdown)."""
        for thread in list(self.threads):
            thread.join(timeout)
