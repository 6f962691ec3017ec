"""Background work taken from the work queue (core.work_queue) by the worker processes
(`flask --app webapp worker`): statute imports started in the browser, notice delivery and
long exports (a round's results workbook for a city-wide round).

Asking is cheap and done anywhere (a web request, the scheduler, a command): a task is a
row in the queue.  Doing is the worker's:
- An import is a job row (core.job: progress and outcome for the pages) plus a queue task
  naming it.  The worker claims the job (queued → running, its name and one more
  attempt), imports (kb.import_job; the import is one transaction) and records the outcome.
  A worker killed in the middle leaves the job running with a dead worker: `recover` (run
  by every worker when it starts and every minute after) puts it back in the queue, or,
  after IMPORT_ATTEMPTS tries, fails it with the reason.  The library is as it was before
  the killed try, since its transaction never committed.
- An export is a job too: the worker builds the workbook as the trainer who asked (the
  actor is kept in the job), stores it with the job (core.job.JobFile, in the database, so
  any app server serves the download) and only its starter (or an admin) may fetch it.
- A delivery is one pass of the outbox sender (quizzes.notify.sender: claims, sends, and
  records a failed try with its back-off — 1, 4, 16 min … — on the message).  After the
  pass the next one is scheduled in the queue for when the earliest retry falls due (one
  scheduled pass per due second), so retries with back-off leave on time without the
  scheduler; a pass that raised (the database unreachable) is retried by the queue itself
  with its own back-off.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from dataclasses import asdict, dataclass, field
from contextlib import contextmanager
from typing import Callable, Iterator

from huey import Huey

from accounts.permissions import is_admin, require_manager
from accounts.security_log import SecurityLog
from core.actor import Actor
from core.clock import Clock
from core.errors import InvalidInput, KbError, NotFound, PermissionDenied
from core.job import STATUS_NAMES, JobInfo, JobStore
from kb.import_job import KIND_IMPORT, queue_import, run_import
from kb.library_import import LibraryImport
from quizzes.exports import ExportService
from quizzes.notify.sender import OutboxSender, SendReport
from quizzes.rounds import RoundService

TASK_IMPORT = "import-statutes"
TASK_EXPORT = "export-results"
TASK_DELIVER = "deliver-notices"
KIND_EXPORT = "export"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Tries of one import before a job whose worker keeps dying is failed.
IMPORT_ATTEMPTS = 2
log = logging.getLogger(__name__)

# Whether a worker ("host:pid") is alive: True or False when it can tell (same host),
# None when it cannot (another machine: its heartbeat decides).
WorkerAlive = Callable[[str], "bool | None"]


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def local_worker_alive(worker: str) -> bool | None:
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class DeliveryPolicy:
    """The queue's side of delivery (the messages' own back-off is the sender's
    RetryPolicy): a pass that raised is tried again `retries` times after `retry_delay`
    seconds, growing by `backoff`; messages held back (a robot's rate limit, email not
    configured) are looked at again after `deferred_seconds`."""
    retries: int = 6
    retry_delay: float = 5
    backoff: float = 2
    deferred_seconds: float = 60


DEFAULT_POLICY = DeliveryPolicy()


@dataclass(frozen=True)
class WorkOverview:
    """What the admins' job page shows: the jobs (of one state, or all), how many are in
    each state, the queue's depth, and the outbox's messages by state."""
    jobs: list[JobInfo]
    counts: dict[str, int]
    status: str | None
    queued_tasks: int
    scheduled_tasks: int
    notices: dict[str, int] = field(default_factory=dict)


class Background:
    def __init__(self, queue: Huey, clock: Clock, jobs: JobStore, security_log: SecurityLog,
                 library_import: LibraryImport, sender: OutboxSender, rounds: RoundService,
                 exports: ExportService, notice_counts: Callable[[], dict[str, int]] = dict,
                 policy: DeliveryPolicy = DEFAULT_POLICY, worker: str | None = None):
        self.queue = queue
        self.notice_counts = notice_counts
        self.clock = clock
        self.jobs = jobs
        self.security_log = security_log
        self.library_import = library_import
        self.sender = sender
        self.rounds = rounds
        self.exports = exports
        self.policy = policy
        self.worker = worker or worker_name()
        self._import = queue.task(name=TASK_IMPORT)(self._run_import)
        self._export = queue.task(name=TASK_EXPORT)(self._run_export)
        # What runs a job of each kind again when its worker died.
        self._retry = {KIND_IMPORT: self._import, KIND_EXPORT: self._export}
        self._deliver = queue.task(name=TASK_DELIVER, retries=policy.retries,
                                   retry_delay=policy.retry_delay,
                                   retry_backoff=policy.backoff)(self._run_delivery)

    # Asking (any process)

    def start_import(self, actor: Actor, path: str) -> JobInfo:
        """Record an import job and queue it for a worker (InvalidInput, Conflict as
        kb.import_job.queue_import)."""
        job = queue_import(self.jobs, self.security_log, actor, path)
        self._import(job.id)
        return job

    def start_export(self, actor: Actor, round_id: int) -> JobInfo:
        """Queue the round's results workbook (managers only, as the export itself)."""
        require_manager(actor, "导出轮次成绩")
        title = self.rounds.get_round(actor, round_id).summary.title
        job = self.jobs.create(actor, KIND_EXPORT, f"导出成绩：{title}",
                               {"round_id": round_id, "actor": asdict(actor),
                                "filename": f"练兵成绩-轮次{round_id}.xlsx"}, exclusive=False)
        self._export(job.id)
        return job

    def export_job(self, actor: Actor, job_id: int) -> JobInfo:
        """An export job, to the trainer who started it (or an admin)."""
        job = self.jobs.get(job_id)
        if job.kind != KIND_EXPORT:
            raise NotFound("导出任务不存在")
        if job.created_by.id != actor.id and not is_admin(actor):
            raise PermissionDenied("只有发起导出的人可以查看和下载")
        return job

    def export_file(self, actor: Actor, job_id: int) -> tuple[str, str, bytes]:
        self.export_job(actor, job_id)
        return self.jobs.file(job_id)

    def deliver_soon(self) -> None:
        """Queue a delivery pass now (the notifier calls it whenever it queues messages)."""
        self._deliver()

    def overview(self, status: str | None = None, limit: int = 50) -> WorkOverview:
        if status is not None and status not in STATUS_NAMES:
            raise InvalidInput(f"未知的任务状态：{status}")
        return WorkOverview(self.jobs.recent(limit=limit, status=status), self.jobs.counts(), status,
                            self.queued_tasks(), self.scheduled_tasks(), self.notice_counts())

    def queued_tasks(self) -> int:
        return self.queue.pending_count()

    def scheduled_tasks(self) -> int:
        return self.queue.scheduled_count()

    # Doing (the worker)

    def _run_import(self, job_id: int) -> None:
        if not self.jobs.claim(job_id, self.worker):
            log.info("导入任务 #%s 已不在排队中，跳过", job_id)
            return
        with self._failing(job_id, "导入中断"):
            run_import(self.library_import, self.jobs, self.security_log, job_id)

    def _run_export(self, job_id: int) -> None:
        if not self.jobs.claim(job_id, self.worker):
            return
        job = self.jobs.get(job_id)
        self.jobs.progress(job_id, 0, 1, "生成 Excel 工作簿")
        with self._failing(job_id, "导出失败"):
            try:
                data = self.exports.round_results_workbook(Actor(**job.params["actor"]), job.params["round_id"])
            except KbError as error:
                self.jobs.fail(job_id, str(error))
                return
            filename = job.params["filename"]
            self.jobs.attach(job_id, filename, XLSX, data)
            self.jobs.progress(job_id, 1, 1, filename)
            self.jobs.finish(job_id, f"已生成 {filename}（{max(1, len(data) // 1024)} KB），可以下载",
                             {"filename": filename, "bytes": len(data)})

    @contextmanager
    def _failing(self, job_id: int, what: str) -> Iterator[None]:
        """Whatever escapes a claimed job fails it with the reason, rather than leaving it
        running under a live worker's heartbeat for ever."""
        try:
            yield
        except Exception as error:  # noqa: BLE001 - a job must record any failure, not vanish
            log.exception("job %s failed", job_id)
            self.jobs.fail(job_id, f"{what}：{error.__class__.__name__}：{error}")

    def _run_delivery(self, due_key: str | None = None) -> SendReport:
        if due_key is not None:
            self.queue.delete(due_key)
        report = self.sender.run_once()
        self._schedule_next(report)
        return report

    def _schedule_next(self, report: SendReport) -> None:
        due = self.sender.next_due()
        if due is None:
            return
        delay = (due - self.clock.now()).total_seconds()
        if delay <= 0:
            if not report.deferred:
                return   # queued during this pass: whoever queued it asked for its own pass
            delay = self.policy.deferred_seconds
        at = int(dt.datetime.now(dt.timezone.utc).timestamp() + delay)
        key = f"delivery-at:{at}"
        if self.queue.put_if_empty(key, b"1"):
            self._deliver.schedule(kwargs={"due_key": key}, delay=max(0.0, delay))

    def beat(self) -> int:
        """The heartbeat of the jobs this worker runs."""
        return self.jobs.beat(self.worker)

    def recover(self, alive: WorkerAlive = local_worker_alive) -> list[str]:
        """Import jobs whose worker died: queued again, or failed once they used up their
        attempts.  Returns what was done, one Chinese line per job."""
        done = []
        for job in self.jobs.running():
            if job.kind not in self._retry or job.worker == self.worker or not self._is_dead(job, alive):
                continue
            line = self._requeue(job) if job.attempts < IMPORT_ATTEMPTS else self._give_up(job)
            if line:
                done.append(f"任务 #{job.id}：{line}")
        return done

    def _requeue(self, job: JobInfo) -> str | None:
        message = f"第 {job.attempts} 次尝试时工作进程（{job.worker}）中途退出，" + (
            "导入未生效（导入是一个事务，法规库保持原样），已重新排队" if job.kind == KIND_IMPORT else "已重新排队")
        if not self.jobs.requeue(job.id, message):
            return None
        self._retry[job.kind](job.id)
        return message

    def _give_up(self, job: JobInfo) -> str | None:
        message = f"工作进程（{job.worker}）中途退出，已尝试 {job.attempts} 次，不再重试；" + (
            "导入是一个事务，法规库保持导入前的状态。请检查服务器内存与日志后重新导入"
            if job.kind == KIND_IMPORT else "请检查服务器内存与日志后重新发起")
        if not self.jobs.fail_running(job.id, message):
            return None
        if job.kind == KIND_IMPORT:
            self.security_log.record(job.created_by, "import_failed", job.params.get("path", ""), message)
        return message

    def _is_dead(self, job: JobInfo, alive: WorkerAlive) -> bool:
        verdict = alive(job.worker) if job.worker else None
        if verdict is not None:
            return not verdict
        beat = job.heartbeat_at or job.created_at
        return self.clock.now() - beat > self.jobs.stale_after
