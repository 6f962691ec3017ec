"""Background jobs (a statute import started from the browser, an index rebuild): their
state and progress live in the database, so every process and every page reload sees the
same progress, and a job whose process died shows as interrupted.

This module only records; running a job is the caller's business: an import runs in a
worker process taken from the work queue (quizzes.background), which claims the job here
(`claim`: queued → running, naming the worker), keeps its heartbeat and, when a worker died
in the middle, puts the job back in the queue or fails it with the reason (`requeue`,
`fail`).  What an import job does is kb/import_job.py.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import (JSON, DateTime, ForeignKey, Integer, LargeBinary, String, Text, delete, func,
                        select, update)
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import Clock, from_db, to_db
from core.db import Base
from core.errors import Conflict, NotFound
from core.actor import Actor

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
# Shown for a running job whose heartbeat stopped: its process was killed or restarted.
INTERRUPTED = "interrupted"
STATUS_NAMES = {QUEUED: "排队中", RUNNING: "进行中", DONE: "已完成", FAILED: "失败",
                INTERRUPTED: "已中断"}


class Job(Base):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(String(200))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default=QUEUED)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    current: Mapped[str] = mapped_column(String(300), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[dict] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(Integer)
    created_by_name: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Tries so far (a worker killed in the middle of one leaves it to a retry).
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The worker running it ("host:pid"), so a dead worker's jobs can be found.
    worker: Mapped[str] = mapped_column(String(100), default="", server_default="")


class JobFile(Base):
    """What a job produced for its starter to download (an export): in the database, so
    whichever app server the starter reaches serves it; kept FILE_DAYS days."""
    __tablename__ = "job_files"

    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)


FILE_DAYS = 7


@dataclass(frozen=True)
class JobInfo:
    id: int
    kind: str
    title: str
    params: dict
    status: str
    done: int
    total: int
    current: str
    message: str
    result: dict
    created_by: Actor
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    attempts: int = 0
    worker: str = ""
    heartbeat_at: dt.datetime | None = None

    @property
    def status_name(self) -> str:
        return STATUS_NAMES.get(self.status, self.status)

    @property
    def is_finished(self) -> bool:
        return self.status in (DONE, FAILED, INTERRUPTED)

    @property
    def percent(self) -> int:
        if self.status == DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    def to_json(self) -> dict:
        return {"id": self.id, "kind": self.kind, "title": self.title, "status": self.status,
                "status_name": self.status_name, "done": self.done, "total": self.total,
                "percent": self.percent, "current": self.current, "message": self.message,
                "finished": self.is_finished, "attempts": self.attempts}


class JobStore:
    def __init__(self, sessions, clock: Clock, stale_after: dt.timedelta = dt.timedelta(minutes=3)):
        self.sessions = sessions
        self.clock = clock
        self.stale_after = stale_after

    def create(self, actor: Actor, kind: str, title: str, params: dict,
               exclusive: bool = True) -> JobInfo:
        """A queued job; when `exclusive`, Conflict while another job of the same kind is
        still going."""
        with self.sessions() as session, session.begin():
            going = select(Job).where(Job.kind == kind, Job.status.in_((QUEUED, RUNNING)))
            for row in session.scalars(going) if exclusive else ():
                if self._info(row).status in (QUEUED, RUNNING):
                    raise Conflict(f"已有任务“{row.title}”正在进行（{row.done}/{row.total}），请等待其完成")
            row = Job(kind=kind, title=title, params=params, status=QUEUED,
                      created_by_id=actor.id, created_by_name=actor.username,
                      created_at=to_db(self.clock.now()))
            session.add(row)
            session.flush()
            return self._info(row)

    def _update(self, job_id: int, **values) -> None:
        values["heartbeat_at"] = to_db(self.clock.now())
        with self.sessions() as session, session.begin():
            row = session.get(Job, job_id)
            if row is None:
                raise NotFound("任务不存在")
            for key, value in values.items():
                setattr(row, key, value)

    def start(self, job_id: int) -> None:
        self._update(job_id, status=RUNNING, started_at=to_db(self.clock.now()))

    def claim(self, job_id: int, worker: str) -> bool:
        """queued → running for this worker, one more attempt; False when the job is not
        queued (done, failed, or taken by another worker): a compare-and-set update."""
        now = to_db(self.clock.now())
        with self.sessions() as session, session.begin():
            claimed = session.execute(
                update(Job).where(Job.id == job_id, Job.status == QUEUED)
                .values(status=RUNNING, worker=worker, attempts=Job.attempts + 1,
                        started_at=now, heartbeat_at=now, message="")).rowcount
        return claimed == 1

    def beat(self, worker: str) -> int:
        """The heartbeat of every job this worker runs (the count of them)."""
        with self.sessions() as session, session.begin():
            return session.execute(update(Job).where(Job.status == RUNNING, Job.worker == worker)
                                   .values(heartbeat_at=to_db(self.clock.now()))).rowcount

    def running(self) -> list[JobInfo]:
        """Jobs recorded as running (whatever their heartbeat says)."""
        with self.sessions() as session:
            rows = session.scalars(select(Job).where(Job.status == RUNNING).order_by(Job.id))
            return [self._info(row, stored=True) for row in rows]

    def requeue(self, job_id: int, message: str) -> bool:
        """running → queued again (its worker died): False when it is no longer running."""
        with self.sessions() as session, session.begin():
            return session.execute(
                update(Job).where(Job.id == job_id, Job.status == RUNNING)
                .values(status=QUEUED, worker="", message=message,
                        heartbeat_at=to_db(self.clock.now()))).rowcount == 1

    def fail_running(self, job_id: int, message: str) -> bool:
        """running → failed with the reason (its worker died once too often)."""
        now = to_db(self.clock.now())
        with self.sessions() as session, session.begin():
            return session.execute(
                update(Job).where(Job.id == job_id, Job.status == RUNNING)
                .values(status=FAILED, message=message, finished_at=now,
                        heartbeat_at=now)).rowcount == 1

    def attach(self, job_id: int, filename: str, media_type: str, content: bytes) -> None:
        """Keep the job's file (and drop files older than FILE_DAYS)."""
        now = self.clock.now()
        with self.sessions() as session, session.begin():
            session.execute(delete(JobFile).where(JobFile.created_at < to_db(now - dt.timedelta(days=FILE_DAYS))))
            session.add(JobFile(job_id=job_id, filename=filename, media_type=media_type, content=content,
                                created_at=to_db(now)))

    def file(self, job_id: int) -> tuple[str, str, bytes]:
        """(file name, media type, bytes) of a job's file; NotFound when there is none (any more)."""
        with self.sessions() as session:
            row = session.get(JobFile, job_id)
            if row is None:
                raise NotFound(f"任务的文件不存在或已超过 {FILE_DAYS} 天被清理，请重新导出")
            return row.filename, row.media_type, row.content

    def counts(self) -> dict[str, int]:
        """How many jobs are in each state (interrupted ones counted apart)."""
        totals = dict.fromkeys(STATUS_NAMES, 0)
        with self.sessions() as session:
            for row in session.scalars(select(Job).where(Job.status.in_((QUEUED, RUNNING)))):
                totals[self._info(row).status] += 1
            for status, count in session.execute(
                    select(Job.status, func.count(Job.id)).where(Job.status.in_((DONE, FAILED)))
                    .group_by(Job.status)):
                totals[status] = count
        return totals

    def progress(self, job_id: int, done: int, total: int, current: str = "") -> None:
        self._update(job_id, done=done, total=total, current=current[-300:])

    def finish(self, job_id: int, message: str, result: dict) -> None:
        self._update(job_id, status=DONE, message=message, result=result,
                     finished_at=to_db(self.clock.now()))

    def fail(self, job_id: int, message: str) -> None:
        self._update(job_id, status=FAILED, message=message, finished_at=to_db(self.clock.now()))

    def get(self, job_id: int) -> JobInfo:
        with self.sessions() as session:
            row = session.get(Job, job_id)
            if row is None:
                raise NotFound("任务不存在")
            return self._info(row)

    def recent(self, kind: str | None = None, limit: int = 10,
               status: str | None = None) -> list[JobInfo]:
        stmt = select(Job).order_by(Job.id.desc()).limit(limit)
        if kind:
            stmt = stmt.where(Job.kind == kind)
        if status in (DONE, FAILED):
            stmt = stmt.where(Job.status == status)
        elif status in (QUEUED, RUNNING, INTERRUPTED):
            stmt = stmt.where(Job.status.in_((QUEUED, RUNNING)))
        with self.sessions() as session:
            jobs = [self._info(row) for row in session.scalars(stmt)]
        return [job for job in jobs if status in (None, DONE, FAILED) or job.status == status]

    def _info(self, row: Job, stored: bool = False) -> JobInfo:
        """The job as shown: a running job whose heartbeat stopped is interrupted (a queued
        one waits for a worker however long); `stored`: the status as recorded."""
        status = row.status
        beat = from_db(row.heartbeat_at or row.created_at)
        if not stored and status == RUNNING and self.clock.now() - beat > self.stale_after:
            status = INTERRUPTED
        return JobInfo(row.id, row.kind, row.title, dict(row.params or {}), status, row.done,
                       row.total, row.current, row.message, dict(row.result or {}),
                       Actor(row.created_by_id, username=row.created_by_name), from_db(row.created_at),
                       from_db(row.started_at), from_db(row.finished_at), row.attempts or 0,
                       row.worker or "", from_db(row.heartbeat_at or row.created_at))


class ProgressWriter:
    """A progress callback (done, total, name) that writes at most ~200 times per job."""

    def __init__(self, store: JobStore, job_id: int, steps: int = 200):
        self.store = store
        self.job_id = job_id
        self.steps = steps
        self.written = -1

    def __call__(self, done: int, total: int, name: str) -> None:
        if done == total or self.written < 0 or done - self.written >= max(1, total // self.steps):
            self.store.progress(self.job_id, done, total, name)
            self.written = done
