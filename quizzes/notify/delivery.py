"""A delivery thread for a process of its own: sends queued email and robot messages as
soon as they are queued.  Since issue 17 the worker processes deliver (a pass queued in
the work queue, quizzes.background); what is left here is `flush()`, one pass in the
caller's thread for a command that exits right after its action (`rounds close …`,
`push tick`), and the thread for a process that wants one (bench/delivery_bench.py).

One small thread per process.  `wake()` (wired to the notifier: every notice written to the
outbox calls it) starts a pass at once; between wakes a sweep every `sweep_seconds` sends
what is left over (retries coming due, messages held back by a robot's rate limit, rows
queued by another process).  Several processes may each run a worker: the sender claims
every row with a compare-and-set update, so a message goes out once whoever claims it.
"""
from __future__ import annotations

import logging
import threading

from quizzes.notify.sender import OutboxSender, SendReport

log = logging.getLogger(__name__)


class DeliveryWorker:
    def __init__(self, sender: OutboxSender, sweep_seconds: float = 60):
        self.sender = sender
        self.sweep_seconds = sweep_seconds
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._passes = threading.Condition()
        self._requested = 0   # wakes asked for so far
        self._served = 0      # wakes a finished pass started after
        self._thread: threading.Thread | None = None

    @property
    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.is_running:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="notice-delivery", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Ask for a pass now (one pass serves every wake before it starts)."""
        with self._passes:
            self._requested += 1
        self._wake.set()

    def wait_idle(self, timeout: float) -> bool:
        """Block until every wake asked for so far has been served by a finished pass
        (False on timeout): how a command or a test knows its notices went out."""
        with self._passes:
            return self._passes.wait_for(lambda: self._served >= self._requested, timeout)

    def flush(self) -> SendReport:
        """One pass in the caller's thread, for a command that exits right after its action."""
        with self._passes:
            ticket = self._requested
        report = self.sender.run_once()
        with self._passes:
            self._served = max(self._served, ticket)
            self._passes.notify_all()
        return report

    def stop(self, timeout: float = 30) -> None:
        """Finish the pass asked for (if any) and end the thread."""
        if not self.is_running:
            return
        self._stopping.set()
        self._wake.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            self._wake.wait(self.sweep_seconds)
            self._wake.clear()
            with self._passes:
                ticket = self._requested
            try:
                self.sender.run_once()
            except Exception:  # noqa: BLE001 — a database hiccup must not end delivery for good
                log.exception("通知发送失败，将在下一次唤醒或定时检查时重试")
            with self._passes:
                self._served = ticket
                self._passes.notify_all()
            if self._stopping.is_set():
                return
