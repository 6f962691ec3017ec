"""API tokens end with the password they were issued under: a change of one's own
password, an admin's reset and an operator's `set_password` revoke every live token of
the account (and the pages say so)."""
import pytest

from accounts.permissions import system_actor
from accounts.security_log import EventQuery
from tests.support.environment import PASSWORD
from webapp.extensions import services

NEW = "Another-Secret-88"


def issue(app, username, password=PASSWORD):
    response = app.test_client().post("/api/v1/auth/token", json={"username": username, "password": password})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["token"]


def me(app, token):
    return app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code


def own_change(app, accounts, browsers):
    response = browsers["staff"].post("/account/password", {"old_password": PASSWORD, "new_password": NEW,
                                                            "confirm": NEW}, token_from="/account/password")
    assert response.status_code == 302
    return NEW


def admin_reset(app, accounts, browsers):
    services(app).users.reset_password(system_actor(), accounts["staff"].id)


def operator_set(app, accounts, browsers):
    services(app).users.set_password(system_actor(), accounts["staff"].id, NEW)


@pytest.mark.parametrize("change", [own_change, admin_reset, operator_set])
def test_a_password_change_ends_every_token(loaded_app, accounts, browsers, change):
    tokens = [issue(loaded_app, "staff") for _ in range(2)]
    other = issue(loaded_app, "trainer")
    assert [me(loaded_app, t) for t in tokens] == [200, 200]
    change(loaded_app, accounts, browsers)
    assert [me(loaded_app, t) for t in tokens] == [401, 401]
    assert me(loaded_app, other) == 200
    event = services(loaded_app).security_log.page(EventQuery(action="token_revoked")).items[0]
    assert event.target == "staff" and "吊销全部 2 个令牌" in event.detail


def test_the_pages_say_so(loaded_app, browsers):
    assert "全部 API 令牌会被吊销" in browsers["staff"].text("/account/password")
    assert "全部令牌自动吊销" in browsers["staff"].text("/me/account")
    response = browsers["staff"].post("/account/password", {"old_password": PASSWORD, "new_password": NEW,
                                                            "confirm": NEW}, token_from="/account/password")
    assert "全部 API 令牌已吊销" in browsers["staff"].text(response.location)
