import datetime as dt
import threading

import pytest

from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from quizzes.round_spec import RoundSpec


def spec(clock, question_ids, **overrides):
    values = dict(title="第二期练兵", opens_at=clock.now() + dt.timedelta(hours=1),
                  closes_at=clock.now() + dt.timedelta(days=7), question_ids=tuple(question_ids))
    values.update(overrides)
    return RoundSpec(**values)


def test_publish_schedules_and_reconcile_opens_then_closes(engine, clock, trainer, make_question):
    qid = make_question()
    round_id = engine.rounds.create_round(trainer, spec(clock, [qid])).summary.id
    assert engine.lifecycle.publish_round(trainer, round_id).new_status == "scheduled"
    assert engine.lifecycle.reconcile().transitions == ()
    clock.advance(hours=1)
    report = engine.lifecycle.reconcile()
    assert [(t.round_id, t.new_status) for t in report.transitions] == [(round_id, "open")]
    assert engine.lifecycle.reconcile().transitions == ()          # idempotent
    clock.advance(days=30)                                          # long downtime: caught up once
    assert [t.new_status for t in engine.lifecycle.reconcile().transitions] == ["closed"]
    assert engine.lifecycle.reconcile().transitions == ()


def test_publish_refuses_empty_and_past_rounds(engine, clock, trainer, make_question):
    empty = engine.rounds.create_round(trainer, spec(clock, [])).summary.id
    with pytest.raises(InvalidInput, match="还没有试题"):
        engine.lifecycle.publish_round(trainer, empty)
    qid = make_question()
    late = engine.rounds.create_round(trainer, spec(clock, [qid])).summary.id
    clock.advance(days=8)
    with pytest.raises(InvalidInput, match="截止时间已过"):
        engine.lifecycle.publish_round(trainer, late)
    engine.lifecycle.publish_round(trainer, engine.rounds.create_round(
        trainer, spec(clock, [qid])).summary.id)
    with pytest.raises(Conflict, match="只有草稿"):
        engine.lifecycle.publish_round(trainer, late + 1)


def test_only_published_questions_go_into_rounds(engine, clock, trainer, make_question):
    draft = make_question(publish=False)
    with pytest.raises(InvalidInput, match="尚未发布"):
        engine.rounds.create_round(trainer, spec(clock, [draft]))
    with pytest.raises(InvalidInput, match="不存在"):
        engine.rounds.create_round(trainer, spec(clock, [999]))


def test_open_now_and_cancel(engine, clock, trainer, staff, make_question):
    qid = make_question()
    round_id = engine.rounds.create_round(trainer, spec(clock, [qid])).summary.id
    assert engine.lifecycle.open_round_now(trainer, round_id).new_status == "open"
    view = engine.attempts.start(staff, round_id)
    with pytest.raises(InvalidInput, match="取消原因"):
        engine.lifecycle.cancel_round(trainer, round_id, " ")
    assert engine.lifecycle.cancel_round(trainer, round_id, "题目有误").new_status == "cancelled"
    with pytest.raises(Conflict, match="已取消"):
        engine.attempts.submit(staff, view.attempt_id)
    with pytest.raises(Conflict):
        engine.lifecycle.cancel_round(trainer, round_id, "再取消")


def test_staff_cannot_manage_rounds(engine, clock, staff, trainer, make_question):
    round_id = engine.rounds.create_round(trainer, spec(clock, [make_question()])).summary.id
    for call in (lambda: engine.rounds.create_round(staff, spec(clock, [])),
                 lambda: engine.lifecycle.publish_round(staff, round_id),
                 lambda: engine.lifecycle.close_round(staff, round_id),
                 lambda: engine.lifecycle.cancel_round(staff, round_id, "x"),
                 lambda: engine.lifecycle.extend_deadline(staff, round_id, staff, clock.now())):
        with pytest.raises(PermissionDenied):
            call()


def test_extend_one_persons_deadline(engine, clock, trainer, make_user, as_actor, make_question, make_round):
    qid = make_question("true_false")
    slow, other = as_actor(make_user(department="甲科")), as_actor(make_user(department="甲科"))
    round_id = make_round([qid])
    view = engine.attempts.start(slow, round_id)
    new_close = clock.now() + dt.timedelta(days=9)
    with pytest.raises(InvalidInput, match="应晚于"):
        engine.lifecycle.extend_deadline(trainer, round_id, slow.id, clock.now() + dt.timedelta(days=1))
    engine.lifecycle.extend_deadline(trainer, round_id, slow.id, new_close)
    assert engine.attempts.get_attempt(slow, view.attempt_id).deadline_at == new_close
    clock.advance(days=8)
    assert engine.lifecycle.reconcile().transitions == ()          # stays open for the late one
    with pytest.raises(Conflict, match="已过截止时间"):
        engine.attempts.start(other, round_id)
    engine.attempts.save_answer(slow, view.attempt_id, qid, True)
    assert engine.rounds.get_round(other, round_id).summary.status == "open"
    clock.advance(days=1)
    assert [t.new_status for t in engine.lifecycle.reconcile().transitions] == ["closed"]
    assert engine.attempts.get_attempt(slow, view.attempt_id).score == 1.0
    with pytest.raises(Conflict, match="不能再延长"):
        engine.lifecycle.extend_deadline(trainer, round_id, slow.id, clock.now() + dt.timedelta(days=20))


def test_update_only_before_anyone_starts(engine, clock, trainer, staff, make_question, make_round):
    qid = make_question()
    round_id = make_round([qid])
    detail = engine.rounds.update_round(trainer, round_id, spec(clock, [qid], title="改名"))
    assert (detail.summary.title, detail.summary.status) == ("改名", "scheduled")
    detail = engine.rounds.update_round(trainer, round_id, spec(clock, [qid], opens_at=clock.now()))
    assert detail.summary.status == "open"
    engine.attempts.start(staff, round_id)
    with pytest.raises(Conflict, match="不能再修改"):
        engine.rounds.update_round(trainer, round_id, spec(clock, [qid]))


def test_period_round_is_created_once_whatever_fires_twice(engine, clock, make_question):
    qid = make_question()
    results = []

    def fire():
        results.append(engine.lifecycle.ensure_period_round(spec(clock, [qid]), "2025-W10"))
    threads = [threading.Thread(target=fire) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({r.round_id for r in results}) == 1
    assert sum(r.created for r in results) == 1
    assert results[0].status == "scheduled"


def test_reminder_and_notice_lists(engine, clock, make_user, as_actor, trainer, make_question, make_round,
                                   quiz_kb):
    users = [make_user(department="甲科") for _ in range(3)]
    make_user(department="甲科", role="trainer")              # trainers are not the audience
    round_id = make_round([make_question("true_false")])
    first = as_actor(users[0])
    view = engine.attempts.start(first, round_id)
    engine.attempts.submit(first, view.attempt_id)
    assert engine.lifecycle.audience(round_id) == [u.id for u in users]
    assert engine.lifecycle.non_submitters(round_id) == [u.id for u in users[1:]]
    with pytest.raises(NotFound):
        engine.lifecycle.audience(999)


def test_listing_and_detail(engine, clock, trainer, staff, make_question, make_round):
    qid = make_question()
    open_id = make_round([qid])
    draft_id = make_round([qid], publish=False)
    assert [r.id for r in engine.rounds.list_rounds(staff)] == [open_id]
    assert {r.id for r in engine.rounds.list_rounds(trainer)} == {open_id, draft_id}
    assert [r.id for r in engine.rounds.list_rounds(trainer, status="draft")] == [draft_id]
    with pytest.raises(InvalidInput):
        engine.rounds.list_rounds(staff, status="bogus")
    mine = engine.rounds.list_rounds(staff)[0].mine
    assert (mine.can_start, mine.attempts_used, mine.reason) == (True, 0, "")
    staff_view = engine.rounds.get_round(staff, open_id)
    assert staff_view.questions == () and staff_view.audience_size == 1
    trainer_view = engine.rounds.get_round(trainer, open_id)
    assert [q.question_id for q in trainer_view.questions] == [qid]
    assert trainer_view.summary.max_score == 2.0
    with pytest.raises(NotFound):
        engine.rounds.get_round(staff, draft_id)


def test_round_spec_from_json():
    parsed = RoundSpec.from_json({"title": "第三期", "opens_at": "2025-03-10T09:00",
                                  "closes_at": "2025-03-17T09:00+08:00", "question_ids": [3, 4],
                                  "attempts_allowed": 2, "scoring": {"multiple_rule": "strict"}})
    assert parsed.opens_at == parsed.closes_at - dt.timedelta(days=7)
    assert parsed.question_ids == (3, 4) and parsed.attempts_allowed == 2
    for bad, message in (({"title": "", "opens_at": "2025-03-10T09:00", "closes_at": "2025-03-17T09:00"}, "标题"),
                         ({"title": "x", "opens_at": "明天", "closes_at": "2025-03-17"}, "开始时间格式"),
                         ({"title": "x", "opens_at": "2025-03-17", "closes_at": "2025-03-10"}, "必须晚于"),
                         ({"title": "x", "opens_at": "2025-03-10", "closes_at": "2025-03-17",
                           "time_limit_minutes": 0}, "答题限时"),
                         ({"title": "x", "opens_at": "2025-03-10", "closes_at": "2025-03-17",
                           "question_ids": [1, 1]}, "不能重复"),
                         ({"title": "x", "opens_at": "2025-03-10", "closes_at": "2025-03-17",
                           "question_ids": [1], "policy": {"count": 5}}, "不能同时指定"),
                         # JSON types as the schema says: "2" is not an integer (tests/security/test_api_input.py)
                         ({"title": "x", "opens_at": "2025-03-10", "closes_at": "2025-03-17",
                           "attempts_allowed": "2"}, "可作答次数应为整数"),
                         ({"title": "x", "opens_at": "2025-03-10", "closes_at": "2025-03-17",
                           "question_ids": [3, "4"]}, "试题编号应为整数")):
        with pytest.raises(InvalidInput, match=message):
            RoundSpec.from_json(bad)
