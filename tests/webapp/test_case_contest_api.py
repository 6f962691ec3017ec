"""The 案例评比 API: a judge scores through PUT …/score with a bearer token (range and
recusal refused with Chinese messages, malformed bodies a 400), the judge's list, and the
results as each role may see them."""
from __future__ import annotations

import datetime as dt

import pytest

from accounts.permissions import actor_of, system_actor
from kb.cases.values import CaseInput
from quizzes.case_contest.values import ContestInput, EntryInput
from tests.support.environment import START
from webapp.extensions import services


@pytest.fixture
def contest(loaded_app, add_user, clock):
    """Judges j1, j2; entry 甲案 by s1 and 乙案 by s2 with j2; the window closed."""
    kb = services(loaded_app)
    users = {name: add_user(name, role) for name, role in
             (("t1", "trainer"), ("j1", "staff"), ("j2", "staff"), ("s1", "staff"), ("s2", "staff"))}
    contest_id = kb.case_contests.open_contest(actor_of(users["t1"]), ContestInput(
        "评比", START - dt.timedelta(hours=1), START + dt.timedelta(days=1), judges=("j1", "j2")))
    body = "违反《中华人民共和国样例审计法》第四条。"
    ids = [kb.contest_entries.submit(actor_of(users[who]), contest_id, EntryInput(
        CaseInput(title, "预算执行", body), coauthors)).id
        for who, title, coauthors in (("s1", "甲案", ()), ("s2", "乙案", ("j2",)))]
    clock.set(START + dt.timedelta(days=2))
    criteria = kb.contest_judging.criteria(None, contest_id)

    def call(client, method: str, url: str, who: str, **kwargs):
        token = kb.tokens.issue(system_actor(), users[who]).token
        return client.open(f"/api/v1{url}", method=method,
                           headers={"Authorization": f"Bearer {token}"}, **kwargs)
    return contest_id, ids, criteria, call


def test_a_judge_scores_through_the_api(client, contest):
    contest_id, (a, b), criteria, call = contest
    scores = {str(c.id): c.weight - 1 for c in criteria}
    response = call(client, "PUT", f"/contests/entries/{a}/score", "j1",
                    json={"scores": scores, "comment": "很好"})
    assert response.status_code == 200 and response.json["total"] == 96
    items = call(client, "GET", f"/contests/{contest_id}/judging", "j1").json["items"]
    assert [(i["title"], i["state"], i["authors"]) for i in items] == [("甲案", "done", ""), ("乙案", "todo", "")]
    results = call(client, "GET", f"/contests/{contest_id}/results", "t1").json
    assert results["standings"][0]["totals"] == [96]
    assert {p["judge"]["username"]: p["done"] for p in results["progress"]} == {"j1": 1, "j2": 0}
    assert call(client, "GET", f"/contests/{contest_id}/results", "s1").status_code == 403


@pytest.mark.parametrize("body, status, message", [
    ({"scores": {"X": 1}, "comment": "x"}, 400, "评分标准编号"),
    ({"scores": {"1": "三十"}, "comment": "x"}, 400, "应为整数"),
    ({"scores": [], "comment": "x"}, 400, "必须是对象"),
    ({"scores": {}, "comment": "x", "extra": 1}, 400, "未知的字段"),
])
def test_malformed_scores_are_400(client, contest, body, status, message):
    _, (a, _), _, call = contest
    response = call(client, "PUT", f"/contests/entries/{a}/score", "j1", json=body)
    assert response.status_code == status and message in response.json["error"]["message"]


def test_out_of_range_recused_and_outsiders_are_refused(client, contest):
    _, (a, b), criteria, call = contest
    over = {str(c.id): c.weight + 1 for c in criteria}
    response = call(client, "PUT", f"/contests/entries/{a}/score", "j1", json={"scores": over, "comment": "x"})
    assert response.status_code == 400 and "不能是 31 分" in response.json["error"]["message"]
    fine = {str(c.id): 1 for c in criteria}
    response = call(client, "PUT", f"/contests/entries/{b}/score", "j2", json={"scores": fine, "comment": "x"})
    assert response.status_code == 403 and "应当回避" in response.json["error"]["message"]
    response = call(client, "PUT", f"/contests/entries/{a}/score", "s2", json={"scores": fine, "comment": "x"})
    assert response.status_code == 403 and "不是本次评比的评委" in response.json["error"]["message"]
