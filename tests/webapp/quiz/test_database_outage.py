"""PostgreSQL stopped during a round: pages answer a clear 503 in Chinese, the API a JSON
503, the answers saved before stay saved, and the app serves again by itself once the
database is back — no restart."""
import pytest

from tests.support.questions import right_answers


@pytest.fixture
def database_url(own_postgres):
    """This module's app runs on a PostgreSQL server of its own, which the test stops."""
    return own_postgres.url


def put(web, attempt_id, question_id, answer):
    return web.client.put(f"/api/v1/attempts/{attempt_id}/answers/{question_id}", json={"answer": answer},
                          headers={"X-CSRFToken": web.token})


def test_stop_the_database_then_start_it(own_postgres, staff, started):
    answers = right_answers(started)
    first, second = started.questions[0], started.questions[2]
    assert put(staff, started.attempt_id, first.question_id, answers[first.question_id]).status_code == 200
    page = f"/attempts/{started.attempt_id}"
    assert staff.get(page).status_code == 200

    own_postgres.halt()
    down = staff.get(page)
    assert down.status_code == 503 and down.headers["Retry-After"] == "15"
    text = down.get_data(as_text=True)
    assert "服务暂时不可用" in text and "暂时无法连接数据库" in text and "已保存的作答" in text
    assert "Traceback" not in text and "psycopg" not in text
    refused = put(staff, started.attempt_id, second.question_id, answers[second.question_id])
    assert refused.status_code == 503
    assert refused.json["error"]["code"] == "database_unavailable"
    assert "暂时无法连接数据库" in refused.json["error"]["message"]
    assert staff.get("/laws").status_code == 503

    own_postgres.resume()
    again = staff.get(page)
    assert again.status_code == 200, again.get_data(as_text=True)[:500]
    html = again.get_data(as_text=True)
    assert f'name="q{first.question_id}" value="{answers[first.question_id]}" checked' in html
    saved = put(staff, started.attempt_id, second.question_id, answers[second.question_id])
    assert saved.status_code == 200 and saved.json["answered"] == 2
