"""Hostile API input is a 400 naming the problem — never a 500 and never silently
accepted: round bodies with values of the wrong type or out of range (the schema's
types), and enum query parameters with anything outside the enum (%0B included)."""
import json

import pytest

from quizzes.round_spec import STATUSES

GOOD = {"title": "第一期", "opens_at": "2026-03-02T09:00", "closes_at": "2026-03-09T09:00"}

BAD_ROUND_FIELDS = [
    ("scoring", [None, None]), ("scoring", "standard"), ("scoring", 7), ("scoring", {"points": [1, 2]}),
    ("scoring", {"points": {"single": "2"}}), ("scoring", {"multiple_rule": ["x"]}),
    ("scoring", {"partial_ratio": "0.5"}), ("scoring", {"points": None, "unknown": 1}),
    ("policy", [1]), ("policy", {"count": "ten"}), ("policy", {"count": None}), ("policy", {"mix": [1, 2]}),
    ("policy", {"mix": {"single": "x"}}), ("policy", {"statute_ids": ["a"]}), ("policy", {"tags": [1]}),
    ("policy", {"count": 10**30}), ("policy", {"seed": [1]}), ("policy", {"review_share": "half"}),
    ("title", {"a": 1}), ("title", ["x"]), ("title", 12), ("title", ""), ("title", "x" * 201),
    ("description", ["x"]), ("description", 5), ("practice_mode", "no"), ("practice_mode", 1),
    ("attempts_allowed", "2"), ("attempts_allowed", 2.5), ("attempts_allowed", 0), ("attempts_allowed", 11),
    ("time_limit_minutes", 0), ("time_limit_minutes", 1441), ("time_limit_minutes", "30"),
    ("time_limit_minutes", True), ("department_ids", [10**30]), ("department_ids", ["1"]),
    ("department_ids", {"1": 1}), ("question_ids", [10**30]), ("question_ids", [1.5]),
    ("question_ids", [True]), ("opens_at", 12), ("opens_at", ["2026"]), ("closes_at", None),
    ("opens_at", "2026-02-30T09:00"),
]
RAW_BODIES = ['{"title": "x", "opens_at": "2026-03-02T09:00", "closes_at": "2026-03-09T09:00", '
              '"time_limit_minutes": Infinity}',
              '{"title": "x", "opens_at": "2026-03-02T09:00", "closes_at": "2026-03-09T09:00", '
              '"attempts_allowed": NaN}',
              '{"title": "x", "opens_at": "2026-03-02T09:00", "closes_at": "2026-03-09T09:00", '
              '"attempts_allowed": 1e400}',
              '[]', '"x"', 'null', '{"title": "x"']


@pytest.mark.parametrize("field, value", BAD_ROUND_FIELDS, ids=lambda v: repr(v)[:30])
def test_round_bodies_with_wrong_values_are_400(api_for, field, value):
    response = api_for("trainer").post("/api/v1/rounds", json={**GOOD, field: value})
    assert response.status_code == 400, (field, value, response.status_code, response.get_json())
    assert response.get_json()["error"]["message"]


@pytest.mark.parametrize("body", RAW_BODIES)
def test_raw_bodies_are_400(api_for, body):
    response = api_for("trainer").post("/api/v1/rounds", data=body, content_type="application/json")
    assert response.status_code == 400, (body, response.status_code)


BAD_ENUMS = ["\x0b", " ", "", "\t", "OPEN", "open ", " open", "open\x00", "草稿", "x" * 30]
ENUM_PARAMS = [("/api/v1/rounds", "status"), ("/api/v1/cases", "status"), ("/api/v1/search", "scope"),
               ("/api/v1/search", "level"), ("/api/v1/laws", "level")]


@pytest.mark.parametrize("path, param", ENUM_PARAMS)
@pytest.mark.parametrize("value", BAD_ENUMS, ids=repr)
def test_enum_parameters_outside_the_enum_are_400(api_for, path, param, value):
    query = {param: value, **({"q": "审计"} if path.endswith("search") else {})}
    response = api_for("trainer").get(path, query_string=query)
    assert response.status_code == 400, (path, param, value, response.status_code)


@pytest.mark.parametrize("value", STATUSES)
def test_every_listed_status_still_works(api_for, value):
    assert api_for("trainer").get("/api/v1/rounds", query_string={"status": value}).status_code == 200


def test_a_good_round_body_still_works(api_for, make_question):
    body = {**GOOD, "question_ids": [make_question("single")], "practice_mode": False,
            "scoring": {"points": {"single": 3}}, "attempts_allowed": 2, "time_limit_minutes": 30}
    response = api_for("trainer").post("/api/v1/rounds", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.get_json()


HOSTILE = [None, [None, None], {"a": 1}, [[]], 10**30, -1, 2.5, True, "", "x" * 20_000, "\x0b", ["\x00"]]
QUESTION = {"type": "single", "stem": "审计通知书几日前送达？", "options": ["一日", "三日"], "answer": "o2"}


@pytest.mark.parametrize("field", ["type", "stem", "options", "answer", "explanation", "articles", "tags",
                                   "difficulty", "parts"])
def test_question_bodies_with_hostile_values_are_400(api_for, field):
    client = api_for("trainer")
    for value in HOSTILE:
        response = client.post("/api/v1/questions", json={**QUESTION, field: value})
        assert response.status_code in (201, 400), (field, repr(value)[:40], response.status_code)


def test_answers_with_hostile_values_are_never_a_500(api_for, make_question, make_round):
    round_id = make_round([make_question(kind) for kind in ("single", "multiple", "fill", "case")])
    client = api_for("staff")
    attempt = client.post(f"/api/v1/rounds/{round_id}/attempts").get_json()
    for question in attempt["questions"]:
        url = f"/api/v1/attempts/{attempt['attempt_id']}/answers/{question['question_id']}"
        for value in HOSTILE + [{"p1": {"x": [1]}}, {"p9": "o1"}]:
            response = client.put(url, json={"answer": value})
            assert response.status_code in (200, 400), (question["qtype"], repr(value)[:40], response.status_code)
