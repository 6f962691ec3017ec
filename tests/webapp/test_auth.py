"""Signing in and out through the pages: sessions, timeouts, lockout, CSRF."""
import pytest

from accounts.security_log import EventQuery
from tests.support.environment import PASSWORD
from webapp.extensions import services


def test_login_logout_round_trip(loaded_app, accounts, web):
    response = web.get("/laws/1")
    assert response.status_code == 302 and response.location == "/login?next=/laws/1"
    response = web.login("staff", next="/laws/1")
    assert response.status_code == 302 and response.location == "/laws/1"
    page = web.text("/laws/1")
    assert "用户staff" in page and "审计人员" in page
    assert web.post("/logout").status_code == 302
    assert web.get("/laws/1").status_code == 302
    actions = [e.action for e in services(loaded_app).security_log.page(EventQuery()).items]
    assert actions[:2] == ["logout", "login"]


def test_session_cookie_flags(loaded_app, accounts, web):
    response = web.login("staff")
    cookie = response.headers["Set-Cookie"]
    assert "kb_session=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_secure_cookie_when_configured(loaded_app, accounts, web):
    loaded_app.config["SESSION_COOKIE_SECURE"] = True
    assert "Secure" in web.login("staff").headers["Set-Cookie"]


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil", "javascript:alert(1)"])
def test_no_open_redirect_after_login(loaded_app, accounts, web, target):
    response = web.login("staff", next=target)
    assert response.location == "/laws"


def test_wrong_password_says_only_that(loaded_app, accounts, web):
    response = web.login("staff", "wrong-password")
    page = response.get_data(as_text=True)
    assert response.status_code == 401 and "用户名或密码错误" in page and "再错" not in page


def test_lockout_through_the_form(loaded_app, accounts, web, clock):
    for _ in range(5):
        web.login("staff", "wrong-password")
    response = web.login("staff", PASSWORD)
    assert response.status_code == 401 and "用户名或密码错误" in response.get_data(as_text=True)
    clock.advance(minutes=16)
    assert web.login("staff", PASSWORD).status_code == 302
    assert "被锁定过 1 次" in web.text("/laws")                   # the owner is told, now


def test_address_throttle_gives_429_for_a_name_tried_again(loaded_app, accounts, web):
    for number in range(30):
        web.login(f"nobody{number}", "x")
    assert web.login("staff", PASSWORD).status_code == 302         # others' failures: no refusal
    web.post("/logout")
    assert web.login("staff", "wrong").status_code == 401
    response = web.login("staff", PASSWORD)
    assert response.status_code == 429 and "登录失败次数过多" in response.get_data(as_text=True)


def test_missing_csrf_token_is_a_400(loaded_app, accounts, client):
    response = client.post("/login", data={"username": "staff", "password": PASSWORD})
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)


def test_empty_login_form_is_a_400_with_reasons(loaded_app, web):
    web.csrf()
    response = web.client.post("/login", data={"csrf_token": web.token})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "请填写用户名" in page and "请填写密码" in page


def test_idle_timeout_signs_out(loaded_app, accounts, web, clock):
    web.login("staff")
    clock.advance(minutes=29)
    assert web.get("/laws").status_code == 200
    clock.advance(minutes=29)  # active 29 minutes ago: still fine
    assert web.get("/laws").status_code == 200
    clock.advance(minutes=31)
    response = web.get("/laws")
    assert response.status_code == 302 and response.location.startswith("/login")
    assert "长时间未操作" in web.text("/login")
    assert services(loaded_app).security_log.page(EventQuery(action="session_expired")).total == 1


def test_absolute_session_lifetime(loaded_app, accounts, web, clock):
    web.login("staff")
    for _ in range(26):  # busy all day, never idle
        clock.advance(minutes=28)
        web.get("/laws")
    assert web.get("/laws").status_code == 302


def test_temporary_password_must_be_changed_first(loaded_app, add_user, web):
    add_user("wang", must_change_password=True)
    response = web.login("wang")
    assert response.location == "/account/password"
    assert web.get("/laws").location == "/account/password"
    web.csrf("/account/password")
    bad = web.post("/account/password", {"old_password": PASSWORD, "new_password": "abc",
                                          "confirm": "abc"})
    assert bad.status_code == 400 and "密码不符合要求" in bad.get_data(as_text=True)
    ok = web.post("/account/password", {"old_password": PASSWORD, "new_password": "Brand-New-77",
                                         "confirm": "Brand-New-77"})
    assert ok.status_code == 302
    assert web.get("/laws").status_code == 200  # the session survives its own password change


def test_password_change_ends_other_sessions(loaded_app, accounts, client, app):
    from tests.support.web import Web
    first, second = Web(client), Web(app.test_client())
    first.login("staff")
    second.login("staff")
    first.csrf("/account/password")
    first.post("/account/password", {"old_password": PASSWORD, "new_password": "Brand-New-77",
                                     "confirm": "Brand-New-77"})
    assert first.get("/laws").status_code == 200
    assert second.get("/laws").status_code == 302


def test_disabled_user_is_signed_out_at_once(loaded_app, accounts, web):
    from accounts.permissions import system_actor
    web.login("staff")
    services(loaded_app).users.set_active(system_actor(), accounts["staff"].id, False)
    assert web.get("/laws").status_code == 302


def test_login_page_redirects_when_signed_in(loaded_app, accounts, web):
    web.login("staff")
    assert web.get("/login").location == "/laws"
