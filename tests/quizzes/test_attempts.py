import datetime as dt

import pytest

from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from tests.support.questions import right_answers


@pytest.fixture
def paper(make_question):
    return [make_question(kind) for kind in ("single", "multiple", "true_false", "fill", "case")]


def test_start_save_submit_full_marks(engine, staff, paper, make_round):
    round_id = make_round(paper)
    view = engine.attempts.start(staff, round_id)
    assert view.status == "in_progress" and len(view.questions) == 5
    assert all(q.feedback is None for q in view.questions)
    for qid, answer in right_answers(view).items():
        saved = engine.attempts.save_answer(staff, view.attempt_id, qid, answer)
    assert (saved.answered, saved.total) == (5, 5)
    result = engine.attempts.submit(staff, view.attempt_id)
    assert (result.score, result.max_score, result.submit_kind) == (13.0, 13.0, "manual")
    again = engine.attempts.submit(staff, view.attempt_id)
    assert again.already_submitted and again.score == 13.0 and again.submitted_at == result.submitted_at


def test_resume_returns_the_same_attempt_with_saved_answers(engine, staff, paper, make_round):
    round_id = make_round(paper)
    first = engine.attempts.start(staff, round_id)
    engine.attempts.save_answer(staff, first.attempt_id, paper[2], False)
    again = engine.attempts.start(staff, round_id)
    assert again.attempt_id == first.attempt_id
    assert next(q.answer for q in again.questions if q.question_id == paper[2]) is False


def test_option_order_is_per_person_stable_and_hides_nothing(engine, make_user, paper, make_round, as_actor):
    round_id = make_round(paper)
    orders = set()
    for _ in range(6):
        user = as_actor(make_user(department="财政审计科"))
        view = engine.attempts.start(user, round_id)
        order = tuple(o.id for o in view.questions[0].options)
        assert tuple(o.id for o in engine.attempts.get_attempt(user, view.attempt_id).questions[0].options) == order
        assert sorted(order) == ["o1", "o2", "o3", "o4"]
        orders.add(order)
    assert len(orders) > 1


def test_saving_is_idempotent_and_the_last_save_wins(engine, staff, paper, make_round):
    round_id = make_round(paper)
    view = engine.attempts.start(staff, round_id)
    for answer in ("o1", "o2", "o2"):
        engine.attempts.save_answer(staff, view.attempt_id, paper[0], answer)
    engine.attempts.save_answer(staff, view.attempt_id, paper[1], ["o1"])
    engine.attempts.save_answer(staff, view.attempt_id, paper[1], None)   # cleared
    result = engine.attempts.submit(staff, view.attempt_id)
    assert result.score == 2.0


def test_case_parts_are_saved_one_by_one(engine, staff, paper, make_round):
    round_id = make_round([paper[4]])
    view = engine.attempts.start(staff, round_id)
    qid = paper[4]
    right = right_answers(view)[qid]
    engine.attempts.save_answer(staff, view.attempt_id, qid, {"p1": right["p1"]})
    engine.attempts.save_answer(staff, view.attempt_id, qid, {"p3": "拖延"})
    assert engine.attempts.submit(staff, view.attempt_id).score == 4.0


def test_auto_submission_at_the_time_limit_scores_the_last_autosave(engine, clock, staff, paper, make_round):
    round_id = make_round(paper, time_limit_minutes=30)
    view = engine.attempts.start(staff, round_id)
    assert view.deadline_at == clock.now() + dt.timedelta(minutes=30)
    engine.attempts.save_answer(staff, view.attempt_id, paper[2], False)   # wrong first …
    clock.advance(minutes=29, seconds=59)
    engine.attempts.save_answer(staff, view.attempt_id, paper[2], True)    # … right at the last second
    clock.advance(seconds=1)
    assert engine.lifecycle.sweep_due_attempts() == 1
    view = engine.attempts.get_attempt(staff, view.attempt_id)
    assert (view.status, view.score, view.submit_kind) == ("submitted", 1.0, "time_limit")
    assert view.submitted_at == view.deadline_at


def test_auto_submission_at_close_scores_the_last_autosave(engine, clock, staff, trainer, paper, make_round):
    round_id = make_round(paper)
    view = engine.attempts.start(staff, round_id)
    engine.attempts.save_answer(staff, view.attempt_id, paper[3], "五日")
    engine.attempts.save_answer(staff, view.attempt_id, paper[3], "十日")
    clock.advance(days=7)
    report = engine.lifecycle.reconcile()
    assert [(t.old_status, t.new_status) for t in report.transitions] == [("open", "closed")]
    view = engine.attempts.get_attempt(staff, view.attempt_id)
    assert (view.score, view.submit_kind, view.answers_visible) == (2.0, "round_close", True)
    assert view.submit_kind_name == "截止时自动交卷"
    assert view.questions[3].feedback.correct


def test_a_trainers_early_close_is_recorded_as_such(engine, clock, staff, trainer, paper, make_round):
    """A 30-minute limit that has not run out, cut short by 提前结束: not "限时到自动交卷"."""
    round_id = make_round(paper, time_limit_minutes=30)
    view = engine.attempts.start(staff, round_id)
    clock.advance(minutes=5)
    engine.lifecycle.close_round(trainer, round_id)
    view = engine.attempts.get_attempt(staff, view.attempt_id)
    assert (view.submit_kind, view.submit_kind_name) == ("early_close", "轮次提前结束，自动交卷")
    assert view.submitted_at == clock.now()


def test_a_save_after_the_deadline_is_refused_and_submits(engine, clock, staff, paper, make_round):
    round_id = make_round(paper, time_limit_minutes=10)
    view = engine.attempts.start(staff, round_id)
    engine.attempts.save_answer(staff, view.attempt_id, paper[2], True)
    clock.advance(minutes=11)
    with pytest.raises(Conflict, match="作答时间已到.*自动交卷"):
        engine.attempts.save_answer(staff, view.attempt_id, paper[2], False)
    assert engine.attempts.get_attempt(staff, view.attempt_id).score == 1.0


def test_saving_after_submission_is_refused(engine, staff, paper, make_round):
    view = engine.attempts.start(staff, make_round(paper))
    engine.attempts.submit(staff, view.attempt_id)
    with pytest.raises(Conflict, match="已提交，不能再修改"):
        engine.attempts.save_answer(staff, view.attempt_id, paper[0], "o1")


@pytest.mark.parametrize("index, answer, message", [
    (0, ["o1"], "单选题，答案应为一个选项编号"),
    (0, "o9", "没有选项"),
    (1, "o1", "选项编号的列表"),
    (2, "对", "true（正确）"),
    (3, 3, "填空题，答案应为文本"),
    (4, "o1", "小题编号"),
])
def test_answers_of_the_wrong_type_are_refused(engine, staff, paper, make_round, index, answer, message):
    view = engine.attempts.start(staff, make_round(paper))
    with pytest.raises(InvalidInput, match=message):
        engine.attempts.save_answer(staff, view.attempt_id, paper[index], answer)


def test_question_not_in_the_attempt(engine, staff, paper, make_round, make_question):
    other = make_question()
    view = engine.attempts.start(staff, make_round(paper[:2]))
    with pytest.raises(InvalidInput, match=f"试题 {other} 不在本次作答中"):
        engine.attempts.save_answer(staff, view.attempt_id, other, "o1")
    with pytest.raises(InvalidInput, match="试题编号“abc”无效"):
        engine.attempts.save_answer(staff, view.attempt_id, "abc", "o1")


def test_another_users_attempt_is_not_found(engine, staff, make_user, paper, make_round, as_actor):
    view = engine.attempts.start(staff, make_round(paper))
    intruder = as_actor(make_user(department="财政审计科"))
    for call in (lambda: engine.attempts.get_attempt(intruder, view.attempt_id),
                 lambda: engine.attempts.save_answer(intruder, view.attempt_id, paper[0], "o1"),
                 lambda: engine.attempts.submit(intruder, view.attempt_id),
                 lambda: engine.attempts.get_attempt(intruder, 424242)):
        with pytest.raises(NotFound):
            call()


def test_answers_stay_hidden_until_close(engine, clock, staff, trainer, paper, make_round):
    round_id = make_round(paper)
    view = engine.attempts.start(staff, round_id)
    engine.attempts.submit(staff, view.attempt_id)
    view = engine.attempts.get_attempt(staff, view.attempt_id)
    assert not view.answers_visible and all(q.feedback is None for q in view.questions)
    with pytest.raises(PermissionDenied, match="不是练习模式"):
        engine.attempts.check(staff, view.attempt_id, paper[0])
    engine.lifecycle.close_round(trainer, round_id)
    view = engine.attempts.get_attempt(staff, view.attempt_id)
    assert view.answers_visible and view.questions[0].feedback.explanation == "依据样例审计法。"
    assert [c.text for c in view.questions[0].feedback.citations] == ["《样例审计法》第二条"]


def test_practice_mode_gives_feedback_and_locks_the_question(engine, staff, paper, make_round):
    view = engine.attempts.start(staff, make_round(paper, practice_mode=True))
    engine.attempts.save_answer(staff, view.attempt_id, paper[2], False)
    feedback = engine.attempts.check(staff, view.attempt_id, paper[2])
    assert (feedback.correct, feedback.answer, feedback.score) == (False, True, 0.0)
    with pytest.raises(Conflict, match="已查看答案解析"):
        engine.attempts.save_answer(staff, view.attempt_id, paper[2], True)
    shown = engine.attempts.get_attempt(staff, view.attempt_id)
    assert shown.questions[2].feedback is not None and shown.questions[0].feedback is None
    engine.attempts.submit(staff, view.attempt_id)
    assert engine.attempts.get_attempt(staff, view.attempt_id).answers_visible


def test_attempts_allowed(engine, staff, paper, make_round):
    round_id = make_round(paper, attempts_allowed=2)
    first = engine.attempts.start(staff, round_id)
    engine.attempts.submit(staff, first.attempt_id)
    second = engine.attempts.start(staff, round_id)
    assert (second.attempt_id != first.attempt_id, second.number) == (True, 2)
    engine.attempts.submit(staff, second.attempt_id)
    with pytest.raises(Conflict, match="已完成作答"):
        engine.attempts.start(staff, round_id)


def test_who_may_start(engine, clock, make_user, trainer, paper, make_round, as_actor):
    outsider = as_actor(make_user(department="农业审计科"))
    round_id = make_round(paper, department_ids=(), publish=False)
    with pytest.raises(NotFound):
        engine.attempts.start(outsider, round_id)              # a draft is invisible
    engine.lifecycle.publish_round(trainer, round_id)
    assert engine.attempts.start(outsider, round_id).status == "in_progress"
    later = make_round(paper, opens_at=clock.now() + dt.timedelta(days=1))
    with pytest.raises(Conflict, match="尚未开始"):
        engine.attempts.start(outsider, later)
    assert engine.attempts.start(trainer, round_id).status == "in_progress"   # trainers may try


def test_a_department_round_refuses_others(engine, make_user, paper, make_round, quiz_kb, as_actor):
    member = as_actor(make_user(department="财政审计科"))
    outsider = as_actor(make_user(department="农业审计科"))
    with quiz_kb.db.session() as session:
        from accounts.user import Department
        department = session.query(Department).filter_by(name="财政审计科").one().id
    round_id = make_round(paper, department_ids=(department,))
    assert engine.attempts.start(member, round_id)
    with pytest.raises(NotFound):
        engine.attempts.start(outsider, round_id)


def test_a_restart_loses_nothing(quiz_kb, clock, staff, paper, make_round):
    from quizzes.services import open_services
    round_id = make_round(paper)
    first = open_services(quiz_kb.settings, clock=clock, upgrade=False)
    view = first.attempts.start(staff, round_id)
    first.attempts.save_answer(staff, view.attempt_id, paper[2], True)
    first.close()                             # every connection gone, as after a restart
    second = open_services(quiz_kb.settings, clock=clock, upgrade=False)
    assert second.attempts.start(staff, round_id).questions[2].answer is True
    assert second.attempts.submit(staff, view.attempt_id).score == 1.0
    second.close()


def test_fixed_order_keeps_the_options_as_written_for_everyone(engine, make_user, as_actor, make_question,
                                                                make_round):
    fixed = make_question("single", fixed_order=True, options=["一日", "三日", "五日", "以上都不对"])
    shuffled = make_question("single", options=["一日", "三日", "五日", "七日"])
    round_id = make_round([fixed, shuffled])
    orders = []
    for _ in range(6):
        view = engine.attempts.start(as_actor(make_user()), round_id)
        by_id = {q.question_id: [o.id for o in q.options] for q in view.questions}
        assert by_id[fixed] == ["o1", "o2", "o3", "o4"]
        orders.append(by_id[shuffled])
    assert any(order != ["o1", "o2", "o3", "o4"] for order in orders)


def test_explanations_name_options_in_each_persons_lettering(engine, make_user, as_actor, trainer,
                                                            make_question, make_round):
    question = make_question("single", options=["一日", "三日", "五日", "七日"], answer="B",
                             explanation="B项正确；D项错误，选项A、C也不对。")
    round_id = make_round([question])
    people = [as_actor(make_user()) for _ in range(6)]
    attempts = {person: engine.attempts.start(person, round_id).attempt_id for person in people}
    engine.lifecycle.close_round(trainer, round_id)
    rewritten = 0
    for person, attempt_id in attempts.items():
        shown = engine.attempts.get_attempt(person, attempt_id).questions[0]
        letter = {o.id: "ABCD"[i] for i, o in enumerate(shown.options)}
        assert shown.feedback.explanation == (f"{letter['o2']}项正确；{letter['o4']}项错误，"
                                              f"选项{letter['o1']}、{letter['o3']}也不对。")
        rewritten += shown.feedback.explanation != "B项正确；D项错误，选项A、C也不对。"
    assert rewritten
