"""The 答题卡: every count of answered questions follows the one rule (a case with a part
left open and a 填空题 with an empty blank are partly answered), and 标记 is kept with the
attempt."""
import pytest

from core.errors import Conflict, InvalidInput, NotFound
from quizzes.scoring import ANSWERED, NOT_ANSWERED, PARTLY_ANSWERED
from tests.support.questions import right_answers


@pytest.fixture
def paper(make_question):
    return [make_question(kind) for kind in ("single", "multiple", "true_false", "fill", "case")]


def states(view) -> dict[int, str]:
    return {q.question_id: q.state for q in view.questions}


def test_a_case_with_one_part_open_is_not_answered(engine, staff, paper, make_round):
    view = engine.attempts.start(staff, make_round(paper))
    answers = right_answers(view)
    del answers[paper[4]]["p3"]
    for qid, answer in answers.items():
        saved = engine.attempts.save_answer(staff, view.attempt_id, qid, answer)
    assert (saved.answered, saved.total, saved.state) == (4, 5, PARTLY_ANSWERED)
    view = engine.attempts.get_attempt(staff, view.attempt_id)
    assert view.answered == 4
    assert [q.question_id for q in view.unfinished] == [paper[4]]
    assert view.unfinished[0].state_name == "部分作答"
    saved = engine.attempts.save_answer(staff, view.attempt_id, paper[4], {"p3": "拖延"})
    assert (saved.answered, saved.state) == (5, ANSWERED)


def test_a_fill_with_an_empty_blank_is_partly_answered(engine, staff, make_question, make_round):
    fill = make_question("fill", stem="审计通知书应在____前送达，被审计单位应在____内提出意见。",
                         answer=[["三日"], ["十日"]])
    view = engine.attempts.start(staff, make_round([fill]))
    assert engine.attempts.save_answer(staff, view.attempt_id, fill, ["三日", ""]).state == PARTLY_ANSWERED
    assert engine.attempts.get_attempt(staff, view.attempt_id).answered == 0
    saved = engine.attempts.save_answer(staff, view.attempt_id, fill, [" ", ""])
    assert (saved.answered, saved.state) == (0, NOT_ANSWERED)
    assert engine.attempts.save_answer(staff, view.attempt_id, fill, ["三日", "十日"]).answered == 1


def test_a_flag_is_kept_with_the_attempt(engine, staff, paper, make_round):
    round_id = make_round(paper)
    view = engine.attempts.start(staff, round_id)
    flag = engine.attempts.flag(staff, view.attempt_id, paper[1], True)
    assert (flag.question_id, flag.flagged) == (paper[1], True)
    again = engine.attempts.start(staff, round_id)          # another device resumes
    assert [q.question_id for q in again.flagged] == [paper[1]]
    assert states(again)[paper[1]] == NOT_ANSWERED
    engine.attempts.flag(staff, view.attempt_id, paper[1], False)
    assert engine.attempts.get_attempt(staff, view.attempt_id).flagged == ()


def test_flags_are_the_owners_and_only_while_answering(engine, staff, make_user, as_actor, paper, make_round):
    view = engine.attempts.start(staff, make_round(paper))
    other = as_actor(make_user(department="财政审计科"))
    with pytest.raises(NotFound):
        engine.attempts.flag(other, view.attempt_id, paper[0], True)
    with pytest.raises(InvalidInput, match="不在本次作答中"):
        engine.attempts.flag(staff, view.attempt_id, 99999, True)
    with pytest.raises(InvalidInput, match="true"):
        engine.attempts.flag(staff, view.attempt_id, paper[0], "yes")
    engine.attempts.submit(staff, view.attempt_id)
    with pytest.raises(Conflict):
        engine.attempts.flag(staff, view.attempt_id, paper[0], True)
    assert engine.attempts.get_attempt(staff, view.attempt_id).flagged == ()


def test_trainers_counts_follow_the_same_rule(engine, staff, trainer, paper, make_round):
    round_id = make_round(paper)
    view = engine.attempts.start(staff, round_id)
    answers = right_answers(view)
    del answers[paper[4]]["p3"]
    for qid, answer in answers.items():
        engine.attempts.save_answer(staff, view.attempt_id, qid, answer)
    engine.attempts.submit(staff, view.attempt_id)
    row = next(r for r in engine.results.round_results(trainer, round_id) if r.user_id == staff.id)
    assert (row.answered, row.questions) == (4, 5)
    stats = engine.statistics.round_stats(trainer, round_id)
    assert {q.question_id: q.answered for q in stats.questions} == {**dict.fromkeys(paper[:4], 1), paper[4]: 0}
