"""Benchmark: how long after a trainer's manual action its email and robot notices are out.

Usage: python -m bench.delivery_bench [--runs 3] [--people 200]
Each run builds a fresh database (as bench.push_bench: the fixture statutes, a small bank,
staff with email in 15 departments, a robot per department and one for the bureau), starts
the delivery worker (quizzes/notify/delivery.py) as a server process does, and times, for
立即开始 and then 提前结束 of one round, the action itself and the time from the action's
return until the worker has handed every message it queued to a local SMTP server and a
local webhook server.  Baseline: before the worker, those messages waited for the
scheduler's next pass, 0–30 s later (SCHEDULER_INTERVAL_SECONDS, 15 s on average), and then
took the same sending time.  Prints each run and the medians.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from accounts.permissions import actor_of
from core.clock import FixedClock
from core.settings import Settings
from quizzes.notify.channels import EmailTransport, SmtpSettings
from quizzes.round_spec import RoundSpec
from quizzes.services import NoticeOptions, open_services
from bench.push_bench import OPENING, STATUTES, populate
from tests.quizzes.notify.servers import RobotServer, SmtpSink

SCHEDULER_INTERVAL_SECONDS = 30


def timed(action, worker) -> tuple[float, float]:
    """(seconds the action took, seconds from its return until its notices were out)."""
    start = time.perf_counter()
    action()
    acted = time.perf_counter()
    assert worker.wait_idle(600), "delivery did not finish"
    return acted - start, time.perf_counter() - acted


def run(people: int) -> dict[str, tuple[float, float]]:
    clock = FixedClock(OPENING - dt.timedelta(days=1))   # before the schedule's period: no push
    with tempfile.TemporaryDirectory() as tmp, SmtpSink() as smtp, RobotServer() as robots:
        email = EmailTransport(SmtpSettings(host="127.0.0.1", port=smtp.port, security="none",
                                            sender="kb@audit.example"))
        kb = open_services(Settings(Path(tmp), f"sqlite:///{tmp}/kb.sqlite3", STATUTES), clock=clock,
                           notices=NoticeOptions(email=email))
        populate(kb, people, robots.url, clock)
        trainer = actor_of(kb.users.find_user("trainer"))
        questions = [q.id for q in kb.bank.list_questions(trainer).items][:5]
        detail = kb.rounds.create_round(trainer, RoundSpec(
            title="手动练兵", opens_at=clock.now() + dt.timedelta(hours=2),
            closes_at=clock.now() + dt.timedelta(days=3), question_ids=tuple(questions)))
        round_id = detail.summary.id
        kb.lifecycle.publish_round(trainer, round_id)
        kb.delivery.flush()
        kb.delivery.start()
        figures = {"open": timed(lambda: kb.lifecycle.open_round_now(trainer, round_id), kb.delivery),
                   "close": timed(lambda: kb.lifecycle.close_round(trainer, round_id), kb.delivery)}
        kb.close()
        # 立即开始 and the close: each person an email, each of the 16 robots a post.
        assert len(smtp.messages) == 2 * people and len(robots.bodies("/ok")) == 32, \
            (len(smtp.messages), len(robots.bodies("/ok")))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--people", type=int, default=200)
    args = parser.parse_args()
    results = []
    for number in range(args.runs):
        figures = run(args.people)
        results.append(figures)
        print(f"run {number + 1}: " + "；".join(
            f"{name}: action {acted:.2f} s, notices out {out:.2f} s later" for name, (acted, out) in figures.items()))
    for name in ("open", "close"):
        out = statistics.median(r[name][1] for r in results)
        acted = statistics.median(r[name][0] for r in results)
        print(f"median over {args.runs} runs, {args.people} people, {name}: action {acted:.2f} s; "
              f"all {args.people} emails and 16 robot posts out {out:.2f} s after it "
              f"(baseline, waiting for the scheduler: {out + SCHEDULER_INTERVAL_SECONDS / 2:.1f} s on average, "
              f"up to {out + SCHEDULER_INTERVAL_SECONDS:.1f} s)")


if __name__ == "__main__":
    main()
