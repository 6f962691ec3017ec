"""Runs background jobs in threads of the web process.  What a job does, and where its
progress is kept (the database), is the domain's business (kb/import_job.py, core/job.py):
any worker process, and any page reload, sees the same progress."""
from __future__ import annotations

import threading

from kb.index_job import queue_index, run_index
from kb.import_job import AfterImport, queue_import, run_import
from core.job import JobInfo
from core.actor import Actor
from kb.services import KnowledgeBase


class JobRunner:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        # Steps run after every successful import; features append theirs (the search
        # index rebuild) when the app is built.
        self.after_import: list[AfterImport] = []
        self.threads: list[threading.Thread] = []

    def start_import(self, actor: Actor, path: str) -> JobInfo:
        job = queue_import(self.kb.jobs, self.kb.security_log, actor, path)
        thread = threading.Thread(target=run_import, name=f"import-job-{job.id}", daemon=True,
                                  args=(self.kb.db, self.kb.jobs, self.kb.security_log, job.id,
                                        tuple(self.after_import)))
        self._run(thread)
        return job

    def start_index(self, actor: Actor) -> JobInfo:
        job = queue_index(self.kb.jobs, self.kb.security_log, actor)
        self._run(threading.Thread(target=run_index, name=f"index-job-{job.id}", daemon=True,
                                   args=(self.kb.search, self.kb.jobs, self.kb.security_log,
                                         job.id)))
        return job

    def _run(self, thread: threading.Thread) -> None:
        self.threads = [t for t in self.threads if t.is_alive()] + [thread]
        thread.start()

    def join(self, timeout: float | None = None) -> None:
        """Wait for the jobs this process started (tests and shutdown)."""
        for thread in list(self.threads):
            thread.join(timeout)
