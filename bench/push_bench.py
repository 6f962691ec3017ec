"""Benchmark: open a scheduled round for 2,000 people and deliver every notice.

Usage: python -m bench.push_bench [--runs 3] [--people 2000]
Each run builds a fresh database (the fixture statutes, a small published bank, 2,000
staff with email in 15 departments, one group robot per department plus a bureau-wide
one), then times:
  1. the scheduler's first pass of the period with sending held back: the round composed,
     published and opened, and every in-app notice and outbox row written (target ≤ 10 s);
  2. the outbox sender handing every email to a local SMTP server (aiosmtpd) and every
     robot message to a local HTTP server (target ≤ 60 s).
Prints each run and the medians.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, insert, select

from accounts.permissions import SYSTEM, actor_of
from accounts.user import Department, User
from core.clock import LOCAL_TZ, FixedClock
from kb.importer import Importer
from quizzes.services import Services, open_services
from core.settings import Settings
from quizzes.notify.admin import NoticeAdmin
from quizzes.notify.channels import EmailTransport, RobotTransport, SmtpSettings
from quizzes.notify.models import Notice, OutboxMessage
from quizzes.notify.notifier import Notifier
from quizzes.notify.sender import OutboxSender
from quizzes.push import PushService
from quizzes.schedule import ScheduleStore
from tests.support.questions import CASE_DATA, SINGLE_DATA
from tests.quizzes.notify.servers import RobotServer, SmtpSink

STATUTES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "statutes"
OPENING = dt.datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL_TZ)


def populate(kb: Services, people: int, robots_url: str, clock) -> None:
    Importer(kb.db).import_path(STATUTES)
    with kb.db.session() as s, s.begin():
        departments = [Department(name=f"审计{i + 1}科") for i in range(15)]
        s.add_all(departments)
        s.flush()
        trainer = User(username="trainer", display_name="培训管理员", role="trainer", password_hash="!")
        reviewer = User(username="reviewer", display_name="审核人", role="admin", password_hash="!")
        s.add_all([trainer, reviewer])
        s.flush()
        s.execute(insert(User), [{"username": f"s{i:05d}", "display_name": f"审计员{i}", "role": "staff",
                                  "password_hash": "!", "email": f"s{i:05d}@audit.example",
                                  "department_id": departments[i % 15].id} for i in range(people)])
        ids = (trainer.id, reviewer.id, [d.id for d in departments])
    author, checker = (actor_of(kb.users.get_user(user_id)) for user_id in ids[:2])
    for i in range(8):
        data = dict(SINGLE_DATA, stem=f"第{i + 1}题：审计机关应当在实施审计几日前送达审计通知书？")
        if i % 4 == 3:
            data = dict(CASE_DATA, stem=f"案例{i}：某县审计局对县教育局开展预算执行审计……")
        question = kb.bank.create_question(author, data)
        kb.bank.review(checker, [question.id])
        kb.bank.publish(checker, [question.id])
    admin = NoticeAdmin(kb.db.session, clock)
    admin.save_robot(SYSTEM, name="全局群", kind="wecom", url=robots_url + "/ok", secret=None, department_id=None)
    for department in ids[2]:
        admin.save_robot(SYSTEM, name=f"科室群{department}", kind="dingtalk", url=robots_url + "/ok", secret="S",
                         department_id=department)
    ScheduleStore(kb.db.session, clock).update(SYSTEM, enabled=True, question_count=5, policy={"min_case": 1})


def run(people: int) -> tuple[float, float, dict]:
    clock = FixedClock(OPENING + dt.timedelta(minutes=1))
    with tempfile.TemporaryDirectory() as tmp, SmtpSink() as smtp, RobotServer() as robots:
        kb = open_services(Settings(Path(tmp), f"sqlite:///{tmp}/kb.sqlite3", STATUTES), clock=clock)
        populate(kb, people, robots.url, clock)
        quiz = kb
        email = EmailTransport(SmtpSettings(host="127.0.0.1", port=smtp.port, security="none",
                                            sender="kb@audit.example"))
        sender = OutboxSender(kb.db.session, clock, email=email, robots=RobotTransport())
        push = PushService(kb.db.session, clock, quiz.lifecycle, quiz.results, quiz.statistics,
                           ScheduleStore(kb.db.session, clock),
                           Notifier(kb.db.session, clock, email_enabled=True), None,
                           round_url=lambda rid: f"http://kb.local/rounds/{rid}")
        start = time.perf_counter()
        report = push.tick()
        opened = time.perf_counter() - start
        start = time.perf_counter()
        sent = 0
        while True:
            result = sender.run_once()
            sent += result.sent
            if not result.sent:
                break
        delivered = time.perf_counter() - start
        with kb.db.session() as s:
            figures = {"round": report.period_round, "inbox": s.scalar(select(func.count(Notice.id))),
                       "outbox": s.scalar(select(func.count(OutboxMessage.id))), "sent": sent,
                       "emails received": len(smtp.messages), "robot posts": len(robots.bodies("/ok"))}
        kb.close()
    return opened, delivered, figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--people", type=int, default=2000)
    args = parser.parse_args()
    opens, deliveries = [], []
    for number in range(args.runs):
        opened, delivered, figures = run(args.people)
        opens.append(opened)
        deliveries.append(delivered)
        assert figures["emails received"] == args.people and figures["robot posts"] == 16, figures
        print(f"run {number + 1}: round + in-app notices {opened:.2f} s, email + webhook delivery "
              f"{delivered:.2f} s; {figures}")
    print(f"median over {args.runs} runs, {args.people} people: round opened with all in-app notices "
          f"{statistics.median(opens):.2f} s (target ≤ 10 s); all email and webhook notices handed to "
          f"local sinks {statistics.median(deliveries):.2f} s (target ≤ 60 s)")


if __name__ == "__main__":
    main()
