"""A worker in the test's own process: takes tasks from the real queue (the data
directory's queue.sqlite3, or huey_* on PostgreSQL) and runs them as `flask --app webapp
worker` does, one after the other, until the queue is empty.  Scheduled tasks (retries
with back-off, deliveries due later) run only when the test says how far to look ahead."""
from __future__ import annotations

import datetime as dt
import threading

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
