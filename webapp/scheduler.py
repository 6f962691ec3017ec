"""The scheduler process (`flask --app webapp scheduler`): APScheduler wiring only.

What a job does lives in the domain (quizzes.push.PushService.tick, a reconcile pass that
is safe to run any number of times); this module runs it every SCHEDULER_INTERVAL_SECONDS
from one process.  The scheduler decides and enqueues; it sends nothing itself: after each
pass it queues a delivery pass for the workers (`flask --app webapp worker`), which also
sweeps up retries and rate-limited messages.  The job is kept in APScheduler's job store in the application
database, so the schedule survives restarts; a missed run is simply the next pass (the
tick catches up from the database, once).  A lease row keeps a second scheduler started by
mistake on standby.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import socket

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask
from sqlalchemy.exc import IntegrityError, ProgrammingError

from quizzes.lease import Lease
from webapp.extensions import services

JOB_ID = "push-tick"
log = logging.getLogger("webapp.scheduler")
# The app the scheduled job runs in: set by `run_scheduler` before the scheduler starts
# (APScheduler stores the job by reference, so the job function takes no arguments).
_app: Flask | None = None
_lease: Lease | None = None


def scheduled_tick() -> None:
    """The job: one reconcile pass, if this process holds the lease."""
    with _app.app_context():
        if not _lease.acquire():
            log.info("另一个调度进程正在运行，本进程待命")
            return
        report = services().push.tick()
        services().background.deliver_soon()
        for error in report.errors:
            log.warning("推送：%s", error)
        if report.announced:
            log.info("已发出：%s", "；".join(report.announced))
        if report.sent and (report.sent.sent or report.sent.failed):
            log.info("外部通知：发送 %d，失败 %d，放弃 %d", report.sent.sent, report.sent.failed,
                     report.sent.gave_up)


def create_job_table(store: SQLAlchemyJobStore) -> None:
    """APScheduler's job table, made once whichever scheduler gets there first: two
    schedulers started together on a new PostgreSQL database both find no table and both
    CREATE it, and the second dies of the duplicate (the cluster test caught it); the
    loser's error means the table is there."""
    try:
        store.jobs_t.create(store.engine, checkfirst=True)
    except (IntegrityError, ProgrammingError):
        store.jobs_t.create(store.engine, checkfirst=True)   # the other one made it: a no-op now


def build_scheduler(app: Flask, scheduler_class=BlockingScheduler):
    """A scheduler whose job store is the app database, with the tick job registered."""
    global _app, _lease
    _app = app
    kb = services(app)
    _lease = Lease(kb.db.session, kb.clock, f"{socket.gethostname()}:{os.getpid()}")
    store = SQLAlchemyJobStore(engine=kb.db.engine)
    create_job_table(store)
    scheduler = scheduler_class(
        jobstores={"default": store},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        timezone="Asia/Shanghai")
    scheduler.add_job("webapp.scheduler:scheduled_tick", "interval", id=JOB_ID,
                      seconds=int(app.config["SCHEDULER_INTERVAL_SECONDS"]), replace_existing=True,
                      next_run_time=dt.datetime.now(dt.timezone.utc))
    return scheduler


def run_scheduler(app: Flask) -> None:
    scheduler = build_scheduler(app)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        if _lease is not None:
            _lease.release()
