"""A session ends when it ends: a cookie copied before logout is worth nothing after it,
and logout, a password change, a role change, a password reset and disabling end every
session of the account at once (the server keeps a session generation per user)."""
import pytest

from accounts.permissions import system_actor
from core.actor import Actor
from accounts.user_admin import UserChanges
from accounts.user_import import read_sheet
from tests.support.environment import PASSWORD
from tests.support.web import Web
from webapp.extensions import services

COOKIE = "kb_session"


def copied_cookie(web: Web) -> str:
    return web.client.get_cookie(COOKIE).value


def replay(app, cookie: str):
    """A fresh client (another machine) presenting a stolen cookie."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, cookie)
    return thief.get("/me/account")


def test_a_cookie_copied_before_logout_is_refused_after_it(loaded_app, accounts, web):
    web.login("staff")
    cookie = copied_cookie(web)
    assert replay(loaded_app, cookie).status_code == 200
    web.post("/logout")
    response = replay(loaded_app, cookie)
    assert response.status_code == 302 and response.location.startswith("/login")


def test_logout_ends_the_session_on_every_device(loaded_app, accounts):
    office, home = Web(loaded_app.test_client()), Web(loaded_app.test_client())
    office.login("staff")
    home.login("staff")
    office.post("/logout")
    assert home.get("/me/account").status_code == 302


def change_role(kb, accounts):
    kb.users.update_user(system_actor(), accounts["trainer"].id,
                         UserChanges("用户trainer", "staff", None))


def change_role_by_sheet(kb, accounts):
    kb.user_import.import_rows(system_actor(), read_sheet("users.csv", "工号,姓名,角色\ntrainer,用户trainer,审计人员\n".encode()))


def reset_password(kb, accounts):
    kb.users.reset_password(system_actor(), accounts["trainer"].id)


def disable(kb, accounts):
    kb.users.set_active(system_actor(), accounts["trainer"].id, False)


def change_password(kb, accounts):
    user = accounts["trainer"]
    kb.auth.change_password(Actor(user.id, username=user.username), user.id, PASSWORD, "Another-Secret-88")


@pytest.mark.parametrize("event", [change_role, change_role_by_sheet, reset_password, disable, change_password])
def test_account_changes_end_its_sessions(loaded_app, accounts, event):
    web = Web(loaded_app.test_client())
    web.login("trainer")
    cookie = copied_cookie(web)
    event(services(loaded_app), accounts)
    assert web.get("/me/account").status_code == 302
    assert replay(loaded_app, cookie).status_code == 302


def test_other_peoples_sessions_are_untouched(loaded_app, accounts):
    staff, trainer = Web(loaded_app.test_client()), Web(loaded_app.test_client())
    staff.login("staff")
    trainer.login("trainer")
    staff.post("/logout")
    change_role(services(loaded_app), accounts)
    staff.login("staff")
    assert staff.get("/me/account").status_code == 200
