"""The API called by the pages' own scripts (autosave): the signed-in session cookie is
an identity there too, under the pages' rules — the CSRF token on every write, the idle
timeout, the forced password change, a disabled account — while a bearer token works as
before, and a bearer header, when sent, is the only identity looked at."""
import pytest

from accounts.permissions import actor_of, system_actor
from tests.support.web import Web
from webapp.extensions import services


def answer_url(attempt, index=2):
    return f"/api/v1/attempts/{attempt.attempt_id}/answers/{attempt.questions[index].question_id}"


def stored(quiz, accounts, attempt, index=2):
    return quiz.attempts.get_attempt(actor_of(accounts["staff"]), attempt.attempt_id).questions[index].answer


def test_cookie_and_csrf_header_save_an_answer(staff, quiz, accounts, started):
    response = staff.client.put(answer_url(started), json={"answer": True},
                                headers={"X-CSRFToken": staff.token})
    assert response.status_code == 200 and response.json["answered"] == 1
    assert stored(quiz, accounts, started) is True
    assert staff.client.get("/api/v1/me").json["username"] == "staff"      # reads need no token


@pytest.mark.parametrize("headers", [{}, {"X-CSRFToken": "forged"}])
def test_cookie_without_a_valid_csrf_token_is_refused(staff, quiz, accounts, started, headers):
    response = staff.client.put(answer_url(started), json={"answer": True}, headers=headers)
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request" and "CSRF" in response.json["error"]["message"]
    assert stored(quiz, accounts, started) is None
    submit = staff.client.post(f"/api/v1/attempts/{started.attempt_id}/submit", headers=headers)
    assert submit.status_code == 400
    assert quiz.attempts.get_attempt(actor_of(accounts["staff"]), started.attempt_id).status != "submitted"


def test_another_sessions_csrf_token_does_not_fit(staff, browsers, quiz, accounts, started):
    other = browsers["admin"]
    response = staff.client.put(answer_url(started), json={"answer": True},
                                headers={"X-CSRFToken": other.csrf("/me/account")})
    assert response.status_code == 400 and stored(quiz, accounts, started) is None


def test_a_bearer_token_without_cookie_works_as_before(loaded_app, accounts, quiz, started):
    token = services(loaded_app).tokens.issue(system_actor(), accounts["staff"]).token
    response = loaded_app.test_client().put(answer_url(started), json={"answer": True},
                                            headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and stored(quiz, accounts, started) is True


def test_a_bearer_header_is_the_only_identity_looked_at(staff, quiz, accounts, started):
    response = staff.client.put(answer_url(started), json={"answer": True},
                                headers={"X-CSRFToken": staff.token, "Authorization": "Bearer wrong"})
    assert response.status_code == 401 and stored(quiz, accounts, started) is None


def test_another_persons_cookie_cannot_answer_my_attempt(browsers, quiz, accounts, started):
    for role in ("trainer", "admin"):
        other = browsers[role]
        response = other.client.put(answer_url(started), json={"answer": True},
                                    headers={"X-CSRFToken": other.csrf("/me/account")})
        assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
    assert stored(quiz, accounts, started) is None


def test_the_idle_timeout_ends_the_session_on_the_api_too(staff, clock, quiz, accounts, started):
    clock.advance(minutes=31)
    response = staff.client.put(answer_url(started), json={"answer": True},
                                headers={"X-CSRFToken": staff.token})
    assert response.status_code == 401 and "重新登录" in response.json["error"]["message"]
    assert stored(quiz, accounts, started) is None
    page = staff.get("/me/account")                                   # the session is gone
    assert page.status_code == 302 and page.location.startswith("/login")


def test_a_disabled_account_is_signed_out_on_the_api(loaded_app, staff, quiz, accounts, started):
    users = services(loaded_app).users
    users.set_active(system_actor(), accounts["staff"].id, False)
    response = staff.client.put(answer_url(started), json={"answer": True},
                                headers={"X-CSRFToken": staff.token})
    assert response.status_code == 401
    users.set_active(system_actor(), accounts["staff"].id, True)
    assert stored(quiz, accounts, started) is None


def test_a_temporary_password_must_be_changed_first(loaded_app, add_user):
    add_user("newcomer", must_change_password=True)
    web = Web(loaded_app.test_client())
    web.login("newcomer")
    response = web.client.get("/api/v1/me")
    assert response.status_code == 403 and "修改初始密码" in response.json["error"]["message"]


def test_a_browser_cannot_revoke_a_token_it_does_not_send(staff):
    response = staff.client.delete("/api/v1/auth/token", headers={"X-CSRFToken": staff.token})
    assert response.status_code == 400 and "Bearer" in response.json["error"]["message"]
