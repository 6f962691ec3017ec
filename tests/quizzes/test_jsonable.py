import datetime as dt
import json

from quizzes.jsonable import to_jsonable


def test_an_attempt_view_is_json_ready_and_hides_the_key(engine, staff, make_question, make_round):
    qid = make_question("single")
    view = engine.attempts.start(staff, make_round([qid]))
    data = to_jsonable(view)
    json.dumps(data, ensure_ascii=False)
    question = data["questions"][0]
    assert sorted(o["id"] for o in question["options"]) == ["o1", "o2", "o3", "o4"]
    assert question["feedback"] is None and question["answer"] is None
    assert dt.datetime.fromisoformat(data["started_at"]).tzinfo is not None
