"""Benchmark: notices of a 2,000-person round delivered through the worker process.

Usage: python -m bench.worker_delivery_bench [--runs 3] [--people 2000] [--threads 4]
                                              [--postgres postgresql+psycopg://…/postgres]
Each run builds a fresh data directory (as bench.push_bench: the fixture statutes, a small
bank, staff with email in 15 departments, a group robot per department and one for the
bureau), starts a real worker (`flask --app webapp worker`, a subprocess, email to a
local SMTP sink, robots to a local webhook server), then times 立即开始 of a round for
everyone: the action itself (it writes the inbox and the outbox and queues a delivery
pass), and the time from its return until the SMTP sink holds every person's email and
the webhook server every robot's post.  Target (issue 17): all delivered within 60 s.
With --postgres (a server URL, e.g. from scripts/start-postgres.sh) each run uses a
scratch database on that server: the queue is then Huey's PostgresStorage in it and the
worker wakes on NOTIFY.  Prints each run and the medians.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from accounts.permissions import actor_of
from bench.push_bench import OPENING, STATUTES, populate
from core.clock import FixedClock
from core.db import scratch_database
from core.settings import Settings, sqlite_url
from quizzes.notify.channels import EmailTransport, SmtpSettings
from quizzes.round_spec import RoundSpec
from quizzes.services import NoticeOptions, open_services
from tests.quizzes.notify.servers import RobotServer, SmtpSink

ROOT = Path(__file__).resolve().parent.parent
ROBOTS = 16
DEADLINE = 600


def start_worker(data_dir: Path, database_url: str, smtp_port: int, threads: int) -> subprocess.Popen:
    env = {**os.environ, "KB_DATA_DIR": str(data_dir), "KB_CORPUS": str(STATUTES),
           "KB_DATABASE_URL": database_url,
           "KB_MAIL_SERVER": "127.0.0.1", "KB_MAIL_PORT": str(smtp_port), "KB_MAIL_SECURITY": "none",
           "KB_MAIL_SENDER": "kb@audit.example"}
    worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "webapp", "worker",
                               "--threads", str(threads)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    worker.stdout.readline()   # "后台工作进程已启动…": the app is open, the consumer starting
    return worker


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"{what}: not done within {DEADLINE} s")
        time.sleep(0.05)


def run(people: int, threads: int, postgres: str | None) -> tuple[float, float]:
    clock = FixedClock(OPENING - dt.timedelta(days=1))   # before the schedule's period: no push
    with tempfile.TemporaryDirectory() as tmp, SmtpSink() as smtp, RobotServer() as robots:
        data_dir = Path(tmp)
        url, drop = scratch_database(postgres) if postgres else (sqlite_url(data_dir), lambda: None)
        try:
            return timed_run(data_dir, url, smtp, robots, clock, people, threads)
        finally:
            drop()


def timed_run(data_dir: Path, url: str, smtp, robots, clock, people: int, threads: int) -> tuple[float, float]:
    email = EmailTransport(SmtpSettings(host="127.0.0.1", port=smtp.port, security="none",
                                        sender="kb@audit.example"))
    kb = open_services(Settings(data_dir, url, STATUTES), clock=clock, notices=NoticeOptions(email=email))
    try:
        round_id, trainer = prepare(kb, people, robots.url, clock)
        emails, posts = len(smtp.messages), len(robots.bodies("/ok"))
        worker = start_worker(data_dir, url, smtp.port, threads)
        try:
            start = time.perf_counter()
            kb.lifecycle.open_round_now(trainer, round_id)
            acted = time.perf_counter()
            wait_for(lambda: len(smtp.messages) - emails >= people
                     and len(robots.bodies("/ok")) - posts >= ROBOTS, "delivery")
            out = time.perf_counter() - acted
        finally:
            worker.terminate()
            worker.wait(30)
            worker.stdout.close()
    finally:
        kb.close()
    assert len(smtp.messages) - emails == people, "an email was sent twice"
    return acted - start, out


def prepare(kb, people: int, robots_url: str, clock):
    """The people, robots and a published round; the publish's own notices sent and the
    queue emptied before the clock starts."""
    populate(kb, people, robots_url, clock)
    trainer = actor_of(kb.users.find_user("trainer"))
    questions = [q.id for q in kb.bank.list_questions(trainer).items][:5]
    round_id = kb.rounds.create_round(trainer, RoundSpec(
        title="全市练兵比武", opens_at=clock.now() + dt.timedelta(hours=2),
        closes_at=clock.now() + dt.timedelta(days=3), question_ids=tuple(questions))).summary.id
    kb.lifecycle.publish_round(trainer, round_id)
    kb.delivery.flush()
    kb.queue.flush()
    return round_id, trainer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--postgres", help="PostgreSQL server URL: run on scratch databases there")
    args = parser.parse_args()
    results = []
    for number in range(args.runs):
        acted, out = run(args.people, args.threads, args.postgres)
        results.append((acted, out))
        print(f"run {number + 1}: 立即开始 {acted:.2f} s; all {args.people} emails and {ROBOTS} robot "
              f"posts delivered by the worker {out:.2f} s after it", flush=True)
    acted = statistics.median(r[0] for r in results)
    out = statistics.median(r[1] for r in results)
    print(f"median over {args.runs} runs on {'PostgreSQL' if args.postgres else 'SQLite'}, {args.people} people, "
          f"worker with {args.threads} threads: "
          f"action {acted:.2f} s; delivered {out:.2f} s after it; action to last delivery "
          f"{acted + out:.2f} s (target ≤ 60 s)")


if __name__ == "__main__":
    main()
