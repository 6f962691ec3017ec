"""The grading page (阅卷) by question and what staff then see on their attempt: anonymous
answers escaped, suggestions pre-filled, wrong citations marked, out-of-range points and
a stale save refused with the form shown again, 403 for staff."""
import io
import re

import pytest
from openpyxl import load_workbook

from accounts.permissions import actor_of
from tests.support.questions import SHORT_DATA, WRITTEN_CASE_DATA

ANSWER = "依据《样例审计法》第四条和《样例审计法》第九十九条。<script>alert(1)</script>"


@pytest.fixture
def graded_round(quiz, accounts, make_question, make_round):
    """A closed round of a 简答题 and a written case part, answered by the staff member."""
    short = make_question("single", **SHORT_DATA, options=None, answer=None)
    case = make_question("case", **WRITTEN_CASE_DATA)
    round_id = make_round([short, case])
    staff = actor_of(accounts["staff"])
    attempt = quiz.attempts.start(staff, round_id).attempt_id
    quiz.attempts.save_answer(staff, attempt, short, ANSWER)
    quiz.attempts.save_answer(staff, attempt, case, {"p2": "违反第四条"})
    quiz.attempts.submit(staff, attempt)
    quiz.lifecycle.close_round(actor_of(accounts["trainer"]), round_id)
    return round_id, short, case, attempt


def grade_form(attempt, question, version=0, comment="", **points):
    return {"attempt_id": attempt, "question_id": question, "part_id": "", "version": version,
            "comment": comment, **{f"point_{k}": v for k, v in points.items()}}


def test_the_page_shows_one_answer_anonymous_escaped_with_suggestion_and_flags(browsers, graded_round):
    round_id, *_ = graded_round
    page = browsers["trainer"].text(f"/rounds/{round_id}/grading")
    assert "已阅 0/2" in page and "答卷 1" in page and "staff" not in page.split("<main")[-1]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert 'data-cite-flag="不存在"' in page and "《样例审计法》第九十九条" in page
    (r2,) = re.findall(r'<input[^>]*name="point_r2"[^>]*>', page)
    assert 'value="6.0"' in r2
    (r1,) = re.findall(r'<input[^>]*name="point_r1"[^>]*>', page)
    assert 'value=""' in r1 or "value" not in r1
    assert "is-suggested" in page


def test_grading_saves_moves_on_and_refuses_bad_points_keeping_the_input(browsers, graded_round):
    round_id, short, case, attempt = graded_round
    trainer = browsers["trainer"]
    refused = trainer.post(f"/rounds/{round_id}/grading?task=1&n=1",
                           grade_form(attempt, short, r1=9, r2=6, comment="再看看"))
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "应在 0 至 4 分之间" in text and "再看看" in text
    saved = trainer.post(f"/rounds/{round_id}/grading?task=1&n=1",
                         grade_form(attempt, short, r1=3, r2=6, comment="<b>依据准确</b>"))
    assert saved.status_code == 302 and "task=2" in saved.location
    assert "已阅 1/2" in trainer.text(f"/rounds/{round_id}/grading?task=1&n=1")


def test_a_save_based_on_an_older_grade_is_refused(quiz, accounts, browsers, graded_round):
    round_id, short, _, attempt = graded_round
    quiz.marking.grade(actor_of(accounts["admin"]), attempt, short, "", {"points": 5})
    stale = browsers["trainer"].post(f"/rounds/{round_id}/grading?task=1&n=1",
                                     grade_form(attempt, short, r1=1, r2=1))
    assert stale.status_code == 409 and "您的评分没有保存" in stale.get_data(as_text=True)
    assert quiz.marking.queue(actor_of(accounts["admin"]), round_id).tasks[0].answers[0].marks.points == 5


def test_staff_may_not_open_the_grading_page(browsers, graded_round):
    round_id, *_ = graded_round
    assert browsers["staff"].get(f"/rounds/{round_id}/grading").status_code == 403


def test_staff_see_points_per_rubric_point_and_the_comment_escaped(quiz, accounts, browsers, graded_round):
    round_id, short, case, attempt = graded_round
    page = browsers["staff"].text(f"/attempts/{attempt}")
    assert "待阅卷" in page
    trainer = actor_of(accounts["trainer"])
    quiz.marking.grade(trainer, attempt, short, "", {"rubric": {"r1": 3, "r2": 6}, "comment": "<b>依据准确</b>"})
    quiz.marking.grade(trainer, attempt, case, "p2", {"points": 5})
    page = browsers["staff"].text(f"/attempts/{attempt}")
    assert "阅卷得分：<strong data-written-points>9</strong> / 10" in page
    assert "&lt;b&gt;依据准确&lt;/b&gt;" in page and "<b>依据准确</b>" not in page
    assert "data-ungraded" not in page
    results = browsers["trainer"].text(f"/rounds/{round_id}/results")
    assert "grading-state" not in results


def test_an_admin_designates_a_grader_who_then_grades(quiz, accounts, browsers, graded_round):
    round_id, *_ = graded_round
    staff_user = accounts["staff"]
    assert "/rounds/grading" not in browsers["staff"].text("/rounds")
    assert browsers["staff"].get("/rounds/grading").status_code == 403
    admin = browsers["admin"]
    assert 'name="is_grader"' in admin.text(f"/admin/users/{staff_user.id}")
    saved = admin.post(f"/admin/users/{staff_user.id}", {"display_name": staff_user.display_name,
                                                         "role": "staff", "department_id": "", "is_grader": "y"})
    assert saved.status_code == 302 and quiz.users.get_user(staff_user.id).is_grader
    assert "checked" in re.findall(r'<input[^>]*name="is_grader"[^>]*>', admin.text(f"/admin/users/{staff_user.id}"))[0]
    listing = browsers["staff"].text("/rounds/grading")
    assert "第一期练兵" in listing and "2 份" in listing and 'href="/rounds/grading"' in listing
    assert "已阅 0/2" in browsers["staff"].text(f"/rounds/{round_id}/grading")


def test_a_round_set_to_allow_it_is_graded_while_open(quiz, accounts, browsers, make_question, make_round):
    short = make_question("single", **SHORT_DATA, options=None, answer=None)
    staff, trainer = actor_of(accounts["staff"]), actor_of(accounts["trainer"])
    rounds = {}
    for allowed in (False, True):
        round_id = make_round([short], title=f"轮次{allowed}", grade_while_open=allowed)
        attempt = quiz.attempts.start(staff, round_id).attempt_id
        quiz.attempts.save_answer(staff, attempt, short, "答案")
        quiz.attempts.submit(staff, attempt)
        rounds[allowed] = (round_id, attempt)
    web = browsers["trainer"]
    assert "轮次截止后才能评分" in web.text(f"/rounds/{rounds[False][0]}/grading")
    assert "轮次截止后才能评分" not in web.text(f"/rounds/{rounds[True][0]}/grading")
    assert quiz.marking.grade(trainer, rounds[True][1], short, "", {"points": 4}).ungraded == 0
    form = web.text("/rounds/new")
    assert 'name="grade_while_open"' in form


def test_the_results_export_says_pending_until_the_written_answers_are_graded(browsers, accounts, graded_round):
    round_id, short, case, attempt = graded_round
    trainer = browsers["trainer"]

    def staff_row():
        book = load_workbook(io.BytesIO(trainer.get(f"/rounds/{round_id}/results.xlsx").data))
        rows = list(book["成绩"].iter_rows(values_only=True))
        return dict(zip(rows[0], next(r for r in rows[1:] if r[0] == accounts["staff"].username)))
    row = staff_row()
    assert row["得分"] == "待阅卷" and row["得分率%"] is None
    assert row["待阅卷时的客观题得分"] == "0/1"
    api = trainer.client.get(f"/api/v1/rounds/{round_id}/results").get_json()["items"]
    mine = next(r for r in api if r["username"] == accounts["staff"].username)
    assert (mine["ungraded"], mine["objective_score"], mine["objective_max"]) == (2, 0.0, 1.0)

    for question, part, points in ((short, "", {"point_r1": 4, "point_r2": 6}), (case, "p2", {"point_k1": 3})):
        task = 1 if question == short else 2
        form = {"attempt_id": attempt, "question_id": question, "part_id": part, "version": 0, "comment": "",
                **points}
        assert trainer.post(f"/rounds/{round_id}/grading?task={task}&n=1", form).status_code == 302
    row = staff_row()
    assert row["得分"] > 0 and row["待阅卷时的客观题得分"] is None
