"""Taking a round in the browser without a browser: the attempt page in the person's own
option order, autosave through the API route with the session cookie (CSRF header, JSON,
reasons), the form posts that work without script, deadlines, practice feedback, 纠错, and
answers after the close."""
import json
import re

import pytest

from accounts.permissions import actor_of
from tests.support.questions import right_answers
from webapp.extensions import services


def put(web, attempt_id, question_id, answer, token=True):
    """What the page's script sends: the API route, the session cookie, the CSRF header."""
    headers = {"X-CSRFToken": web.token} if token else {}
    return web.client.put(f"/api/v1/attempts/{attempt_id}/answers/{question_id}", json={"answer": answer},
                          headers=headers)


def test_the_page_shows_options_in_my_order_and_no_answers(staff, started):
    page = staff.text(f"/attempts/{started.attempt_id}")
    single = started.questions[0]
    shown = re.findall(rf'name="q{single.question_id}" value="(o\d)"', page)
    assert shown == [o.id for o in single.options]
    assert "正确答案" not in page and "专家解题" not in page and "is-key" not in page
    assert 'data-attempt-form' in page and 'data-running="true"' in page


def test_autosave_every_type_survives_a_reload(staff, quiz, accounts, started):
    answers = right_answers(started)
    for question in started.questions:
        response = put(staff, started.attempt_id, question.question_id, answers[question.question_id])
        assert response.status_code == 200, response.json
    assert response.json["answered"] == response.json["total"] == 5
    page = staff.text(f"/attempts/{started.attempt_id}")
    single = started.questions[0]
    assert f'name="q{single.question_id}" value="{answers[single.question_id]}" checked' in page
    assert 'value="10日"' in page and 'value="拖延"' in page
    assert page.count("已保存") >= 5


@pytest.mark.parametrize("index, answer, message", [
    (0, ["o1"], "答案应为一个选项编号"),
    (1, "o1", "答案应为选项编号的列表"),
    (2, "yes", "答案应为 true（正确）或 false（错误）"),
    (3, ["a", "b"], "有 1 个空，收到 2 个答案"),
    (4, {"p9": True}, "本题没有小题"),
])
def test_wrong_answers_are_refused_with_the_reason(staff, started, index, answer, message):
    response = put(staff, started.attempt_id, started.questions[index].question_id, answer)
    assert response.status_code == 400 and message in response.json["error"]["message"]


def test_autosave_needs_the_csrf_token_and_my_own_attempt(staff, browsers, started, quiz, accounts):
    question = started.questions[2]
    assert put(staff, started.attempt_id, question.question_id, True, token=False).status_code == 400
    assert put(staff, started.attempt_id, 99999, True).json["error"]["message"] == "试题 99999 不在本次作答中"
    other = browsers["admin"]
    other.csrf("/me/account")
    assert put(other, started.attempt_id, question.question_id, True).status_code == 404
    assert other.get(f"/attempts/{started.attempt_id}").status_code == 404


def test_without_script_the_form_saves_only_what_changed(staff, quiz, accounts, started):
    single, true_false = started.questions[0], started.questions[2]
    page = staff.text(f"/attempts/{started.attempt_id}")
    seen = dict(re.findall(r'name="(seen_q\d+)" value="([^"]*)"', page))
    assert seen[f"seen_q{single.question_id}"] == "null"
    # Meanwhile, another tab saved the true/false answer; this page still shows it empty.
    put(staff, started.attempt_id, true_false.question_id, True)
    staff.post(f"/attempts/{started.attempt_id}/save", {**seen, f"q{single.question_id}": single.options[1].id})
    stored = {q.question_id: q.answer for q in quiz.attempts.get_attempt(actor_of(accounts["staff"]), started.attempt_id).questions}
    assert stored[single.question_id] == single.options[1].id and stored[true_false.question_id] is True


def test_submit_by_form_grades_what_it_carries(staff, quiz, accounts, started):
    answers = right_answers(started)
    case = started.questions[4]
    form = {f"seen_q{q.question_id}": "null" for q in started.questions}
    form[f"q{started.questions[0].question_id}"] = answers[started.questions[0].question_id]
    form[f"q{case.question_id}_p2"] = "false"
    check = staff.post(f"/attempts/{started.attempt_id}/submit", form, follow_redirects=True)
    assert "确认交卷" in check.get_data(as_text=True)     # saved, then asked
    response = staff.post(f"/attempts/{started.attempt_id}/submit", {"confirmed": "1"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "已交卷，得分 3 / 13" in page and "答案与专家解题将在轮次结束后公布" in page
    assert put(staff, started.attempt_id, case.question_id, {"p1": "o1"}).status_code == 409
    again = staff.post(f"/attempts/{started.attempt_id}/submit", form, follow_redirects=True)
    assert "本次作答已结束" in again.get_data(as_text=True)


def test_after_the_close_answers_and_linked_explanations_show(staff, quiz, accounts, started, loaded_app):
    put(staff, started.attempt_id, started.questions[0].question_id, started.questions[0].options[0].id)
    quiz.lifecycle.close_round(actor_of(accounts["trainer"]), started.round_id)
    page = staff.text(f"/attempts/{started.attempt_id}")
    assert "专家解题" in page and "正确答案：" in page and "轮次提前结束，自动交卷" in page
    assert re.search(r'法条依据：</span>\s*<a href="/laws/\d+/articles/2">《样例审计法》第二条</a>', page)
    assert "is-key" in page and 'data-running="false"' in page


def test_the_time_limit_ends_the_attempt_from_the_last_save(staff, quiz, accounts, make_round, paper, clock):
    view = quiz.attempts.start(actor_of(accounts["staff"]), make_round(paper, time_limit_minutes=10))
    page = staff.text(f"/attempts/{view.attempt_id}")
    assert 'data-seconds-left="600" title="剩余时间">10:00<' in page
    tf = view.questions[2]
    put(staff, view.attempt_id, tf.question_id, True)
    clock.advance(minutes=10)
    late = put(staff, view.attempt_id, tf.question_id, False)
    assert late.status_code == 409 and "自动交卷" in late.json["error"]["message"]
    result = quiz.attempts.get_attempt(actor_of(accounts["staff"]), view.attempt_id)
    assert (result.status, result.score, result.submit_kind) == ("submitted", 1.0, "time_limit")
    assert "限时到自动交卷" in staff.text(f"/attempts/{view.attempt_id}")


def test_practice_mode_feedback_on_request(staff, quiz, accounts, make_round, paper):
    view = quiz.attempts.start(actor_of(accounts["staff"]), make_round(paper, practice_mode=True))
    single = view.questions[0]
    response = staff.post(f"/attempts/{view.attempt_id}/check/{single.question_id}",
                          {f"seen_q{single.question_id}": "null", f"q{single.question_id}": single.options[0].id})
    assert response.location.endswith(f"#q{single.question_id}")
    page = staff.text(f"/attempts/{view.attempt_id}")
    assert page.count("专家解题") == 1 and "查看解析" in page                 # the other questions still can
    assert put(staff, view.attempt_id, single.question_id, single.options[1].id).json["error"]["message"] \
        == "本题已查看答案解析，不能再修改"


def test_report_a_question_by_form_or_by_script(staff, quiz, accounts, started, loaded_app):
    question = started.questions[1]
    back = staff.post(f"/questions/{question.question_id}/report",
                      {"message": "选项 D 也对", "next": f"/attempts/{started.attempt_id}"})
    assert back.location == f"/attempts/{started.attempt_id}"
    repeat = staff.client.post(f"/questions/{question.question_id}/report", headers={"Accept": "application/json"},
                               data={"csrf_token": staff.token, "message": "再报一次"})
    assert repeat.status_code == 409 and "正在处理中" in repeat.json["error"]["message"]
    reports = quiz.question_reports.open_reports_for(actor_of(accounts["trainer"]))
    assert [(r.question_id, r.message) for r in reports] == [(question.question_id, "选项 D 也对")]
    inbox = services(loaded_app).inbox.notices(actor_of(accounts["trainer"])).items
    assert [n.title for n in inbox] == ["【纠错】您编写的试题收到纠错反馈"]
    empty = staff.client.post(f"/questions/{started.questions[0].question_id}/report",
                              headers={"Accept": "application/json"}, data={"csrf_token": staff.token, "message": ""})
    assert empty.status_code == 400


def test_start_from_the_round_page(staff, make_round, paper):
    round_id = make_round(paper[:2])
    response = staff.post(f"/rounds/{round_id}/start")
    assert re.fullmatch(r"/attempts/\d+", response.location)
    again = staff.post(f"/rounds/{round_id}/start")
    assert again.location == response.location                    # resumes, never a second attempt
    assert "继续作答" in staff.text(f"/rounds/{round_id}")
    assert json.loads(staff.text(response.location).split('name="seen_q')[1].split('value="')[1].split('"')[0]) is None
