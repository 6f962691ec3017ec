"""Runs a search-index rebuild in a thread of the current process.  The index is each
server's own (it lives in the server's data directory), so its rebuild belongs to the
server whose index it is, not to a worker that may run on another machine; statute
imports, which change the shared database, go through the work queue instead
(quizzes.background).  What the job does, and where its progress is kept (the
database), is in kb/index_job.py and core/job.py."""
from __future__ import annotations

import threading

from accounts.security_log import SecurityLog
from core.actor import Actor
from core.job import JobInfo, JobStore
from kb.index_job import queue_index, run_index
from kb.search import SearchService


class JobRunner:
    def __init__(self, search: SearchService, jobs: JobStore, security_log: SecurityLog):
        self.search = search
        self.jobs = jobs
        self.security_log = security_log
        self.threads: list[threading.Thread] = []

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
