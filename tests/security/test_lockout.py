"""Lockout and the address limit hold under concurrent requests, on SQLite and on
PostgreSQL; the login form says the same for every failure; and a correct password is
never refused because of other people's failures from the same address."""
import threading

import pytest

from core.errors import AuthenticationFailed, RateLimited
from accounts.permissions import system_actor
from accounts.security_log import EventQuery
from quizzes.services import open_services
from accounts.user_admin import NewUser
from tests.support.environment import FAST_ACCOUNTS, PASSWORD, make_settings
from webapp.extensions import services

BURST = 23
NAT = "10.20.30.40"


@pytest.fixture
def base(backend_url, tmp_path, clock):
    """A knowledge base on the backend under test, with one account, zhang."""
    settings = make_settings(tmp_path / "data")
    settings = type(settings)(settings.data_dir, backend_url, settings.corpus_path)
    kb = open_services(settings, clock=clock, accounts=FAST_ACCOUNTS)
    kb.users.create_user(system_actor(), NewUser("zhang", "张三", "staff", None, PASSWORD, False))
    yield kb
    kb.close()


def together(calls) -> list:
    """Run the calls in threads released at one barrier; their results or exceptions."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            results[index] = call()
        except Exception as error:   # noqa: BLE001 — the outcome under test
            results[index] = error
    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def checked_passwords(kb) -> int:
    """Failed sign-ins whose password was actually compared."""
    events = kb.security_log.page(EventQuery(action="login_failed"), per_page=200).items
    return sum(1 for e in events if e.detail.startswith("密码错误"))


def test_a_burst_of_wrong_passwords_gets_five_checks_and_locks(base):
    outcomes = together([lambda i=i: base.auth.authenticate("zhang", f"guess-{i}") for i in range(BURST)])
    assert all(isinstance(o, AuthenticationFailed) for o in outcomes), outcomes
    assert checked_passwords(base) == 5
    assert base.security_log.page(EventQuery(action="login_locked")).total == 1
    with pytest.raises(AuthenticationFailed):
        base.auth.authenticate("zhang", PASSWORD)


def test_a_burst_with_the_right_password_in_it_never_lets_more_than_five_guesses(base):
    calls = [lambda i=i: base.auth.authenticate("zhang", f"guess-{i}") for i in range(BURST)]
    calls.insert(BURST // 2, lambda: base.auth.authenticate("zhang", PASSWORD))
    together(calls)
    assert checked_passwords(base) <= 2 * 5   # five before the right one and five after it at most


def test_the_address_limit_counts_every_failure_and_then_allows_one_try_per_name(base):
    outcomes = together([lambda i=i: base.auth.authenticate(f"nobody{i}", "x", NAT) for i in range(30)])
    assert all(isinstance(o, AuthenticationFailed) for o in outcomes)
    outcomes = together([lambda i=i: base.auth.authenticate("zhang", f"guess-{i}", NAT) for i in range(10)])
    assert sum(isinstance(o, RateLimited) for o in outcomes) == 9
    assert checked_passwords(base) == 1
    with pytest.raises(RateLimited):
        base.auth.authenticate("zhang", PASSWORD, NAT)


def test_other_peoples_failures_from_one_address_never_refuse_a_correct_password(base):
    for number in range(60):
        with pytest.raises(AuthenticationFailed):
            base.auth.authenticate(f"nobody{number}", "x", NAT)
    assert base.auth.authenticate("zhang", PASSWORD, NAT).user.username == "zhang"


@pytest.mark.parametrize("username, password, locked", [
    ("zhang", "wrong", False), ("nobody", PASSWORD, False), ("", "", False),
    ("zhang", PASSWORD, True), ("zhang", "wrong", True)])
def test_one_message_for_every_failure(base, username, password, locked):
    if locked:
        for _ in range(5):
            with pytest.raises(AuthenticationFailed):
                base.auth.authenticate("zhang", "wrong")
    with pytest.raises(AuthenticationFailed) as failure:
        base.auth.authenticate(username, password)
    assert str(failure.value) == "用户名或密码错误"


def test_the_token_endpoint_under_a_burst(loaded_app, accounts):
    """The same race through the API: the wrong passwords sent at once lock the account,
    and the right one is refused afterwards (it once got a token)."""
    def ask(password):
        response = loaded_app.test_client().post("/api/v1/auth/token",
                                                 json={"username": "staff", "password": password})
        return response.status_code
    assert together([lambda i=i: ask(f"guess-{i}") for i in range(BURST)]) == [401] * BURST
    assert ask(PASSWORD) == 401
    assert checked_passwords(services(loaded_app)) == 5


def test_pages_tell_nothing_about_accounts(loaded_app, accounts, web):
    pages = {}
    for username, password in (("staff", "wrong"), ("no-such-user", "wrong"), ("staff", PASSWORD)):
        response = web.login(username, password)
        pages[username, password] = (response.status_code, "用户名或密码错误" in response.get_data(as_text=True))
        if response.status_code == 302:
            web.post("/logout")
    assert pages[("staff", "wrong")] == pages[("no-such-user", "wrong")] == (401, True)
    for _ in range(5):
        web.login("staff", "wrong")
    locked = web.login("staff", PASSWORD)
    text = locked.get_data(as_text=True)
    assert locked.status_code == 401 and "用户名或密码错误" in text
    assert "已被锁定" not in text and "已锁定" not in text and "再错" not in text
