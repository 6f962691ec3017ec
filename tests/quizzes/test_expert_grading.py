"""专家解题 with 示范答案, 申请复核 and 双评: the domain rules (issue J, item 4)."""
import datetime as dt

import pytest

from accounts.security_log import EventQuery
from accounts.user import User
from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from quizzes.notify.channels import EmailTransport, SmtpSettings
from quizzes.notify.models import Notice
from quizzes.services import NoticeOptions, open_services
from tests.quizzes.notify.servers import SmtpSink
from tests.support.work_queue import run_queue
from tests.support.questions import SHORT_DATA, WRITTEN_CASE_DATA


@pytest.fixture
def expert(quiz_kb, make_user, as_actor):
    """A designated grader (阅卷人) who is 审计人员."""
    user = make_user(display_name="钱专家")
    with quiz_kb.db.session() as session, session.begin():
        session.get(User, user.id).is_grader = True
    return as_actor(user)


@pytest.fixture
def answered(engine, make_question, make_round, make_user, as_actor):
    """answered(**round settings) → (round id, short id, case id, people, attempt ids): a
    round of a 简答题 and a case with a written part, answered by two people, submitted."""
    def make(**settings):
        short = make_question("single", **{k: None for k in ("options", "answer")} | SHORT_DATA)
        case = make_question("case", **WRITTEN_CASE_DATA)
        round_id = make_round([short, case], **settings)
        people = [as_actor(make_user(display_name=name)) for name in ("孙一", "周二")]
        attempts = []
        for person, text in zip(people, ["应提供财务、会计资料，依据《样例审计法》第四条。", "应当配合。"]):
            view = engine.attempts.start(person, round_id)
            engine.attempts.save_answer(person, view.attempt_id, short, text)
            engine.attempts.save_answer(person, view.attempt_id, case, {"p1": False, "p2": text})
            engine.attempts.submit(person, view.attempt_id)
            attempts.append(view.attempt_id)
        return round_id, short, case, people, attempts
    return make


def grade_all(engine, grader, attempts, short, case, points=(8, 2)):
    for attempt_id, got in zip(attempts, points):
        engine.marking.grade(grader, attempt_id, short, "", {"points": got, "comment": "评语"})
        engine.marking.grade(grader, attempt_id, case, "p2", {"points": 4})


# 示范答案

def test_a_grader_chooses_up_to_two_exemplary_answers_shown_anonymously_unless_the_author_agrees(
        engine, trainer, answered, make_question, make_round, make_user, as_actor):
    round_id, short, case, people, attempts = answered()
    engine.lifecycle.close_round(trainer, round_id)
    engine.marking.grade(trainer, attempts[0], short, "", {"points": 9, "exemplary": True})
    engine.marking.grade(trainer, attempts[1], short, "", {"points": 3, "exemplary": True})
    queue = engine.marking.queue(trainer, round_id)
    assert [a.exemplary for a in queue.tasks[0].answers] == [True, True]
    view = engine.attempts.get_attempt(people[1], attempts[1])
    (written,) = view.questions[0].feedback.written
    assert [(e.text, e.author, e.points) for e in written.exemplary] == [
        ("应提供财务、会计资料，依据《样例审计法》第四条。", None, 9.0), ("应当配合。", None, 3.0)]
    engine.exemplary_consent.set_named(people[0], attempts[0], short, True)
    view = engine.attempts.get_attempt(people[1], attempts[1])
    assert [e.author for e in view.questions[0].feedback.written[0].exemplary] == ["孙一", None]
    assert engine.attempts.get_attempt(people[0], attempts[0]).questions[0].named_exemplary
    # Dropping one is a choice too; the case part has none.
    engine.marking.grade(trainer, attempts[1], short, "", {"points": 3, "exemplary": False, "version": 1})
    view = engine.attempts.get_attempt(people[1], attempts[1])
    assert len(view.questions[0].feedback.written[0].exemplary) == 1
    assert view.questions[1].feedback.written[0].exemplary == ()


def test_a_third_exemplary_answer_is_refused_and_nothing_is_saved(engine, trainer, answered, make_user, as_actor):
    round_id, short, case, people, attempts = answered()
    third = as_actor(make_user())
    view = engine.attempts.start(third, round_id)
    engine.attempts.save_answer(third, view.attempt_id, short, "第三份")
    engine.attempts.submit(third, view.attempt_id)
    engine.lifecycle.close_round(trainer, round_id)
    for attempt_id in attempts:
        engine.marking.grade(trainer, attempt_id, short, "", {"points": 5, "exemplary": True})
    with pytest.raises(InvalidInput, match="最多选 2 份示范答案"):
        engine.marking.grade(trainer, view.attempt_id, short, "", {"points": 7, "exemplary": True})
    answer = engine.marking.queue(trainer, round_id).tasks[0].answers[2]
    assert answer.marks is None and not answer.exemplary


def test_consent_is_the_authors_own_and_only_after_submission(engine, answered, make_user, as_actor):
    round_id, short, _, people, attempts = answered()
    with pytest.raises(NotFound):
        engine.exemplary_consent.set_named(people[1], attempts[0], short, True)
    with pytest.raises(InvalidInput):
        engine.exemplary_consent.set_named(people[0], attempts[0], short, "yes")


# 申请复核

def test_a_regrade_goes_to_another_grader_and_the_score_and_ranking_follow(
        engine, trainer, expert, answered, quiz_kb, clock):
    round_id, short, case, people, attempts = answered()
    engine.lifecycle.close_round(trainer, round_id)
    grade_all(engine, trainer, attempts, short, case, points=(8, 6))
    before = engine.attempts.get_attempt(people[1], attempts[1])
    (written,) = before.questions[0].feedback.written
    assert written.regrade is None and written.regrade_until == clock.now() + dt.timedelta(days=3)
    state = engine.regrades.request(people[1], attempts[1], short, "", "  第二个要点答到了，请复核。 ")
    assert (state.status, state.reason, state.previous_points) == ("open", "第二个要点答到了，请复核。", 6.0)
    (ticket,) = engine.regrades.queue(expert)
    assert ticket.graded_by == ("张培训",) and "钱专家" in ticket.eligible and "张培训" not in ticket.eligible
    assert ticket.may_take and not engine.regrades.queue(trainer)[0].may_take
    case_ = engine.regrades.get(expert, ticket.request_id)
    assert (case_.marks.points, case_.answer, case_.ticket.reason) == (6.0, "应当配合。", "第二个要点答到了，请复核。")
    with pytest.raises(PermissionDenied, match="另一位阅卷人"):
        engine.regrades.decide(trainer, ticket.request_id, {"points": 10, "comment": "改"})
    with pytest.raises(InvalidInput, match="复核意见"):
        engine.regrades.decide(expert, ticket.request_id, {"points": 10})
    outcome = engine.regrades.decide(expert, ticket.request_id, {"points": 10, "comment": "要点齐全"})
    assert (outcome.status, outcome.points, outcome.comment) == ("changed", 10.0, "要点齐全")
    after = engine.attempts.get_attempt(people[1], attempts[1])
    assert after.score == before.score + 4
    (written,) = after.questions[0].feedback.written
    assert written.points == 10 and written.regrade.status_name == "复核已改分" and written.regrade_until is None
    ranks = {row.name: row.rank for row in engine.results.round_results(trainer, round_id)}
    assert (ranks["孙一"], ranks["周二"]) == (2, 1)
    with quiz_kb.db.session() as session:
        notice = session.query(Notice).filter_by(event_key=f"regrade:{ticket.request_id}").one()
        assert "由 6 分改为 10 分" in notice.body and notice.link == f"/attempts/{attempts[1]}"
    actions = [e.action for e in engine.security_log.iter_events(EventQuery(area="quiz"))]
    assert "regrade_requested" in actions and "answer_regraded" in actions
    with pytest.raises(Conflict, match="已处理"):
        engine.regrades.decide(expert, ticket.request_id, {"points": 1, "comment": "再改"})


def test_a_regrade_confirming_the_points_says_so(engine, trainer, expert, answered):
    round_id, short, case, people, attempts = answered()
    engine.lifecycle.close_round(trainer, round_id)
    grade_all(engine, trainer, attempts, short, case)
    state = engine.regrades.request(people[0], attempts[0], case, "p2", "依据写了")
    outcome = engine.regrades.decide(expert, state.request_id, {"points": 4, "comment": "维持"})
    assert outcome.status_name == "复核维持原分"


def test_a_regrade_decided_is_emailed_at_once_through_the_work_queue(quiz_kb, clock, trainer, expert, answered):
    """The decision's inbox notice is written with it; its email is queued for a worker
    right after the decision, not left for the scheduler's next pass."""
    with SmtpSink() as smtp:
        email = EmailTransport(SmtpSettings(host="127.0.0.1", port=smtp.port, security="none",
                                            sender="kb@audit.example"))
        mailing = open_services(quiz_kb.settings, clock=clock, upgrade=False, notices=NoticeOptions(email=email))
        try:
            round_id, short, case, people, attempts = answered()
            mailing.lifecycle.close_round(trainer, round_id)
            run_queue(mailing)
            grade_all(mailing, trainer, attempts, short, case)
            with quiz_kb.db.session() as session, session.begin():
                session.get(User, people[0].id).email = "sun@audit.example"
            state = mailing.regrades.request(people[0], attempts[0], case, "p2", "依据写了")
            before = len(smtp.messages)
            mailing.regrades.decide(expert, state.request_id, {"points": 4, "comment": "维持"})
            assert mailing.background.queued_tasks() == 1
            assert run_queue(mailing) == 1
            (recipients, message), = smtp.messages[before:]
            assert recipients == ["sun@audit.example"] and "复核结果" in message["Subject"]
            assert "维持原分" in message.get_body().get_content()
        finally:
            mailing.close()


def test_regrade_requests_that_are_refused(engine, trainer, answered, clock):
    round_id, short, case, people, attempts = answered()
    engine.lifecycle.close_round(trainer, round_id)
    engine.marking.grade(trainer, attempts[0], short, "", {"points": 5})
    with pytest.raises(Conflict, match="成绩尚未最终确定"):       # the case part is ungraded
        engine.regrades.request(people[0], attempts[0], short, "", "理由")
    grade_all(engine, trainer, attempts, short, case)
    with pytest.raises(InvalidInput, match="请填写申请复核的理由"):
        engine.regrades.request(people[0], attempts[0], short, "", "   ")
    with pytest.raises(InvalidInput, match="不超过 1000 字"):
        engine.regrades.request(people[0], attempts[0], short, "", "长" * 1001)
    with pytest.raises(NotFound):
        engine.regrades.request(people[1], attempts[0], short, "", "别人的答卷")
    with pytest.raises(NotFound, match="不是|没有"):
        engine.regrades.request(people[0], attempts[0], case, "p1", "客观题")
    engine.regrades.request(people[0], attempts[0], short, "", "理由")
    with pytest.raises(Conflict, match="只能申请一次"):
        engine.regrades.request(people[0], attempts[0], short, "", "再来一次")
    clock.advance(days=3, seconds=1)
    with pytest.raises(Conflict, match="期限已过"):
        engine.regrades.request(people[1], attempts[1], short, "", "晚了")
    assert len(engine.regrades.queue(trainer)) == 1


def test_staff_may_not_see_or_decide_the_queue(engine, trainer, answered):
    round_id, short, case, people, attempts = answered()
    with pytest.raises(PermissionDenied):
        engine.regrades.queue(people[0])


def test_a_round_without_a_window_accepts_no_request(engine, trainer, answered):
    round_id, short, case, people, attempts = answered(regrade_days=0)
    engine.lifecycle.close_round(trainer, round_id)
    grade_all(engine, trainer, attempts, short, case)
    with pytest.raises(Conflict, match="不接受复核申请"):
        engine.regrades.request(people[0], attempts[0], short, "", "理由")
    assert engine.attempts.get_attempt(people[0], attempts[0]).questions[0].feedback.written[0].regrade_until is None


# 双评

def test_double_marking_counts_the_mean_when_the_two_agree(engine, trainer, expert, answered):
    round_id, short, case, people, attempts = answered(double_marking_threshold=2.0)
    engine.lifecycle.close_round(trainer, round_id)
    first = engine.marking.grade(trainer, attempts[0], short, "", {"rubric": {"r1": 4, "r2": 4}, "comment": "甲"})
    assert first.marks is None and first.double.count == 1 and first.ungraded == 2
    # The second grader does not see the first's points until they saved their own.
    seen = engine.marking.queue(expert, round_id).tasks[0].answers[0]
    assert seen.double.mine is None and seen.double.others == () and seen.awaiting
    assert not engine.marking.queue(trainer, round_id).tasks[0].answers[0].awaiting
    with pytest.raises(Conflict, match="第二评须由另一位阅卷人"):
        engine.marking.grade(trainer, attempts[0], short, "", {"points": 9})
    second = engine.marking.grade(expert, attempts[0], short, "", {"rubric": {"r1": 4, "r2": 6}, "comment": "乙"})
    assert second.marks.points == 9.0 and second.marks.rubric == {"r1": 4.0, "r2": 5.0}
    assert second.marks.comment == "甲\n乙" and second.ungraded == 1
    assert [m.points for m in second.double.others] == [8.0]
    queue = engine.marking.queue(expert, round_id)
    assert (queue.graded, queue.total, queue.double_marking_threshold) == (1, 4, 2.0)
    with pytest.raises(Conflict, match="双评已定分"):
        engine.marking.grade(expert, attempts[0], short, "", {"points": 1})


def test_double_marking_above_the_threshold_waits_for_a_third_grade(
        engine, trainer, expert, reviewer, answered, make_user, as_actor, quiz_kb):
    round_id, short, case, people, attempts = answered(double_marking_threshold=1.0)
    engine.lifecycle.close_round(trainer, round_id)
    engine.marking.grade(expert, attempts[0], short, "", {"points": 2})
    disputed = engine.marking.grade(reviewer, attempts[0], short, "", {"points": 8})
    assert disputed.marks is None and disputed.double.disputed
    answer = engine.marking.queue(trainer, round_id).tasks[0].answers[0]
    assert answer.double.disputed and answer.marks is None and answer.awaiting
    assert sorted(m.points for m in answer.double.others) == [2.0, 8.0]   # the one deciding sees both
    with pytest.raises(Conflict, match="阅卷人或培训管理员评定"):
        engine.marking.grade(expert, attempts[0], short, "", {"points": 5})
    assert engine.attempts.get_attempt(people[0], attempts[0]).ungraded == 2
    third = engine.marking.grade(trainer, attempts[0], short, "", {"points": 6, "comment": "裁定"})
    assert third.marks.points == 6 and third.ungraded == 1


def test_a_trainer_who_marked_may_settle_the_dispute(engine, trainer, expert, answered):
    round_id, short, case, people, attempts = answered(double_marking_threshold=0.0)
    engine.lifecycle.close_round(trainer, round_id)
    engine.marking.grade(trainer, attempts[1], short, "", {"points": 2})
    engine.marking.grade(expert, attempts[1], short, "", {"points": 3})
    decided = engine.marking.grade(trainer, attempts[1], short, "", {"points": 3, "comment": "最终裁定"})
    assert decided.marks.points == 3


def test_results_are_final_only_when_every_answer_has_its_counted_grade(engine, trainer, expert, answered):
    round_id, short, case, people, attempts = answered(double_marking_threshold=1.0)
    engine.lifecycle.close_round(trainer, round_id)
    for attempt_id in attempts:
        for question, part in ((short, ""), (case, "p2")):
            engine.marking.grade(trainer, attempt_id, question, part, {"points": 2})
    assert engine.marking.queue(trainer, round_id).graded == 0
    assert engine.rounds.get_round(people[0], round_id).summary.mine.attempts[0].ungraded == 2
    for attempt_id in attempts:
        for question, part in ((short, ""), (case, "p2")):
            engine.marking.grade(expert, attempt_id, question, part, {"points": 3})
    assert engine.marking.queue(trainer, round_id).graded == 4
    mine = engine.attempts.get_attempt(people[0], attempts[0])
    assert mine.ungraded == 0 and mine.score == 1 + 2.5 + 2.5
    # A double-marked answer's regrade excludes both graders.
    state = engine.regrades.request(people[0], attempts[0], short, "", "请复核")
    with pytest.raises(PermissionDenied):
        engine.regrades.decide(expert, state.request_id, {"points": 5, "comment": "x"})


def test_the_round_settings_are_checked(engine, trainer, make_round, make_question):
    short = make_question("single", **{k: None for k in ("options", "answer")} | SHORT_DATA)
    with pytest.raises(InvalidInput, match="双评分差阈值"):
        make_round([short], double_marking_threshold=-1.0)
    with pytest.raises(InvalidInput, match="申请复核期限"):
        make_round([short], regrade_days=31)
    detail = engine.rounds.get_round(trainer, make_round([short], double_marking_threshold=2.0, regrade_days=5))
    assert (detail.summary.double_marking_threshold, detail.summary.regrade_days) == (2.0, 5)


def test_a_double_marked_answer_is_chosen_as_exemplary_without_grading_it_again(engine, trainer, expert, answered):
    round_id, short, case, people, attempts = answered(double_marking_threshold=1.0)
    engine.lifecycle.close_round(trainer, round_id)
    engine.marking.grade(trainer, attempts[0], short, "", {"points": 8})
    with pytest.raises(InvalidInput, match="尚未定分"):
        engine.marking.choose_exemplary(trainer, attempts[0], short, "", True)
    engine.marking.grade(expert, attempts[0], short, "", {"points": 9})
    assert engine.marking.choose_exemplary(expert, attempts[0], short, "", True) is True
    with pytest.raises(PermissionDenied):
        engine.marking.choose_exemplary(people[0], attempts[0], short, "", False)
    view = engine.attempts.get_attempt(people[1], attempts[1])
    assert [e.points for e in view.questions[0].feedback.written[0].exemplary] == [8.5]
