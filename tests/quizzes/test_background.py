"""Background work through the real work queue (the data directory's queue file), run by a
worker in this process (tests/support/work_queue.py): an import job claimed and run; an
import whose worker died retried, then failed with the reason; a delivery failing twice
retried with back-off (1 min, then 4 min) until it succeeds."""
from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys

import pytest
from sqlalchemy import select

from accounts.permissions import SYSTEM
from accounts.security_log import EventQuery
from core.actor import Actor
from core.job import DONE, FAILED, QUEUED, RUNNING
from quizzes.background import IMPORT_ATTEMPTS, TASK_DELIVER, local_worker_alive
from quizzes.notify.models import STATUS_PENDING, STATUS_SENT, OutboxMessage
from core.settings import Settings
from quizzes.services import open_services
from tests.quizzes.notify.servers import RobotServer
from tests.support.environment import FAST_ACCOUNTS
from tests.support.work_queue import run_queue, scheduled

ADMIN = Actor(1, username="root", ip="10.0.0.1")
DEAD = "another-host:4242"


def dead(worker: str) -> bool:
    return False


def test_an_import_waits_in_the_queue_until_a_worker_takes_it(kb, statutes_path):
    job = kb.background.start_import(ADMIN, str(statutes_path))
    assert kb.jobs.get(job.id).status == QUEUED and kb.catalogue.is_empty()
    assert kb.background.queued_tasks() == 1
    assert run_queue(kb) == 1
    done = kb.jobs.get(job.id)
    assert done.status == DONE and done.attempts == 1 and done.worker == kb.background.worker
    assert done.result["total_statutes"] == 7


def test_a_job_taken_already_is_not_run_twice(kb, statutes_path):
    job = kb.background.start_import(ADMIN, str(statutes_path))
    assert kb.jobs.claim(job.id, DEAD)          # another worker has it
    run_queue(kb)
    assert kb.jobs.get(job.id).status == RUNNING and kb.catalogue.is_empty()


def test_an_import_whose_worker_died_is_retried_then_failed_with_the_reason(kb, statutes_path):
    job = kb.background.start_import(ADMIN, str(statutes_path))
    kb.queue.dequeue()                           # the dead worker took the task ...
    assert kb.jobs.claim(job.id, DEAD)           # ... and the job, then died
    lines = kb.background.recover(alive=dead)
    assert len(lines) == 1 and "已重新排队" in lines[0]
    requeued = kb.jobs.get(job.id)
    assert requeued.status == QUEUED and "第 1 次尝试时工作进程" in requeued.message
    kb.queue.dequeue()                           # the retry dies as well
    assert kb.jobs.claim(job.id, DEAD) and kb.jobs.get(job.id).attempts == IMPORT_ATTEMPTS
    kb.background.recover(alive=dead)
    failed = kb.jobs.get(job.id)
    assert failed.status == FAILED and "已尝试 2 次，不再重试" in failed.message
    assert "法规库保持导入前的状态" in failed.message and kb.catalogue.is_empty()
    assert kb.security_log.page(EventQuery(action="import_failed")).total == 1
    assert run_queue(kb) == 0                    # nothing left in the queue


def test_a_retried_import_completes(kb, statutes_path):
    job = kb.background.start_import(ADMIN, str(statutes_path))
    kb.queue.dequeue()
    kb.jobs.claim(job.id, DEAD)
    kb.background.recover(alive=dead)
    assert run_queue(kb) == 1
    done = kb.jobs.get(job.id)
    assert done.status == DONE and done.attempts == 2 and done.result["total_statutes"] == 7


def test_a_worker_on_another_machine_is_dead_only_once_its_heartbeat_stops(kb, statutes_path, clock):
    job = kb.background.start_import(ADMIN, str(statutes_path))
    kb.queue.dequeue()
    kb.jobs.claim(job.id, DEAD)
    assert local_worker_alive(DEAD) is None      # not this machine: cannot tell
    assert kb.background.recover() == []         # heartbeat fresh: still working
    clock.advance(minutes=2)
    assert kb.jobs.beat(DEAD) == 1               # its watch thread beats
    clock.advance(minutes=2)
    assert kb.background.recover() == []
    clock.advance(minutes=4)                     # no beat for 4 minutes: dead
    assert len(kb.background.recover()) == 1 and kb.jobs.get(job.id).status == QUEUED


def test_a_dead_process_on_this_machine_is_dead_at_once():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert local_worker_alive(f"{socket.gethostname()}:{child.pid}") is False
    assert local_worker_alive(f"{socket.gethostname()}:{os.getpid()}") is True


@pytest.fixture
def flaky_robot(engine, staff):
    """A bureau robot whose webhook fails twice (HTTP 500), then answers."""
    with RobotServer(fail_times=2) as robots:
        engine.notice_admin.save_robot(SYSTEM, name="全局群", kind="webhook", url=robots.url + "/flaky",
                                       secret=None, department_id=None)
        yield robots


def outbox_row(engine) -> OutboxMessage:
    with engine.db.session() as session:
        return session.scalars(select(OutboxMessage)).one()


def next_pass_in(engine) -> float:
    """Seconds until the one scheduled delivery pass is due (wall time, as the queue keeps it)."""
    tasks = [t for t in scheduled(engine) if t.name == TASK_DELIVER]
    assert len(tasks) == 1
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    return (tasks[0].eta - now).total_seconds()


def test_a_delivery_failing_twice_is_retried_with_back_off_until_it_succeeds(
        engine, clock, make_question, make_round, trainer, flaky_robot):
    round_id = make_round([make_question()], publish=False)
    engine.lifecycle.open_round_now(trainer, round_id)   # queues the notice and a delivery pass
    run_queue(engine)
    first = outbox_row(engine)
    assert (first.status, first.attempts) == (STATUS_PENDING, 1) and "500" in first.last_error
    assert 50 <= next_pass_in(engine) <= 61            # the first retry: in a minute
    clock.advance(minutes=1)
    run_queue(engine, ahead=dt.timedelta(seconds=61))
    second = outbox_row(engine)
    assert (second.status, second.attempts) == (STATUS_PENDING, 2)
    assert 230 <= next_pass_in(engine) <= 241          # back-off: four minutes
    clock.advance(minutes=4)
    run_queue(engine, ahead=dt.timedelta(seconds=241))
    sent = outbox_row(engine)
    assert (sent.status, sent.attempts) == (STATUS_SENT, 2)
    assert [b["title"] for b in flaky_robot.bodies("/flaky")] == ["【练兵】第一期练兵 已开始"] * 3
    assert scheduled(engine) == []                     # nothing waits any more


def test_the_queue_runs_on_both_databases(backend_url, statutes_path, services_on):
    """On PostgreSQL the queue is Huey's PostgresStorage in the application's database
    (tables from our migration); on SQLite its own file beside the database."""
    kb = services_on(backend_url)
    try:
        job = kb.background.start_import(ADMIN, str(statutes_path))
        kb.background.deliver_soon()
        assert kb.background.queued_tasks() == 2
        assert run_queue(kb) == 2
        assert kb.jobs.get(job.id).status == DONE and not kb.catalogue.is_empty()
        job = kb.background.start_import(ADMIN, str(statutes_path))
        kb.queue.dequeue()
        kb.jobs.claim(job.id, DEAD)
        kb.background.recover(alive=dead)
        assert run_queue(kb) == 1 and kb.jobs.get(job.id).attempts == 2
    finally:
        kb.close()


@pytest.fixture
def services_on(tmp_path, clock):
    """Factory: the domain over a database URL, its data directory (the queue file on
    SQLite) in tmp_path."""
    def make(url: str):
        data_dir = tmp_path / "kbdata"
        data_dir.mkdir(exist_ok=True)
        return open_services(Settings(data_dir, url, data_dir), clock=clock, accounts=FAST_ACCOUNTS)
    return make
