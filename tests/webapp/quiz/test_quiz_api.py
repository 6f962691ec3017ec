"""The quiz API (bearer tokens): listing and taking rounds, answers of the wrong shape,
other people's attempts, and the trainers' routes."""
import datetime as dt

import pytest

from accounts.permissions import actor_of
from tests.support.questions import right_answers


@pytest.fixture
def staff_api(api_for):
    return api_for("staff")


@pytest.fixture
def trainer_api(api_for):
    return api_for("trainer")


def test_list_open_rounds_and_one_round(staff_api, make_round, paper):
    open_id = make_round(paper[:2], title="进行中的")
    make_round(paper[:1], title="未发布的", publish=False)
    items = staff_api.get("/api/v1/rounds?status=open").json["items"]
    assert [(r["id"], r["title"], r["mine"]["can_start"]) for r in items] == [(open_id, "进行中的", True)]
    detail = staff_api.get(f"/api/v1/rounds/{open_id}").json
    assert detail["summary"]["question_count"] == 2 and detail["questions"] == []
    assert staff_api.get("/api/v1/rounds?status=nonsense").status_code == 400
    assert staff_api.get("/api/v1/rounds/999").status_code == 404


def test_take_a_round_through_the_api(staff_api, quiz, accounts, make_round, paper):
    round_id = make_round(paper)
    attempt = staff_api.post(f"/api/v1/rounds/{round_id}/attempts").json
    assert attempt["status"] == "in_progress" and len(attempt["questions"]) == 5
    single = attempt["questions"][0]
    assert set(single["options"][0]) == {"id", "text"} and single["feedback"] is None
    assert "answer_key" not in str(attempt) and all(q["answer"] is None for q in attempt["questions"])
    answers = right_answers(quiz.attempts.get_attempt(actor_of(accounts["staff"]), attempt["attempt_id"]))
    for question in attempt["questions"]:
        saved = staff_api.put(f"/api/v1/attempts/{attempt['attempt_id']}/answers/{question['question_id']}",
                              json={"answer": answers[question["question_id"]]})
        assert saved.status_code == 200, saved.json
    assert saved.json["answered"] == 5
    result = staff_api.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit").json
    assert (result["score"], result["max_score"], result["already_submitted"]) == (13, 13, False)
    assert staff_api.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit").json["already_submitted"] is True
    history = staff_api.get("/api/v1/me/results").json["items"]
    assert [(h["round_id"], h["percent"]) for h in history] == [(round_id, 100.0)]


@pytest.mark.parametrize("body, status, message", [
    ({"answer": ["o1"]}, 400, "答案应为一个选项编号"),
    ({"answer": 3}, 400, "答案应为一个选项编号"),
    ({"reply": "o1"}, 400, "未知的字段：reply"),
    ({}, 400, "缺少字段 answer"),
    ([], 400, "请求体应为 JSON 对象"),
])
def test_answers_of_the_wrong_shape(staff_api, make_round, paper, body, status, message):
    attempt = staff_api.post(f"/api/v1/rounds/{make_round(paper)}/attempts").json
    url = f"/api/v1/attempts/{attempt['attempt_id']}/answers/{attempt['questions'][0]['question_id']}"
    response = staff_api.put(url, json=body)
    assert response.status_code == status and message in response.json["error"]["message"]


def test_questions_not_in_the_attempt_and_other_peoples_attempts(staff_api, api_for, make_round, paper):
    attempt = staff_api.post(f"/api/v1/rounds/{make_round(paper[:1])}/attempts").json
    url = f"/api/v1/attempts/{attempt['attempt_id']}/answers"
    missing = staff_api.put(f"{url}/{paper[1]}", json={"answer": True})
    assert missing.status_code == 400 and "不在本次作答中" in missing.json["error"]["message"]
    intruder = api_for("admin")
    assert intruder.put(f"{url}/{paper[0]}", json={"answer": "o1"}).status_code == 404
    assert intruder.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit").status_code == 404
    text = staff_api.put(f"{url}/{paper[0]}", data="o1", content_type="text/plain")
    assert text.status_code == 400


def test_saving_after_the_close_is_refused_with_the_reason(staff_api, quiz, accounts, make_round, paper):
    round_id = make_round(paper[:1])
    attempt = staff_api.post(f"/api/v1/rounds/{round_id}/attempts").json
    quiz.lifecycle.close_round(actor_of(accounts["trainer"]), round_id)
    response = staff_api.put(f"/api/v1/attempts/{attempt['attempt_id']}/answers/{paper[0]}", json={"answer": "o1"})
    assert response.status_code == 409 and "已提交" in response.json["error"]["message"]
    closed = staff_api.get(f"/api/v1/rounds/{round_id}").json
    assert closed["summary"]["status"] == "closed"


def test_trainer_routes(trainer_api, staff_api, clock, paper):
    question = trainer_api.post("/api/v1/questions", json={
        "type": "判断题", "stem": "审计报告应当征求被审计单位意见。", "answer": True,
        "articles": "《样例审计法》第四条", "tags": ["审计报告"]})
    assert question.status_code == 201 and question.json["status"] == "draft"
    assert question.json["citations"][0]["short_title"] == "样例审计法"
    opens = clock.now().isoformat()
    created = trainer_api.post("/api/v1/rounds", json={
        "title": "接口创建", "opens_at": opens, "closes_at": (clock.now() + dt.timedelta(days=3)).isoformat(),
        "question_ids": paper[:2]})
    assert created.status_code == 201 and created.json["summary"]["status"] == "draft"
    round_id = created.json["summary"]["id"]
    assert [q["question_id"] for q in created.json["questions"]] == paper[:2]
    assert trainer_api.post(f"/api/v1/rounds/{round_id}/close").status_code == 409   # a draft cannot close
    rows = trainer_api.get(f"/api/v1/rounds/{round_id}/results").json["items"]
    assert [(r["username"], r["score"], r["attempts"]) for r in rows] == [("staff", None, 0)]
    stats = trainer_api.get(f"/api/v1/rounds/{round_id}/stats").json
    assert stats["audience"] == 1 and len(stats["distribution"]) == 10 and len(stats["questions"]) == 2
    for method, url in (("post", "/api/v1/questions"), ("post", "/api/v1/rounds"),
                        ("post", f"/api/v1/rounds/{round_id}/close"), ("get", f"/api/v1/rounds/{round_id}/results"),
                        ("get", f"/api/v1/rounds/{round_id}/stats")):
        assert getattr(staff_api, method)(url, json={}).status_code == 403


@pytest.mark.parametrize("body, message", [
    ({"type": "单选题", "stem": "x", "options": ["甲"], "answer": "A"}, "2 至 6 个选项"),
    ({"type": "作文题", "stem": "x"}, "未知题型"),
    ({"title": "x"}, "未知的字段：title"),
    ({"stem": "没有题型"}, "未知题型"),
])
def test_bad_questions_are_refused(trainer_api, body, message):
    response = trainer_api.post("/api/v1/questions", json=body)
    assert response.status_code == 400 and message in response.json["error"]["message"]


def test_close_through_the_api_grades_and_results_follow(trainer_api, staff_api, make_round, paper):
    round_id = make_round(paper[:1])
    attempt = staff_api.post(f"/api/v1/rounds/{round_id}/attempts").json
    first = attempt["questions"][0]
    staff_api.put(f"/api/v1/attempts/{attempt['attempt_id']}/answers/{first['question_id']}",
                  json={"answer": next(o["id"] for o in first["options"] if o["text"] == "三日")})
    closed = trainer_api.post(f"/api/v1/rounds/{round_id}/close").json
    assert closed == {"round_id": round_id, "auto_submitted": 1, "submitted": 1}
    rows = trainer_api.get(f"/api/v1/rounds/{round_id}/results").json["items"]
    assert [(r["username"], r["score"], r["submit_kind"], r["rank"]) for r in rows] == [
        ("staff", 2.0, "early_close", 1)]
    mine = staff_api.post(f"/api/v1/rounds/{round_id}/attempts")
    assert mine.status_code == 409 and "轮次已结束" in mine.json["error"]["message"]
