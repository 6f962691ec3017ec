"""The written answers and 阅卷 through the API: written questions created, answered (the
20,000-character limit), graded by question (403 for staff, 400 out of range, 409 for a
stale save), and the person's points and comment read back once results are out."""
import pytest

from accounts.permissions import actor_of
from tests.support.questions import SHORT_DATA, WRITTEN_CASE_DATA


@pytest.fixture
def written(quiz, accounts, make_question, make_round, api_for):
    """A round of a 简答题 and a case with a written part; the staff member answered and
    submitted: (round id, short id, case id, attempt id, staff client, trainer client)."""
    short = make_question("single", **SHORT_DATA, options=None, answer=None)
    case = make_question("case", **WRITTEN_CASE_DATA)
    round_id = make_round([short, case])
    staff, trainer = api_for("staff"), api_for("trainer")
    attempt = staff.post(f"/api/v1/rounds/{round_id}/attempts").json["attempt_id"]
    text = "应提供会计资料，依据《样例审计法》第四条。<script>alert(1)</script>"
    assert staff.put(f"/api/v1/attempts/{attempt}/answers/{short}", json={"answer": text}).status_code == 200
    assert staff.put(f"/api/v1/attempts/{attempt}/answers/{case}",
                     json={"answer": {"p1": False, "p2": "违反第四条"}}).status_code == 200
    assert staff.post(f"/api/v1/attempts/{attempt}/submit").json["score"] == 1
    return round_id, short, case, attempt, staff, trainer


def test_a_written_question_is_created_with_its_rubric(api_for):
    trainer = api_for("trainer")
    response = trainer.post("/api/v1/questions", json=dict(SHORT_DATA, type="简答题"))
    assert response.status_code == 201, response.json
    rubric = response.json["content"]["answer"]["rubric"]
    assert [(p["id"], p["points"]) for p in rubric] == [("r1", 4.0), ("r2", 6.0)]
    assert rubric[1]["articles"][0][1] == 4
    bad = dict(SHORT_DATA, rubric=[{"text": "依据", "points": 2, "articles": "《样例审计法》第九十九条"}])
    refused = trainer.post("/api/v1/questions", json=bad)
    assert refused.status_code == 400 and "法条依据无效" in refused.json["error"]["message"]


def test_an_answer_over_20000_characters_is_refused(quiz, make_question, make_round, api_for):
    short = make_question("single", **SHORT_DATA, options=None, answer=None)
    staff = api_for("staff")
    attempt = staff.post(f"/api/v1/rounds/{make_round([short])}/attempts").json["attempt_id"]
    url = f"/api/v1/attempts/{attempt}/answers/{short}"
    assert staff.put(url, json={"answer": "审" * 20000}).status_code == 200
    refused = staff.put(url, json={"answer": "审" * 20001})
    assert refused.status_code == 400 and "上限 20000 字" in refused.json["error"]["message"]
    assert len(staff.get(f"/api/v1/attempts/{attempt}").json["questions"][0]["answer"]) == 20000


def test_staff_get_403_on_every_grading_route(written):
    round_id, short, case, attempt, staff, _ = written
    assert staff.get(f"/api/v1/rounds/{round_id}/grading").status_code == 403
    assert staff.put(f"/api/v1/attempts/{attempt}/answers/{short}/grade", json={"points": 1}).status_code == 403
    assert staff.put(f"/api/v1/attempts/{attempt}/answers/{case}/parts/p2/grade",
                     json={"points": 1}).status_code == 403


def test_grading_by_question_through_the_api(written, quiz, accounts):
    round_id, short, case, attempt, staff, trainer = written
    quiz.lifecycle.close_round(actor_of(accounts["trainer"]), round_id)
    queue = trainer.get(f"/api/v1/rounds/{round_id}/grading").json
    assert (queue["graded"], queue["total"]) == (0, 2)
    first = queue["tasks"][0]["answers"][0]
    assert first["number"] == 1 and first["suggested"] == {"r2": 6.0} and "user" not in str(first)
    url = f"/api/v1/attempts/{attempt}/answers/{short}/grade"
    for body in ({"points": 11}, {"points": -1}, {"rubric": {"r1": 4.5}}):
        refused = trainer.put(url, json=body)
        assert refused.status_code == 400, body
    graded = trainer.put(url, json={"rubric": {"r1": 4, "r2": 6}, "comment": "<b>依据准确</b>", "version": 0})
    assert graded.status_code == 200 and graded.json["marks"]["points"] == 10
    stale = trainer.put(url, json={"points": 3, "version": 0})
    assert stale.status_code == 409 and "没有保存" in stale.json["error"]["message"]
    part = trainer.put(f"/api/v1/attempts/{attempt}/answers/{case}/parts/p2/grade", json={"points": 6})
    assert part.json["ungraded"] == 0 and part.json["attempt_score"] == 17
    assert trainer.put(f"/api/v1/attempts/{attempt}/answers/{case}/parts/p1/grade",
                       json={"points": 1}).status_code == 404
    mine = staff.get(f"/api/v1/attempts/{attempt}").json
    assert mine["ungraded"] == 0 and mine["score"] == 17
    written_feedback = mine["questions"][0]["feedback"]["written"][0]
    assert (written_feedback["points"], written_feedback["comment"]) == (10, "<b>依据准确</b>")
    assert [got for _, got in written_feedback["rubric"]] == [4, 6]


def test_the_attempt_is_withheld_until_results_are_out(written):
    _, short, _, attempt, staff, _ = written
    mine = staff.get(f"/api/v1/attempts/{attempt}").json
    assert mine["ungraded"] == 2 and all(q["feedback"] is None for q in mine["questions"])


def test_another_persons_attempt_is_not_found(written, api_for):
    _, _, _, attempt, _, trainer = written
    assert trainer.get(f"/api/v1/attempts/{attempt}").status_code == 404
