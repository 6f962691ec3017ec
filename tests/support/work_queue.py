"""A worker in the test's own process: takes tasks from the real queue (the data
directory's queue.sqlite3, or huey_* on PostgreSQL) and runs them as `flask --app webapp
worker` does, one after the other, until the queue is empty.  Scheduled tasks (retries
with back-off, deliveries due later) run only when the test says how far to look ahead.
And, for a real worker process, how to catch it inside an import's write transaction to
SIGKILL it there."""
from __future__ import annotations

import datetime as dt
import signal
import sqlite3
import subprocess
import threading
import time

from sqlalchemy import text

from core.job import QUEUED, RUNNING
from kb.importer import WRITING

from quizzes.services import Services


def run_queue(kb: Services, *, ahead: dt.timedelta | None = None, limit: int = 200) -> int:
    """Run every task queued now (and, with `ahead`, the scheduled ones due within it);
    returns how many ran."""
    queue = kb.queue
    ran = 0
    while ran < limit:
        horizon = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) + (ahead or dt.timedelta(0))
        if ahead is not None:
            for task in queue.read_schedule(horizon):
                queue.enqueue(task)
        task = queue.dequeue()
        if task is None:
            return ran
        if task.eta is not None and task.eta <= horizon:
            task.eta = None   # its time has come, as far as this test is concerned
        queue.execute(task)
        ran += 1
    raise AssertionError(f"队列在 {limit} 个任务后仍未清空")


def scheduled(kb: Services) -> list:
    """The tasks waiting for their time (retries, later deliveries)."""
    return [kb.queue.deserialize_task(data) for data in kb.queue.storage.scheduled_items()]


class QueueWorker:
    """A worker thread in the test's process for a served app (the browser tests): takes
    each task as it is queued, as `flask --app webapp worker` would, until stopped."""

    def __init__(self, kb: Services):
        self.kb = kb
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="test-queue-worker", daemon=True)

    def __enter__(self) -> "QueueWorker":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self.thread.join(timeout=60)

    def _run(self) -> None:
        while not self.stopping.is_set():
            task = self.kb.queue.dequeue()
            if task is None:
                self.stopping.wait(0.05)   # an idle poll, as Huey's consumer does
                continue
            self.kb.queue.execute(task)


# Seconds: an upper bound on waiting for a worker to start writing, not a timing.
WRITE_DEADLINE = 300


def holds_the_writer(kb: Services) -> bool:
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


def kill_inside_the_transaction(process: subprocess.Popen, kb: Services, job_id: int) -> None:
    """SIGKILL the worker process once it is writing the import's transaction."""
    deadline = time.monotonic() + WRITE_DEADLINE
    while time.monotonic() < deadline:
        job = kb.jobs.get(job_id)
        assert job.status in (QUEUED, RUNNING), f"导入在被终止前已结束：{job.status} {job.message}"
        if job.current == WRITING and holds_the_writer(kb):
            process.send_signal(signal.SIGKILL)
            process.wait()
            return
        assert process.poll() is None, f"工作进程提前退出（返回码 {process.returncode}）"
        time.sleep(0.01)
    raise AssertionError("工作进程未在时限内开始写入")
