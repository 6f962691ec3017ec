"""A search-index rebuild as a background job: progress in the job (any worker, any reload
sees it), outcome in the job and the audit log.  Searches keep using the old index until
the new one is complete (`kb.search.SearchService.rebuild`)."""
from __future__ import annotations

import logging

from core.job import JobInfo, JobStore, ProgressWriter
from kb.search import SearchService
from core.actor import Actor
from accounts.security_log import SecurityLog

KIND_INDEX = "index"
log = logging.getLogger(__name__)


def queue_index(jobs: JobStore, log_: SecurityLog, actor: Actor) -> JobInfo:
    """Record a rebuild job (Conflict while one is running); the caller runs it."""
    job = jobs.create(actor, KIND_INDEX, "重建检索索引", {})
    log_.record(actor, "index_started", "search", f"任务 #{job.id}")
    return job


def run_index(search: SearchService, jobs: JobStore, log_: SecurityLog, job_id: int) -> None:
    """Run a queued rebuild to its end; never raises (the outcome is in the job)."""
    job = jobs.get(job_id)
    jobs.start(job_id)
    try:
        # Every other app server rebuilds too, when its follower reads this feed row; this
        # one's rebuild below already includes it.
        search.feed.request_rebuild()
        summary = search.rebuild(ProgressWriter(jobs, job_id))
    except Exception as error:  # noqa: BLE001 - a job must record any failure, not vanish
        log.exception("index job %s failed", job_id)
        message = f"重建中断，原索引仍在使用：{error.__class__.__name__}：{error}"
        jobs.fail(job_id, message)
        log_.record(job.created_by, "index_failed", "search", message)
        return
    message = f"检索索引已重建：文档 {summary.documents} 篇，用时 {summary.seconds:.0f} 秒"
    jobs.finish(job_id, message, {"documents": summary.documents,
                                  "seconds": round(summary.seconds, 1)})
    log_.record(job.created_by, "index_finished", "search", message)
