"""阅卷: who may grade and when, grading by question with suggestions, points in range,
the version check between two graders, and the attempt's score once all is graded."""
import io
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from accounts.security_log import EventQuery
from accounts.user import User
from core.errors import Conflict, InvalidInput, PermissionDenied
from quizzes.push_messages import Messages
from tests.support.questions import SHORT_DATA, WRITTEN_CASE_DATA


@pytest.fixture
def written_round(engine, make_question, make_round, make_user, as_actor, trainer):
    """A closed round of a 简答题 and a case with a written part, answered by two people."""
    short = make_question("single", **{k: None for k in ("options", "answer")} | SHORT_DATA)
    case = make_question("case", **WRITTEN_CASE_DATA)
    round_id = make_round([short, case])
    people = [as_actor(make_user()) for _ in range(3)]
    texts = ["应提供财务、会计资料，依据《样例审计法》第四条。", "依据《样例审计法》第九十九条。", ""]
    attempts = []
    for person, text in zip(people, texts):
        view = engine.attempts.start(person, round_id)
        engine.attempts.save_answer(person, view.attempt_id, short, text or None)
        engine.attempts.save_answer(person, view.attempt_id, case, {"p1": False, "p2": text or None})
        engine.attempts.submit(person, view.attempt_id)
        attempts.append(view.attempt_id)
    return round_id, short, case, people, attempts


def close(engine, trainer, round_id):
    engine.lifecycle.close_round(trainer, round_id)


def test_submission_scores_the_objective_part_and_counts_what_waits(engine, written_round):
    round_id, short, case, people, attempts = written_round
    mine = engine.rounds.get_round(people[0], round_id).summary.mine.attempts[0]
    assert mine.score == 1.0 and mine.ungraded == 2
    # Nothing written, nothing to grade.
    assert engine.rounds.get_round(people[2], round_id).summary.mine.attempts[0].ungraded == 0


def test_grading_waits_for_the_close_unless_the_round_allows_it(engine, trainer, written_round):
    round_id, short, _, _, attempts = written_round
    with pytest.raises(Conflict, match="截止后才能阅卷"):
        engine.marking.grade(trainer, attempts[0], short, "", {"points": 5})
    close(engine, trainer, round_id)
    assert engine.marking.grade(trainer, attempts[0], short, "", {"points": 5}).marks.points == 5


def test_only_managers_and_designated_graders_grade(engine, quiz_kb, written_round, trainer,
                                                    make_user, as_actor):
    round_id, short, _, people, attempts = written_round
    close(engine, trainer, round_id)
    with pytest.raises(PermissionDenied):
        engine.marking.queue(people[0], round_id)
    with pytest.raises(PermissionDenied):
        engine.marking.grade(people[0], attempts[0], short, "", {"points": 1})
    expert = make_user()
    with quiz_kb.db.session() as session, session.begin():
        session.get(User, expert.id).is_grader = True
    assert engine.marking.grade(as_actor(expert), attempts[0], short, "", {"points": 1}).marks.points == 1


def test_the_queue_is_by_question_anonymous_with_suggestions_and_flags(engine, trainer, written_round):
    round_id, short, case, _, attempts = written_round
    close(engine, trainer, round_id)
    queue = engine.marking.queue(trainer, round_id)
    assert [(t.question_id, t.part_id) for t in queue.tasks] == [(short, ""), (case, "p2")]
    assert (queue.graded, queue.total) == (0, 4)
    first, second = queue.tasks[0].answers
    assert (first.number, second.number) == (1, 2)
    rubric = queue.tasks[0].key.rubric
    # The first answer cites the expected article: that rubric point is pre-marked.
    assert first.suggested == {rubric[1].id: 6.0} and first.flags == ()
    assert second.suggested == {}
    assert [(f.text, f.label) for f in second.flags] == [("《样例审计法》第九十九条", "不存在")]


def test_grades_in_range_and_the_total_follows(engine, trainer, written_round):
    round_id, short, case, people, attempts = written_round
    close(engine, trainer, round_id)
    with pytest.raises(InvalidInput, match="应在 0 至 10 分之间"):
        engine.marking.grade(trainer, attempts[0], short, "", {"points": 11})
    with pytest.raises(InvalidInput, match="应在 0 至 4 分之间"):
        engine.marking.grade(trainer, attempts[0], short, "", {"rubric": {"r1": 5}})
    with pytest.raises(InvalidInput, match="没有评分要点"):
        engine.marking.grade(trainer, attempts[0], short, "", {"rubric": {"zz": 1}})
    result = engine.marking.grade(trainer, attempts[0], short, "",
                                  {"rubric": {"r1": 3, "r2": 6}, "comment": "<b>好</b>"})
    assert (result.marks.points, result.marks.comment, result.ungraded) == (9.0, "<b>好</b>", 1)
    result = engine.marking.grade(trainer, attempts[0], case, "p2", {"points": 7.5})
    assert (result.attempt_score, result.ungraded) == (1.0 + 9.0 + 7.5, 0)
    assert engine.rounds.get_round(people[0], round_id).summary.mine.attempts[0].score == 17.5
    events = list(engine.security_log.iter_events(EventQuery(action="answer_graded")))
    assert len(events) == 2 and events[0].detail in ("9/10 分", "7.5/8 分")


def test_two_graders_at_once_the_later_save_is_refused(engine, trainer, reviewer, written_round):
    round_id, short, _, _, attempts = written_round
    close(engine, trainer, round_id)
    seen = engine.marking.queue(trainer, round_id).tasks[0].answers[0]
    version = 0 if seen.marks is None else seen.marks.version
    engine.marking.grade(trainer, attempts[0], short, "", {"points": 8, "version": version})
    with pytest.raises(Conflict, match="已由张培训评分（8 分"):
        engine.marking.grade(reviewer, attempts[0], short, "", {"points": 2, "version": version})
    again = engine.marking.queue(trainer, round_id).tasks[0].answers[0]
    assert again.marks.points == 8 and again.marks.version == 1
    assert engine.marking.grade(reviewer, attempts[0], short, "",
                                {"points": 2, "version": 1}).marks.version == 2


def test_an_unanswered_part_needs_no_grading(engine, trainer, written_round):
    round_id, short, _, _, attempts = written_round
    close(engine, trainer, round_id)
    with pytest.raises(Conflict, match="没有作答"):
        engine.marking.grade(trainer, attempts[2], short, "", {"points": 1})


def test_the_person_sees_points_per_rubric_point_and_the_comment_once_results_are_out(
        engine, trainer, written_round):
    round_id, short, case, people, attempts = written_round
    mine = engine.attempts.get_attempt(people[0], attempts[0])
    assert mine.ungraded == 2 and mine.questions[0].feedback is None   # open: nothing shown
    close(engine, trainer, round_id)
    engine.marking.grade(trainer, attempts[0], short, "", {"rubric": {"r1": 3, "r2": 6}, "comment": "依据准确"})
    mine = engine.attempts.get_attempt(people[0], attempts[0])
    short_view, case_view = mine.questions
    (written,) = short_view.feedback.written
    assert (written.points, written.comment, [m for _, m in written.rubric]) == (9.0, "依据准确", [3, 6])
    assert short_view.feedback.score == 9.0
    (pending,) = case_view.feedback.written
    assert pending.pending and pending.part_id == "p2" and case_view.feedback.score == 1.0
    assert (mine.ungraded, mine.score) == (1, 10.0)


def test_written_questions_stay_out_of_self_practice_and_the_wrong_book(engine, trainer, written_round):
    from quizzes.practice import PracticeRequest
    round_id, short, case, people, attempts = written_round
    close(engine, trainer, round_id)
    assert engine.results.wrong_book(people[1]) == []
    with pytest.raises(InvalidInput, match="没有符合条件的已发布试题"):
        engine.practice.start(people[1], PracticeRequest(tags=("审计程序",), count=5))


# Results while written answers wait (待阅卷): the close notice and the Excel export say so and
# give the objectively scored part, labelled, never the partial score as the result.
def notice_for(engine, round_id):
    rows, ranking = engine.results.notice_results(round_id)
    return Messages(lambda rid: f"/rounds/{rid}").results(SimpleNamespace(id=round_id, title="第一期"),
                                                          rows, ranking)


def grade_everything(engine, trainer, round_id):
    for task in engine.marking.queue(trainer, round_id).tasks:
        for answer in task.answers:
            engine.marking.grade(trainer, answer.attempt_id, task.question_id, task.part_id,
                                 {"points": task.max_points})


def test_the_close_notice_says_pending_with_the_objective_part_until_graded(engine, trainer, written_round):
    round_id, short, case, people, attempts = written_round
    close(engine, trainer, round_id)
    notice = notice_for(engine, round_id)
    title, body = notice.personal[people[0].id]
    assert title == "【成绩】第一期：待阅卷"
    assert "您本期成绩待阅卷：还有 2 道主观题答案尚未评分" in body
    assert "客观题部分（已自动评分）得 1/1 分" in body
    assert "您本期得分" not in body and "个人排名第" not in body and "排名为暂定" in body
    # Nothing written: nothing waits, the score is final.
    assert "您本期得分" in notice.personal[people[2].id][1]

    grade_everything(engine, trainer, round_id)
    title, body = notice_for(engine, round_id).personal[people[0].id]
    assert title == "【成绩】第一期：19 分" and "您本期得分 19/19 分" in body
    assert "待阅卷" not in body and "暂定" not in body


def test_the_results_workbook_says_pending_and_gives_the_objective_part(engine, trainer, written_round):
    round_id, _, _, people, _ = written_round
    close(engine, trainer, round_id)

    def sheet():
        book = load_workbook(io.BytesIO(engine.exports.round_results_workbook(trainer, round_id)))
        rows = list(book["成绩"].iter_rows(values_only=True))
        return rows[0], {row[0]: row for row in rows[1:]}
    header, rows = sheet()
    assert header[3] == "得分" and header[9] == "待阅卷时的客观题得分"
    pending = rows[people[0].username]
    assert (pending[3], pending[5], pending[9]) == ("待阅卷", None, "1/1")
    assert rows[people[2].username][3] == 1.0 and rows[people[2].username][9] is None

    grade_everything(engine, trainer, round_id)
    _, rows = sheet()
    assert rows[people[0].username][3] == 19.0 and rows[people[0].username][9] is None
