"""专家解题 with 示范答案, 申请复核 and 双评 in the pages and the API: roles, CSRF, 403/404,
clear messages, and what the staff member then sees on their result page."""
import re

import pytest

from accounts.permissions import actor_of
from tests.support.questions import SHORT_DATA, WRITTEN_CASE_DATA


@pytest.fixture
def graded(quiz, accounts, make_question, make_round):
    """make(**round settings) → (round id, short id, case id, attempt id): a closed round the
    staff member answered; nothing graded yet."""
    def make(**settings):
        short = make_question("single", **SHORT_DATA, options=None, answer=None)
        case = make_question("case", **WRITTEN_CASE_DATA)
        round_id = make_round([short, case], **settings)
        staff = actor_of(accounts["staff"])
        attempt = quiz.attempts.start(staff, round_id).attempt_id
        quiz.attempts.save_answer(staff, attempt, short, "应提供财务、会计资料。<b>粗体</b>")
        quiz.attempts.save_answer(staff, attempt, case, {"p1": False, "p2": "违反第四条"})
        quiz.attempts.submit(staff, attempt)
        quiz.lifecycle.close_round(actor_of(accounts["trainer"]), round_id)
        return round_id, short, case, attempt
    return make


def grade_everything(quiz, accounts, attempt, short, case, role="trainer"):
    grader = actor_of(accounts[role])
    quiz.marking.grade(grader, attempt, short, "", {"points": 5, "comment": "依据不全"})
    quiz.marking.grade(grader, attempt, case, "p2", {"points": 6})


def test_a_grader_picks_an_exemplary_answer_and_staff_see_it_with_the_expert_solution(
        quiz, accounts, browsers, graded):
    round_id, short, case, attempt = graded()
    trainer = browsers["trainer"]
    page = trainer.text(f"/rounds/{round_id}/grading?task=1&n=1")
    assert 'name="exemplary"' in page
    saved = trainer.post(f"/rounds/{round_id}/grading?task=1&n=1", {
        "attempt_id": attempt, "question_id": short, "part_id": "", "version": 0, "point_r1": 4,
        "point_r2": 0, "comment": "", "exemplary": "y"})
    assert saved.status_code == 302
    assert "示范答案</span>" in trainer.text(f"/rounds/{round_id}/grading?task=1&n=1")
    staff = browsers["staff"]
    page = staff.text(f"/attempts/{attempt}")
    assert "data-exemplary" in page and "应提供财务、会计资料。&lt;b&gt;粗体&lt;/b&gt;" in page
    assert "data-exemplary-author>匿名" in page
    assert staff.post(f"/attempts/{attempt}/answers/{short}/named", {"named": "y"}).status_code == 302
    page = staff.text(f"/attempts/{attempt}")
    assert f"data-exemplary-author>{accounts['staff'].display_name}" in page
    assert re.search(r'name="named" value="y" form="named-\d+" checked', page)


def test_staff_file_a_regrade_and_see_the_outcome(quiz, accounts, browsers, graded):
    round_id, short, case, attempt = graded()
    grade_everything(quiz, accounts, attempt, short, case)
    staff = browsers["staff"]
    page = staff.text(f"/attempts/{attempt}")
    assert page.count("data-regrade-submit") == 2 and f'id="regrade-{short}-q"' in page
    empty = staff.post(f"/attempts/{attempt}/answers/{short}/regrade", {"reason": " ", "part_id": ""})
    assert empty.status_code == 302
    assert "请填写申请复核的理由" in staff.text(f"/attempts/{attempt}")
    too_long = staff.post(f"/attempts/{attempt}/answers/{short}/regrade", {"reason": "长" * 1001})
    assert too_long.status_code == 302 and "不超过 1000 字" in staff.text(f"/attempts/{attempt}")
    filed = staff.post(f"/attempts/{attempt}/answers/{short}/regrade", {"reason": "第一个要点答到了"})
    assert filed.status_code == 302
    page = staff.text(f"/attempts/{attempt}")
    assert "已提交复核申请" in page and "复核中" in page and page.count("data-regrade-submit") == 1
    again = staff.post(f"/attempts/{attempt}/answers/{short}/regrade", {"reason": "再申请"})
    assert again.status_code == 302 and "只能申请一次" in staff.text(f"/attempts/{attempt}")
    # The trainer graded it: the queue shows who may take it, and the trainer may not.
    queue = browsers["trainer"].text("/rounds/grading/regrades")
    assert "第一个要点答到了" in queue and "data-take-regrade" not in queue and "您评过这份答卷" in queue
    (request_id,) = [t.request_id for t in quiz.regrades.queue(actor_of(accounts["admin"]))]
    refused = browsers["trainer"].post(f"/rounds/grading/regrades/{request_id}", {"comment": "x", "point_r1": 1})
    assert refused.status_code == 403 and "另一位阅卷人" in refused.get_data(as_text=True)
    admin = browsers["admin"]
    assert "data-take-regrade" in admin.text("/rounds/grading/regrades")
    form = admin.text(f"/rounds/grading/regrades/{request_id}")
    assert "第一个要点答到了" in form and "原评分：5 分" in form
    no_comment = admin.post(f"/rounds/grading/regrades/{request_id}", {"point_r1": 4, "point_r2": 3, "comment": ""})
    assert no_comment.status_code == 400 and "请填写复核意见" in no_comment.get_data(as_text=True)
    decided = admin.post(f"/rounds/grading/regrades/{request_id}",
                         {"point_r1": 4, "point_r2": 3, "comment": "第一个要点完整"})
    assert decided.status_code == 302
    page = staff.text(f"/attempts/{attempt}")
    assert "由 5 分改为 7 分" in page and "第一个要点完整" in page
    assert "复核结果" in staff.text("/notices")


def test_regrade_forms_need_the_csrf_token_and_the_owner(quiz, accounts, browsers, graded):
    round_id, short, case, attempt = graded()
    grade_everything(quiz, accounts, attempt, short, case)
    raw = browsers["staff"].client.post(f"/attempts/{attempt}/answers/{short}/regrade", data={"reason": "理由"})
    assert raw.status_code == 400 and quiz.regrades.queue(actor_of(accounts["admin"])) == []
    other = browsers["trainer"].post(f"/attempts/{attempt}/answers/{short}/regrade", {"reason": "不是我的"})
    assert other.status_code == 404
    assert browsers["staff"].post(f"/attempts/{attempt}/answers/{short}/named", {"named": "y"}).status_code == 302
    assert browsers["trainer"].post(f"/attempts/{attempt}/answers/{short}/named", {}).status_code == 404
    assert browsers["staff"].get("/rounds/grading/regrades").status_code == 403
    assert browsers["admin"].get("/rounds/grading/regrades/999").status_code == 404


def test_double_marking_on_the_grading_page(quiz, accounts, browsers, graded):
    round_id, short, case, attempt = graded(double_marking_threshold=1.0)
    form = {"attempt_id": attempt, "question_id": short, "part_id": "", "version": 0, "comment": ""}
    trainer, admin = browsers["trainer"], browsers["admin"]
    assert "双评：两评分差超过 1 分需第三评" in trainer.text(f"/rounds/{round_id}/grading")
    first = trainer.post(f"/rounds/{round_id}/grading?task=1&n=1", {**form, "point_r1": 4, "point_r2": 6})
    assert first.status_code == 302
    page = trainer.text(f"/rounds/{round_id}/grading?task=1&n=1")
    assert "已阅 0/2" in page and "双评 1/2" in page
    assert "其他阅卷人" not in admin.text(f"/rounds/{round_id}/grading?task=1&n=1")
    twice = trainer.post(f"/rounds/{round_id}/grading?task=1&n=1", {**form, "point_r1": 4})
    assert twice.status_code == 409 and "第二评须由另一位阅卷人" in twice.get_data(as_text=True)
    admin.post(f"/rounds/{round_id}/grading?task=1&n=1", {**form, "point_r1": 1, "point_r2": 0})
    page = admin.text(f"/rounds/{round_id}/grading?task=1&n=1")
    assert "分差超阈值" in page and "其他阅卷人：10 分" in page
    assert "data-ungraded" in browsers["staff"].text(f"/attempts/{attempt}")


def test_the_round_form_sets_double_marking_and_the_regrade_window(browsers):
    form = browsers["trainer"].text("/rounds/new")
    assert 'name="double_marking_threshold"' in form and re.search(r'name="regrade_days" value="3"', form)


# API

def test_regrade_through_the_api(quiz, accounts, graded, api_for):
    round_id, short, case, attempt = graded()
    staff, trainer, admin = api_for("staff"), api_for("trainer"), api_for("admin")
    url = f"/api/v1/attempts/{attempt}/answers/{short}/review-request"
    early = staff.post(url, json={"reason": "理由"})
    assert early.status_code == 409 and "尚未阅卷定分" in early.json["error"]["message"]
    grade = trainer.put(f"/api/v1/attempts/{attempt}/answers/{short}/grade",
                        json={"points": 5, "exemplary": True})
    assert grade.status_code == 200 and grade.json["marks"]["points"] == 5
    assert trainer.get(f"/api/v1/rounds/{round_id}/grading").json["tasks"][0]["answers"][0]["exemplary"] is True
    trainer.put(f"/api/v1/attempts/{attempt}/answers/{case}/parts/p2/grade", json={"points": 2})
    assert staff.post(url, json={"reason": ""}).status_code == 400
    assert staff.post(url, json={"reason": "x", "extra": 1}).status_code == 400
    assert trainer.post(url, json={"reason": "别人的"}).status_code == 404
    filed = staff.post(url, json={"reason": "请复核"})
    assert filed.status_code == 201 and filed.json["status"] == "open"
    assert staff.post(url, json={"reason": "再来"}).status_code == 409
    assert staff.get("/api/v1/review-requests").status_code == 403
    (ticket,) = admin.get("/api/v1/review-requests").json
    decision = f"/api/v1/review-requests/{ticket['request_id']}/decision"
    assert staff.put(decision, json={"points": 9, "comment": "x"}).status_code == 403
    assert trainer.put(decision, json={"points": 9, "comment": "x"}).status_code == 403
    assert admin.put(decision, json={"points": 11, "comment": "x"}).status_code == 400
    assert admin.get(f"/api/v1/review-requests/{ticket['request_id']}").json["marks"]["points"] == 5
    done = admin.put(decision, json={"points": 9, "comment": "依据充分"})
    assert done.status_code == 200 and done.json["status"] == "changed"
    mine = staff.get(f"/api/v1/attempts/{attempt}").json
    written = mine["questions"][0]["feedback"]["written"][0]
    assert written["points"] == 9 and written["regrade"]["comment"] == "依据充分"
    assert written["exemplary"][0]["author"] is None and mine["score"] == 1 + 9 + 2
    assert admin.get("/api/v1/review-requests/999").status_code == 404


def test_a_settled_double_marked_answer_offers_only_the_exemplary_choice(quiz, accounts, browsers, graded, api_for):
    round_id, short, case, attempt = graded(double_marking_threshold=1.0)
    quiz.marking.grade(actor_of(accounts["trainer"]), attempt, short, "", {"points": 6})
    quiz.marking.grade(actor_of(accounts["admin"]), attempt, short, "", {"points": 7})
    trainer = browsers["trainer"]
    page = trainer.text(f"/rounds/{round_id}/grading?task=1&n=1")
    assert "双评已定分：<strong>6.5</strong>" in page and "data-grade-form" not in page
    chosen = trainer.post(f"/rounds/{round_id}/grading/exemplary?task=1&n=1",
                          {"attempt_id": attempt, "question_id": short, "part_id": "", "exemplary": "y"})
    assert chosen.status_code == 302 and "task=1" in chosen.location
    assert "已选作示范答案" in trainer.text(chosen.location)
    assert browsers["staff"].post(f"/rounds/{round_id}/grading/exemplary",
                                  {"attempt_id": attempt, "question_id": short}).status_code == 403
    url = f"/api/v1/attempts/{attempt}/answers/{short}/exemplary"
    assert api_for("staff").put(url, json={"exemplary": False}).status_code == 403
    dropped = api_for("trainer").put(url, json={"exemplary": False})
    assert dropped.status_code == 200 and dropped.json["exemplary"] is False
    assert api_for("trainer").put(url, json={"exemplary": "yes"}).status_code == 400
