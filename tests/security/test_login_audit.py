"""The audit log of sign-ins: what was typed as an unknown user name is kept only
masked (people type passwords into that box), real accounts by name, and admins see
every lockout there — the only place besides the owner's next sign-in that tells of it."""
import pytest

from core.errors import AuthenticationFailed, RateLimited
from accounts.security_log import EventQuery
from tests.support.environment import PASSWORD

TYPED = ["Secret-Pass-42", "zhang Correct-Horse-9", "密码是Abc12345", "x" * 300]


def every_field(kb) -> str:
    return "\n".join(f"{e.actor_name}|{e.target}|{e.detail}" for e in kb.security_log.page(EventQuery()).items)


@pytest.mark.parametrize("typed", TYPED)
def test_an_unknown_name_is_kept_masked(kb, typed):
    with pytest.raises(AuthenticationFailed):
        kb.auth.authenticate(typed, "whatever", "10.0.0.9")
    event = kb.security_log.page(EventQuery(action="login_failed")).items[0]
    assert (event.actor_name, event.target, event.ip) == (f"{typed[0]}***", f"{typed[0]}***", "10.0.0.9")
    assert typed[1:] not in every_field(kb)


def test_a_name_refused_by_the_address_limit_is_masked_too(kb):
    for number in range(31):
        with pytest.raises(AuthenticationFailed):
            kb.auth.authenticate(f"Guess-{number}", "x", "10.0.0.9")
    with pytest.raises(AuthenticationFailed):
        kb.auth.authenticate("Typed-Password-1", "x", "10.0.0.9")
    with pytest.raises(RateLimited):
        kb.auth.authenticate("Typed-Password-1", "x", "10.0.0.9")
    assert "Typed-Password-1" not in every_field(kb) and "yped-Password-1" not in every_field(kb)


def test_real_accounts_are_named_and_lockouts_are_there_for_admins(kb, make_user):
    make_user("zhang")
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            kb.auth.authenticate("zhang", "wrong")
    failed = kb.security_log.page(EventQuery(action="login_failed")).items
    assert {e.actor_name for e in failed} == {"zhang"} and failed[0].detail == "密码错误（连续第 5 次）"
    locked = kb.security_log.page(EventQuery(action="login_locked")).items
    assert [(e.target, e.detail) for e in locked] == [("zhang", "连续 5 次密码错误，锁定 15 分钟")]
    with pytest.raises(AuthenticationFailed):
        kb.auth.authenticate("zhang", PASSWORD)
    assert kb.security_log.page(EventQuery(action="login_failed")).items[0].detail == "账号锁定期间尝试登录，未核对密码"


def test_the_admin_page_shows_masked_names(loaded_app, accounts, web, browser):
    web.login("Secret-Pass-42", "whatever")
    page = browser("admin").text("/admin/audit")
    assert "S***" in page and "Secret-Pass-42" not in page
