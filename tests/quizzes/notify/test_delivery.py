"""Delivery through the work queue: a manual action's notices are queued for a worker at
once, without a scheduler tick; a notice overtaken before delivery ("已开始" for a round
closed since) is dropped with its reason; two workers over one database deliver a message
once."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from accounts.permissions import SYSTEM
from core.clock import to_db
from quizzes.models import RoundExtension
from quizzes.notify.models import STATUS_DROPPED, STATUS_SENT, OutboxMessage
from quizzes.push_messages import overtaken_reason
from quizzes.services import open_services
from tests.support.work_queue import run_queue


@pytest.fixture
def bureau_robot(engine, robots, staff):
    """The bureau's group robot (a real local webhook server) and one staff member to tell."""
    engine.notice_admin.save_robot(SYSTEM, name="全局群", kind="webhook", url=robots.url + "/ok",
                                   secret=None, department_id=None)
    return robots


def titles(robots) -> list[str]:
    return [body["title"] for body in robots.bodies("/ok")]


def outbox(engine) -> dict[str, tuple[str, str | None]]:
    with engine.db.session() as session:
        return {m.event_key: (m.status, m.last_error) for m in session.scalars(select(OutboxMessage))}


def test_a_manual_action_is_delivered_without_a_scheduler_tick(engine, make_question, make_round,
                                                               trainer, bureau_robot):
    round_id = make_round([make_question()], publish=False)
    engine.lifecycle.open_round_now(trainer, round_id)
    assert engine.background.queued_tasks() == 1    # a delivery pass, queued by the action
    assert run_queue(engine) == 1
    assert titles(bureau_robot) == ["【练兵】第一期练兵 已开始"]
    engine.lifecycle.close_round(trainer, round_id)
    assert run_queue(engine) == 1
    assert titles(bureau_robot) == ["【练兵】第一期练兵 已开始", "【结果】第一期练兵 已结束"]
    assert outbox(engine)[f"round:{round_id}:close"][0] == STATUS_SENT


def test_a_notice_overtaken_before_delivery_is_dropped(engine, make_question, make_round, trainer,
                                                       bureau_robot):
    round_id = make_round([make_question()], publish=False)
    engine.lifecycle.open_round_now(trainer, round_id)     # queued; nobody delivers yet
    engine.lifecycle.close_round(trainer, round_id)
    engine.delivery.flush()
    assert titles(bureau_robot) == ["【结果】第一期练兵 已结束"]
    status, reason = outbox(engine)[f"round:{round_id}:open"]
    assert status == STATUS_DROPPED and "轮次已结束" in reason
    page = engine.notice_admin.outbox(STATUS_DROPPED)
    assert [m.status_name for m in page.items] == ["已撤销"] and page.items[0].last_error == reason


def test_a_cancelled_round_drops_its_queued_notices(engine, make_question, make_round, trainer,
                                                     bureau_robot):
    round_id = make_round([make_question()], publish=False)
    engine.lifecycle.open_round_now(trainer, round_id)
    engine.lifecycle.cancel_round(trainer, round_id, "题目有误")
    engine.delivery.flush()
    assert titles(bureau_robot) == ["【取消】第一期练兵 已取消"]
    assert "轮次已取消" in outbox(engine)[f"round:{round_id}:open"][1]


def test_two_workers_claiming_the_same_notices_deliver_each_once(engine, quiz_kb, clock, make_question,
                                                                 make_round, trainer, bureau_robot):
    other = open_services(quiz_kb.settings, clock=clock, upgrade=False)   # a second server process
    try:
        round_id = make_round([make_question()], publish=False)
        engine.lifecycle.open_round_now(trainer, round_id)   # queued while neither worker runs
        other.background.deliver_soon()
        engine.background.deliver_soon()
        # Each process takes passes from the one queue; the claim sends each message once.
        other.queue.execute(other.queue.dequeue())
        assert run_queue(engine) == 2
        assert titles(bureau_robot) == ["【练兵】第一期练兵 已开始"]
    finally:
        other.close()


def test_an_extension_changed_again_before_delivery_is_overtaken(engine, clock, make_question, make_round,
                                                                 trainer, staff):
    round_id = make_round([make_question()])
    first, second = clock.now() + dt.timedelta(days=9), clock.now() + dt.timedelta(days=10)
    engine.lifecycle.extend_deadline(trainer, round_id, staff.id, first)
    engine.lifecycle.extend_deadline(trainer, round_id, staff.id, second)
    with engine.db.session() as session:
        extension = session.scalars(select(RoundExtension)).one()
        earlier, later = (f"extension:{extension.id}:{to_db(when):%Y%m%d%H%M}" for when in (first, second))
        assert overtaken_reason(session, earlier).startswith("发送前截止时间已再次调整")
        assert overtaken_reason(session, later) is None
        assert overtaken_reason(session, f"round:{round_id}:open") is None
    engine.lifecycle.cancel_round(trainer, round_id, "题目有误")
    with engine.db.session() as session:
        assert overtaken_reason(session, later) == "发送前轮次已取消，此通知已过时，未发送"
