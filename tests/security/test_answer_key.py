"""The key of a round that is open or scheduled never leaks before its close: not through
自测, not through 错题本 practice or the 错题本 page, not through the feedback of an older
attempt or a practice-mode round that holds the same question, not through an article's
backlinks in the API — and after the close it is shown again as before."""
import datetime as dt

import pytest

from accounts.permissions import actor_of
from core.errors import InvalidInput, PermissionDenied
from quizzes.practice import PracticeRequest
from tests.support.questions import right_answers
from webapp.extensions import services

KEY_TEXT = "依据样例审计法"      # the 专家解题 of the single-choice sample question


@pytest.fixture
def wrong_once(quiz, accounts, make_round, make_question):
    """The staff member answered the single question wrong in a closed round, so it is in
    their 错题本 and due tomorrow: (question id, that attempt's id)."""
    staff, question = actor_of(accounts["staff"]), make_question("single")
    round_id = make_round([question], title="上一期")
    view = quiz.attempts.start(staff, round_id)
    quiz.attempts.submit(staff, view.attempt_id)
    quiz.lifecycle.close_round(actor_of(accounts["trainer"]), round_id)
    return question, view.attempt_id


def open_round_with(make_round, clock, question, scheduled=False):
    start = clock.now() + dt.timedelta(days=1) if scheduled else clock.now()
    return make_round([question], title="本期比武", opens_at=start,
                      closes_at=start + dt.timedelta(days=7))


def practice_questions(quiz, actor, **request):
    try:
        view = quiz.practice.start(actor, PracticeRequest(**request))
    except InvalidInput:
        return set()
    return {q.question_id for q in view.questions}


@pytest.mark.parametrize("scheduled", [False, True], ids=["open", "scheduled"])
@pytest.mark.parametrize("request_kind", ["tag", "statute", "weak_spots", "due_reviews"])
def test_practice_never_draws_a_question_of_a_running_round(quiz, accounts, make_round, clock,
                                                            wrong_once, scheduled, request_kind):
    staff, (question, _) = actor_of(accounts["staff"]), wrong_once
    statute_id = int(quiz.practice.topics(staff).statutes[0].key)
    requests = {"tag": {"tags": ("审计程序",)}, "statute": {"statute_ids": (statute_id,)},
                "weak_spots": {"weak_spots": True}, "due_reviews": {"due_reviews": True}}
    clock.advance(days=1)                       # the 错题本 question is due now
    assert question in practice_questions(quiz, staff, **requests[request_kind])
    open_round_with(make_round, clock, question, scheduled)
    assert question not in practice_questions(quiz, staff, **requests[request_kind])


def test_an_earlier_practice_attempt_stops_showing_the_key(quiz, accounts, make_round, clock, wrong_once):
    staff, (question, _) = actor_of(accounts["staff"]), wrong_once
    practice = quiz.practice.start(staff, PracticeRequest(tags=("审计程序",)))
    open_round_with(make_round, clock, question)
    with pytest.raises(PermissionDenied, match="结束后公布"):
        quiz.attempts.check(staff, practice.attempt_id, question)
    quiz.attempts.submit(staff, practice.attempt_id)
    view = quiz.attempts.get_attempt(staff, practice.attempt_id)
    assert [q.feedback for q in view.questions] == [None]


def test_the_closed_rounds_attempt_and_a_practice_round_hide_it_too(quiz, accounts, make_round,
                                                                       clock, wrong_once):
    staff = actor_of(accounts["staff"])
    question, earlier = wrong_once
    assert quiz.attempts.get_attempt(staff, earlier).questions[0].feedback is not None
    open_round_with(make_round, clock, question)
    assert quiz.attempts.get_attempt(staff, earlier).questions[0].feedback is None
    drill = make_round([question], title="练习轮", practice_mode=True)
    view = quiz.attempts.start(staff, drill)
    with pytest.raises(PermissionDenied):
        quiz.attempts.check(staff, view.attempt_id, question)


def test_wrong_book_page_hides_the_key_until_the_close(browsers, quiz, accounts, make_round, clock,
                                                       wrong_once):
    staff = browsers["staff"]
    assert KEY_TEXT in staff.text("/training/wrong-book")
    round_id = open_round_with(make_round, clock, wrong_once[0])
    page = staff.text("/training/wrong-book")
    assert KEY_TEXT not in page and "is-key" not in page and "答案和解析在该轮次结束后公布" in page
    entry = quiz.results.wrong_book(actor_of(accounts["staff"]))[0]
    assert (entry.answer, entry.explanation, entry.withheld) == (None, "", True)
    quiz.lifecycle.close_round(actor_of(accounts["trainer"]), round_id)
    assert KEY_TEXT in staff.text("/training/wrong-book")


def test_the_key_cannot_be_carried_into_the_real_attempt(browsers, quiz, accounts, make_round, clock,
                                                         wrong_once):
    """The whole attack through the pages: practise on the topic, look at the key, answer
    the real round with it.  Practice no longer offers the question at all."""
    staff = browsers["staff"]
    clock.advance(days=1)
    staff.login("staff")                                # the session timed out meanwhile
    round_id = open_round_with(make_round, clock, wrong_once[0])
    for form in ({"tags": "审计程序", "count": "5"}, {"due_reviews": "y", "count": "5"}):
        response = staff.post("/training/practice", form)
        assert response.status_code == 400, form
        assert "没有符合条件的已发布试题" in response.get_data(as_text=True) or \
            "没有到期需要复习的错题" in response.get_data(as_text=True)
    real = quiz.attempts.start(actor_of(accounts["staff"]), round_id)
    assert right_answers(real) and real.questions[0].feedback is None


def test_the_api_backlinks_give_staff_no_question_text(loaded_app, api_for, make_question):
    """Which article a question rests on is part of its 解析: staff learn only that
    questions cite the article (as the page tells them), not their words."""
    make_question("single", explanation="依据《样例审计法》第四条，应提前三日送达。")
    law = services(loaded_app).library.find_statute("样例审计法").id
    url = f"/api/v1/laws/{law}/articles/4/backlinks"
    staff, trainer = api_for("staff").get(url).get_json(), api_for("trainer").get(url).get_json()
    assert trainer["questions"] and "第四条" in trainer["questions"][0]["text"]
    assert len(staff["questions"]) == len(trainer["questions"])
    assert all(q["text"] == "" for q in staff["questions"])
