"""The 答题卡 on the attempt page: each question's state by the one rule, 标记 through the
API (the owner's attempt only, with the CSRF token) and by form without script, and the
交卷 confirmation page that lists what is open before anything is submitted."""
import re

import pytest

from accounts.permissions import actor_of
from tests.support.questions import right_answers


def flag_url(attempt, question):
    return f"/api/v1/attempts/{attempt.attempt_id}/flags/{question.question_id}"


def put(web, url, body, token=True):
    return web.client.put(url, json=body, headers={"X-CSRFToken": web.token} if token else {})


def cell(page, question) -> str:
    return re.search(rf'<a href="#q{question.question_id}" class="([^"]*)"', page).group(1)


def mine(quiz, accounts, attempt):
    return quiz.attempts.get_attempt(actor_of(accounts["staff"]), attempt.attempt_id)


def test_the_sheet_shows_partly_answered_cases_and_fills(staff, started):
    answers = right_answers(started)
    case = started.questions[4]
    put(staff, f"/api/v1/attempts/{started.attempt_id}/answers/{started.questions[0].question_id}",
        {"answer": answers[started.questions[0].question_id]})
    saved = put(staff, f"/api/v1/attempts/{started.attempt_id}/answers/{case.question_id}",
                {"answer": {"p1": answers[case.question_id]["p1"]}})
    assert (saved.json["answered"], saved.json["state"]) == (1, "partly")
    page = staff.text(f"/attempts/{started.attempt_id}")
    assert cell(page, started.questions[0]) == "sheet-cell is-answered"
    assert cell(page, case) == "sheet-cell is-partly"
    assert cell(page, started.questions[1]) == "sheet-cell is-unanswered"
    assert "已答 <strong data-answered>1</strong>/5" in page


def test_flag_through_the_api_survives_a_reload(staff, quiz, accounts, started):
    question = started.questions[1]
    response = put(staff, flag_url(started, question), {"flagged": True})
    assert response.status_code == 200 and response.json == {
        "attempt_id": started.attempt_id, "question_id": question.question_id, "flagged": True}
    page = staff.text(f"/attempts/{started.attempt_id}")
    assert cell(page, question) == "sheet-cell is-unanswered is-flagged"
    assert 'value="off" class="flag-toggle" aria-pressed="true" data-flag>已标记<' in page
    assert [q.question_id for q in mine(quiz, accounts, started).flagged] == [question.question_id]
    assert put(staff, flag_url(started, question), {"flagged": False}).json["flagged"] is False
    assert mine(quiz, accounts, started).flagged == ()


@pytest.mark.parametrize("body, message", [
    ({"flagged": "yes"}, "true"), ({}, "true"), ({"flagged": True, "x": 1}, "未知的字段"),
])
def test_bad_flag_bodies_are_refused(staff, started, body, message):
    response = put(staff, flag_url(started, started.questions[0]), body)
    assert response.status_code == 400 and message in response.json["error"]["message"]


def test_flags_need_the_csrf_token_and_my_own_attempt(staff, browsers, quiz, accounts, started):
    question = started.questions[0]
    assert put(staff, flag_url(started, question), {"flagged": True}, token=False).status_code == 400
    for role in ("trainer", "admin"):
        other = browsers[role]
        other.csrf("/me/account")
        assert put(other, flag_url(started, question), {"flagged": True}).status_code in (403, 404)
        assert other.post(f"/attempts/{started.attempt_id}/flag/{question.question_id}",
                          {"flag": "on"}).status_code in (403, 404)
        assert other.get(f"/attempts/{started.attempt_id}/submit").status_code in (403, 404)
    assert mine(quiz, accounts, started).flagged == ()


def test_flag_after_submission_is_a_conflict(staff, quiz, accounts, started):
    quiz.attempts.submit(actor_of(accounts["staff"]), started.attempt_id)
    response = put(staff, flag_url(started, started.questions[0]), {"flagged": True})
    assert response.status_code == 409 and "不能再标记" in response.json["error"]["message"]


def test_without_script_flag_saves_the_page_then_marks(staff, quiz, accounts, started):
    single = started.questions[0]
    form = {f"seen_q{single.question_id}": "null", f"q{single.question_id}": single.options[0].id,
            "flag": "on"}
    response = staff.post(f"/attempts/{started.attempt_id}/flag/{single.question_id}", form)
    assert response.location.endswith(f"#q{single.question_id}")
    view = mine(quiz, accounts, started)
    assert view.questions[0].answer == single.options[0].id and view.questions[0].flagged


def test_the_confirmation_page_lists_what_is_open(staff, quiz, accounts, started):
    answers = right_answers(started)
    case, fill = started.questions[4], started.questions[3]
    put(staff, f"/api/v1/attempts/{started.attempt_id}/answers/{case.question_id}",
        {"answer": {"p1": answers[case.question_id]["p1"], "p2": False}})
    put(staff, flag_url(started, fill), {"flagged": True})
    page = staff.text(f"/attempts/{started.attempt_id}/submit")
    link = lambda q: f'<a href="/attempts/{started.attempt_id}#q{q.question_id}">第 {q.position} 题</a>'  # noqa: E731
    assert re.search(r"<strong>未答：</strong>\s*" + "、".join(link(q) for q in started.questions[:4]), page)
    assert re.search(r"<strong>部分作答：</strong>\s*" + link(case), page)
    assert re.search(r"<strong>已标记：</strong>\s*" + link(fill), page)
    assert mine(quiz, accounts, started).status == "in_progress"      # asking submits nothing


def test_with_everything_answered_it_still_asks_once(staff, quiz, accounts, started):
    for question_id, answer in right_answers(started).items():
        put(staff, f"/api/v1/attempts/{started.attempt_id}/answers/{question_id}", {"answer": answer})
    asked = staff.post(f"/attempts/{started.attempt_id}/submit", {})
    assert asked.location.endswith(f"/attempts/{started.attempt_id}/submit")
    page = staff.text(f"/attempts/{started.attempt_id}/submit")
    assert "全部题目均已作答" in page and "未答：" not in page and "部分作答：" not in page
    done = staff.post(f"/attempts/{started.attempt_id}/submit", {"confirmed": "1"}, follow_redirects=True)
    assert "已交卷，得分 13 / 13" in done.get_data(as_text=True)
    assert staff.get(f"/attempts/{started.attempt_id}/submit").location.endswith(f"/attempts/{started.attempt_id}")
