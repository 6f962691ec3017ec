"""Editing a round's paper by hand and its settings alone; the round page's facts about
me; the bank's facets; generated candidates reviewed by the trainer who generated them."""
import datetime as dt

import pytest

from core.errors import Conflict, InvalidInput
from quizzes.bank import QuestionFilter
from quizzes.composition import CompositionPolicy
from quizzes.practice import PracticeRequest
from quizzes.round_spec import RoundSpec


def spec(clock, question_ids=(), **overrides):
    values = dict(title="第三期练兵", opens_at=clock.now() + dt.timedelta(hours=1),
                  closes_at=clock.now() + dt.timedelta(days=7), question_ids=tuple(question_ids))
    values.update(overrides)
    return RoundSpec(**values)


def test_set_questions_orders_and_refuses_drafts_and_duplicates(engine, clock, trainer, make_question):
    first, second = make_question(), make_question("true_false")
    draft = make_question("fill", publish=False)
    round_id = engine.rounds.create_round(trainer, spec(clock)).summary.id
    detail = engine.rounds.set_questions(trainer, round_id, (second, first))
    assert [q.question_id for q in detail.questions] == [second, first]
    with pytest.raises(InvalidInput, match="尚未发布"):
        engine.rounds.set_questions(trainer, round_id, (first, draft))
    with pytest.raises(InvalidInput, match="不能重复"):
        engine.rounds.set_questions(trainer, round_id, (first, first))
    assert [q.question_id for q in engine.rounds.get_round(trainer, round_id).questions] == [second, first]


def test_a_question_archived_after_picking_may_stay_on_the_paper(engine, clock, trainer, reviewer,
                                                                 make_question):
    kept, other = make_question(), make_question("true_false")
    round_id = engine.rounds.create_round(trainer, spec(clock, [kept, other])).summary.id
    engine.bank.archive(reviewer, [kept])
    detail = engine.rounds.set_questions(trainer, round_id, (other, kept))
    assert [q.question_id for q in detail.questions] == [other, kept]


def test_settings_edit_keeps_a_composed_paper(engine, clock, trainer, make_question):
    for kind in ("single", "multiple", "true_false", "fill", "case"):
        make_question(kind)
    composed = engine.rounds.create_round(trainer, spec(clock, policy=CompositionPolicy(count=3)))
    paper = [q.question_id for q in composed.questions]
    changed = engine.rounds.update_round(trainer, composed.summary.id,
                                         spec(clock, title="改名后的练兵", attempts_allowed=2),
                                         keep_questions=True)
    assert [q.question_id for q in changed.questions] == paper
    assert changed.summary.title == "改名后的练兵" and changed.summary.attempts_allowed == 2
    assert changed.policy is not None and changed.policy["count"] == 3


def test_papers_are_frozen_once_someone_started(engine, clock, trainer, staff, make_question):
    qid = make_question()
    round_id = engine.rounds.create_round(trainer, spec(clock, [qid], opens_at=clock.now())).summary.id
    engine.lifecycle.publish_round(trainer, round_id)
    engine.attempts.start(staff, round_id)
    with pytest.raises(Conflict, match="不能再修改"):
        engine.rounds.set_questions(trainer, round_id, ())


def test_my_state_lists_my_attempts_and_a_cancelled_round_says_why(engine, clock, trainer, staff,
                                                                   make_question):
    qid = make_question()
    round_id = engine.rounds.create_round(trainer, spec(clock, [qid], opens_at=clock.now(),
                                                        attempts_allowed=2)).summary.id
    engine.lifecycle.publish_round(trainer, round_id)
    view = engine.attempts.start(staff, round_id)
    engine.attempts.submit(staff, view.attempt_id)
    mine = engine.rounds.get_round(staff, round_id).summary.mine
    assert [(a.id, a.number, a.status) for a in mine.attempts] == [(view.attempt_id, 1, "submitted")]
    engine.lifecycle.cancel_round(trainer, round_id, "题目有误，重新组织")
    assert engine.rounds.get_round(staff, round_id).cancel_reason == "题目有误，重新组织"


def test_facets_of_the_bank_and_of_self_practice(engine, trainer, staff, make_question):
    make_question()                                   # 审计程序, 样例审计法
    make_question("true_false")                       # 回避, 样例审计法
    make_question("multiple", publish=False)          # 审计权限 (draft)
    bank = engine.bank.facets(trainer)
    assert {f.label: f.count for f in bank.tags} == {"审计程序": 1, "回避": 1, "审计权限": 1}
    assert [(f.label, f.count) for f in bank.statutes] == [("样例审计法", 3)]
    practice = engine.practice.topics(staff)
    assert {f.label for f in practice.tags} == {"审计程序", "回避"}
    assert engine.practice.start(staff, PracticeRequest(statute_ids=(int(bank.statutes[0].key),))).questions


def test_the_generating_trainer_may_accept_candidates_but_not_their_own_edits(engine, trainer):
    report = engine.generator.generate(trainer, statutes=["样例审计法"])
    first, second = report.created[:2]
    assert engine.bank.review(trainer, [first]).done == [first]
    engine.bank.update_question(trainer, second, dict(
        engine.bank.get_question(trainer, second).content.to_json(), explanation="改写过的解析"))
    refused = engine.bank.review(trainer, [second]).refused
    assert refused and "由您编写" in refused[0][1]
    assert engine.bank.list_questions(trainer, QuestionFilter(status="reviewed")).total == 1


def test_a_description_over_the_limit_is_refused_not_cut():
    data = {"title": "三月练兵", "opens_at": "2026-03-02T09:00", "closes_at": "2026-03-09T09:00"}
    assert RoundSpec.from_json({**data, "description": "说" * 5000}).description == "说" * 5000
    with pytest.raises(InvalidInput, match="轮次说明不超过 5000 字"):
        RoundSpec.from_json({**data, "description": "说" * 5001})
