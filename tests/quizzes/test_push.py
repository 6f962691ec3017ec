"""The biweekly push over a whole quarter under a controlled clock, with a real SMTP server
and a local robot webhook server: rounds open, remind and close on the right dates, every
notice goes out exactly once, a day of downtime is caught up once, and a second scheduler
started by mistake creates nothing twice."""
from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest
from sqlalchemy import func, select

from accounts.permissions import SYSTEM, actor_of
from accounts.user import User
from core.clock import LOCAL_TZ, FixedClock, to_local
from quizzes.models import Round
from quizzes.notify.admin import NoticeAdmin
from quizzes.notify.channels import EmailTransport, RobotTransport, SmtpSettings
from quizzes.notify.models import Notice, OutboxMessage
from quizzes.notify.notifier import Notifier
from quizzes.notify.sender import OutboxSender
from quizzes.push import PushService
from quizzes.schedule import ScheduleStore
from quizzes.services import open_services
from tests.quizzes.notify.servers import RobotServer, SmtpSink

QUARTER_START = dt.datetime(2026, 1, 5, 8, 0, tzinfo=LOCAL_TZ)   # a Monday, before 09:00


@pytest.fixture
def push_clock():
    return FixedClock(QUARTER_START)


@pytest.fixture
def bureau(quiz_kb, make_user, make_question):
    """Two departments of two staff (with email), a trainer and an admin; a small bank."""
    staff = [make_user(department=d).id for d in ("财政审计科", "财政审计科", "经责审计科", "经责审计科")]
    with quiz_kb.db.session() as s, s.begin():
        for uid in staff:
            s.get(User, uid).email = f"user{uid}@audit.example"
    for i in range(6):
        make_question("single", stem=f"第{i + 1}道单选：审计机关应当在实施审计几日前送达审计通知书？")
    for i in range(3):
        make_question("case", stem=f"案例{i + 1}：2024年，某县审计局对县教育局开展预算执行审计，发现……")
    return staff


def make_push(quiz_kb, clock, engine, smtp, robots_url=None):
    sender = OutboxSender(quiz_kb.db.session, clock,
                          email=EmailTransport(SmtpSettings(host="127.0.0.1", port=smtp.port, security="none",
                                                            sender="kb@audit.example")),
                          robots=RobotTransport(timeout=2))
    return PushService(quiz_kb.db.session, clock, engine.lifecycle, engine.results, engine.statistics,
                       ScheduleStore(quiz_kb.db.session, clock),
                       Notifier(quiz_kb.db.session, clock, email_enabled=True), sender,
                       round_url=lambda rid: f"http://kb.local/rounds/{rid}")


@pytest.fixture
def servers():
    with SmtpSink() as smtp, RobotServer() as robots:
        yield smtp, robots


def configure(quiz_kb, clock, robots):
    store = ScheduleStore(quiz_kb.db.session, clock)
    store.update(SYSTEM, enabled=True, question_count=3, policy={"min_case": 1})
    NoticeAdmin(quiz_kb.db.session, clock).save_robot(SYSTEM,
        name="全局群", kind="webhook", url=robots.url + "/ok", secret=None, department_id=None)


def some_answer(item):
    """Any well-formed answer for a question or part of the given type."""
    return {"single": lambda: item.options[0].id, "multiple": lambda: [item.options[0].id],
            "true_false": lambda: True, "fill": lambda: "拖延",
            "case": lambda: {p.id: some_answer(p) for p in item.parts}}[item.qtype]()


def answer_everything(engine, round_id, user_id):
    actor = actor_of(engine.users.get_user(user_id))
    view = engine.attempts.start(actor, round_id)
    for question in view.questions:
        engine.attempts.save_answer(actor, view.attempt_id, question.question_id, some_answer(question))
    engine.attempts.submit(actor, view.attempt_id)


def run_quarter(push, clock, engine, staff, downtime: tuple[dt.datetime, dt.datetime] | None = None,
                step=dt.timedelta(hours=2)):
    """Tick every `step` for 13 weeks; staff 1 and 3 answer each round on its first day."""
    end = QUARTER_START + dt.timedelta(weeks=13)
    answered = set()
    while clock.now() < end:
        if downtime and downtime[0] <= clock.now() < downtime[1]:
            clock.set(downtime[1])
            continue
        push.tick()
        with push.sessions() as s:
            open_rounds = s.scalars(select(Round.id).where(Round.status == "open")).all()
        for rid in open_rounds:
            for uid in (staff[0], staff[2]):
                if (rid, uid) not in answered:
                    answer_everything(engine, rid, uid)
                    answered.add((rid, uid))
        clock.advance(hours=step.total_seconds() / 3600)
    push.tick()


def notices_by_event(quiz_kb):
    with quiz_kb.db.session() as s:
        return s.execute(select(Notice.event_key, Notice.user_id, Notice.created_at)).all()


def test_a_new_install_pushes_nothing_until_an_admin_turns_the_schedule_on(
        quiz_kb, clock, engine, bureau, servers):
    smtp, robots = servers
    push = make_push(quiz_kb, clock, engine, smtp)
    clock.set(dt.datetime(2026, 1, 5, 9, 30, tzinfo=LOCAL_TZ))   # inside the first period
    report = push.tick()
    assert report.period_key is None and not report.created
    with quiz_kb.db.session() as s:
        assert s.scalar(select(func.count(Round.id))) == 0
        assert s.scalar(select(func.count(Notice.id))) == 0
    ScheduleStore(quiz_kb.db.session, clock).update(SYSTEM, enabled=True)
    assert push.tick().created


def test_a_quarter_of_schedule_runs(quiz_kb, clock, engine, bureau, servers):
    smtp, robots = servers
    clock.set(QUARTER_START)
    configure(quiz_kb, clock, robots)
    push = make_push(quiz_kb, clock, engine, smtp)
    downtime = (dt.datetime(2026, 2, 15, 20, 0, tzinfo=LOCAL_TZ), dt.datetime(2026, 2, 16, 21, 0, tzinfo=LOCAL_TZ))
    run_quarter(push, clock, engine, bureau, downtime=downtime)

    with quiz_kb.db.session() as s:
        rounds = s.execute(select(Round.id, Round.period_key, Round.status, Round.opens_at, Round.closes_at)
                           .order_by(Round.id)).all()
    keys = [r.period_key for r in rounds]
    assert keys == ["schedule:2026-01-05", "schedule:2026-01-19", "schedule:2026-02-02",
                    "schedule:2026-02-16", "schedule:2026-03-02", "schedule:2026-03-16",
                    "schedule:2026-03-30"]
    assert [r.status for r in rounds] == ["closed"] * 7

    events = notices_by_event(quiz_kb)
    counts = Counter((key, uid) for key, uid, _ in events)
    assert set(counts.values()) == {1}                      # nobody told anything twice
    staff_ids = set(bureau)
    for r in rounds:
        opened = [to_local(c.replace(tzinfo=dt.timezone.utc)) for k, u, c in events if k == f"round:{r.id}:open"]
        reminded = {u for k, u, _ in events if k == f"round:{r.id}:remind"}
        closed = [to_local(c.replace(tzinfo=dt.timezone.utc)) for k, u, c in events if k == f"round:{r.id}:close"]
        period_day = dt.date.fromisoformat(r.period_key.split(":")[1])
        assert {u for k, u, _ in events if k == f"round:{r.id}:open"} == staff_ids
        if r.period_key == "schedule:2026-02-16":
            # The scheduler was down from Sunday 20:00 to Monday 21:00: caught up once, that evening.
            assert {d.date() for d in opened} == {period_day}
            assert min(opened).hour == 21
        else:
            # Opened by the first tick at or after Monday 09:00 (ticks every two hours).
            assert {d.date() for d in opened} == {period_day} and 9 <= min(opened).hour < 11
        # Reminders on the Sunday before the close, only to those who had not submitted.
        assert reminded == {bureau[1], bureau[3]}
        assert {d.date() for d in closed} == {period_day + dt.timedelta(days=7)}

    # Email: exactly one message per person and event, in the real SMTP server.
    mails = Counter((tuple(to), m["Subject"]) for to, m in smtp.messages)
    assert set(mails.values()) == {1}
    assert len(mails) == 7 * (4 + 2 + 4)       # open to 4, remind to 2, results to 4 — per round
    # Group robot: one post per round event (open, remind, close), never twice.
    posts = Counter(body["title"] for body in robots.bodies("/ok"))
    assert set(posts.values()) == {1} and len(posts) == 7 * 3
    # Trainers' digest once per round.
    assert sum(1 for k, *_ in events if k.endswith(":digest")) == 7 * 2
    with quiz_kb.db.session() as s:
        assert s.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.status != "sent")) == 0


def test_a_second_scheduler_started_by_mistake_creates_nothing_twice(quiz_kb, clock, engine, bureau, servers,
                                                                     request):
    smtp, robots = servers
    clock.set(QUARTER_START)
    configure(quiz_kb, clock, robots)
    other = open_services(quiz_kb.settings, clock=clock, upgrade=False)
    request.addfinalizer(other.close)
    first = make_push(quiz_kb, clock, engine, smtp)
    second = make_push(quiz_kb, clock, other, smtp)
    for when in (QUARTER_START + dt.timedelta(hours=1),      # open
                 QUARTER_START + dt.timedelta(days=6, hours=2),   # remind
                 QUARTER_START + dt.timedelta(days=7, hours=2)):  # close
        clock.set(when)
        barrier = threading.Barrier(2)
        errors = []

        def run(push, barrier=barrier, errors=errors):
            barrier.wait()
            try:
                push.tick()
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
        threads = [threading.Thread(target=run, args=(p,)) for p in (first, second)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
    with quiz_kb.db.session() as s:
        assert s.scalar(select(func.count(Round.id))) == 1
    counts = Counter((k, u) for k, u, _ in notices_by_event(quiz_kb))
    assert set(counts.values()) == {1} and len(counts) == 4 + 4 + 4 + 2   # open, remind, close, digest
    assert len(smtp.messages) == 4 + 4 + 4
    assert Counter(b["title"] for b in robots.bodies("/ok")) and \
        set(Counter(b["title"] for b in robots.bodies("/ok")).values()) == {1}


def test_a_window_missed_entirely_is_not_opened_late(quiz_kb, clock, engine, bureau, servers):
    smtp, robots = servers
    configure(quiz_kb, clock, robots)
    push = make_push(quiz_kb, clock, engine, smtp)
    clock.set(dt.datetime(2026, 1, 13, 12, 0, tzinfo=LOCAL_TZ))   # after the 01-05 window closed
    push.tick()
    clock.set(dt.datetime(2026, 1, 19, 9, 30, tzinfo=LOCAL_TZ))
    push.tick()
    with quiz_kb.db.session() as s:
        assert s.scalars(select(Round.period_key)).all() == ["schedule:2026-01-19"]


def test_composition_failure_is_reported_once(quiz_kb, clock, engine, make_user, servers, trainer):
    smtp, robots = servers
    make_user(department="财政审计科")
    ScheduleStore(quiz_kb.db.session, clock).update(SYSTEM, enabled=True)
    push = make_push(quiz_kb, clock, engine, smtp)
    clock.set(dt.datetime(2026, 1, 5, 9, 30, tzinfo=LOCAL_TZ))
    first = push.tick()
    second = push.tick()
    assert first.errors and "schedule:2026-01-05" in first.errors[0]
    with quiz_kb.db.session() as s:
        failures = s.scalars(select(Notice).where(Notice.event_key.like("%:failed"))).all()
    assert [n.user_id for n in failures] == [trainer.id]
    assert second.errors  # still failing, but nobody is told twice
