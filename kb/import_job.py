"""What a statute-import job does: import a folder (kb.library_import: the import and its
follow-up, relinking and the search index) with progress recorded in the job, and record
the outcome in the job and the audit log.
"""
from __future__ import annotations

import logging
from pathlib import Path

from core.errors import InvalidInput
from kb.importer import ImportSummary, ProgressCallback
from kb.library_import import IMPORT_PHASE, LINK_PHASE, LibraryImport
from core.job import JobInfo, JobStore, ProgressWriter
from core.actor import Actor
from accounts.security_log import SecurityLog
from laws.corpus import CorpusError

KIND_IMPORT = "import"
MAX_WARNINGS_KEPT = 100
log = logging.getLogger(__name__)


def summary_json(summary: ImportSummary) -> dict:
    return {"files": summary.files, "documents": summary.documents,
            "new_versions": summary.new_versions, "updated_versions": summary.updated_versions,
            "unchanged": summary.unchanged, "duplicates": summary.duplicates,
            "skipped": summary.skipped, "articles": summary.articles,
            "warning_count": len(summary.warnings),
            "warnings": [str(w) for w in summary.warnings[:MAX_WARNINGS_KEPT]],
            "total_statutes": summary.total_statutes, "total_versions": summary.total_versions,
            "total_articles": summary.total_articles}


def summary_message(summary: ImportSummary) -> str:
    return (f"读取文件 {summary.files} 个，新版本 {summary.new_versions}，更新 "
            f"{summary.updated_versions}，未变化 {summary.unchanged}，跳过 {summary.skipped}；"
            f"法规库现有法规 {summary.total_statutes} 部、条文 {summary.total_articles} 条")


def queue_import(jobs: JobStore, log_: SecurityLog, actor: Actor, path: str) -> JobInfo:
    """Record a new import job (Conflict while one is running); the caller runs it."""
    if not path.strip():
        raise InvalidInput("请填写要导入的文件夹路径")
    folder = Path(path.strip()).expanduser()
    if not folder.exists():
        raise InvalidInput(f"路径不存在：{folder}")
    job = jobs.create(actor, KIND_IMPORT, f"导入法规：{folder}", {"path": str(folder)})
    log_.record(actor, "import_started", str(folder), f"任务 #{job.id}")
    return job


class JobProgress:
    """The job's progress: the import counts files; the phases after it (linking, the
    index) show in the job's "current" line only, the file count staying complete."""

    def __init__(self, jobs: JobStore, job_id: int):
        self.jobs, self.job_id = jobs, job_id
        self.writer = ProgressWriter(jobs, job_id)
        self.files = 0

    def __call__(self, title: str) -> ProgressCallback:
        if title == IMPORT_PHASE:
            return self._count_files
        detail = "链接法条引用 {done}/{total}：{name}" if title == LINK_PHASE else title + " {done}/{total}"
        return lambda done, total, name: self.jobs.progress(
            self.job_id, self.files, self.files, detail.format(done=done, total=total, name=name))

    def _count_files(self, done: int, total: int, name: str) -> None:
        self.files = total
        self.writer(done, total, name)


def run_import(library_import: LibraryImport, jobs: JobStore, log_: SecurityLog,
               job_id: int) -> None:
    """Run a queued import job to its end; never raises (the outcome is in the job)."""
    job = jobs.get(job_id)
    jobs.start(job_id)
    try:
        summary = library_import.import_path(Path(job.params["path"]), JobProgress(jobs, job_id),
                                             build_index=True, actor=job.created_by).summary
    except CorpusError as error:
        _failed(jobs, log_, job, str(error))
        return
    except Exception as error:  # noqa: BLE001 - a job must record any failure, not vanish
        log.exception("import job %s failed", job_id)
        _failed(jobs, log_, job, f"导入中断：{error.__class__.__name__}：{error}")
        return
    jobs.finish(job_id, summary_message(summary), summary_json(summary))
    log_.record(job.created_by, "import_finished", job.params["path"], summary_message(summary))


def _failed(jobs: JobStore, log_: SecurityLog, job: JobInfo, message: str) -> None:
    jobs.fail(job.id, message)
    log_.record(job.created_by, "import_failed", job.params.get("path", ""), message)
