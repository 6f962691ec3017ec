"""A worker in the test's own process: takes tasks from the real queue (the data
directory's queue.sqlite3, or huey_* on PostgreSQL) and runs them as `flask --app webapp
worker` does, one after the other, until the queue is empty.  Scheduled tasks (retries
with back-off, deliveries due later) run only when the test says how far to look ahead."""
from __future__ import annotations

import datetime as dt

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
