"""Signing in: lockout after repeated failures, throttling per address, session stamps,
password change — and an audit event for every attempt."""
import pytest

from core.errors import AuthenticationFailed, InvalidInput, RateLimited
from accounts.permissions import system_actor
from core.actor import Actor
from accounts.security_log import EventQuery
from tests.support.environment import PASSWORD


def actions(kb):
    return [e.action for e in kb.security_log.page(EventQuery()).items][::-1]


def test_login_succeeds_and_is_logged(kb, make_user, clock):
    make_user("zhang", role="trainer", department="审计一科")
    login = kb.auth.authenticate(" zhang ", PASSWORD, "10.0.0.5")
    assert login.user.username == "zhang" and login.user.department == "审计一科"
    assert login.user.role_name == "培训管理员"
    assert kb.users.get_user(login.user.id).last_login_at == clock.now()
    event = kb.security_log.page(EventQuery(action="login")).items[0]
    assert (event.actor_name, event.ip, event.action_name) == ("zhang", "10.0.0.5", "登录成功")


@pytest.mark.parametrize("username, password", [("zhang", "wrong"), ("nobody", PASSWORD), ("", "")])
def test_wrong_credentials_give_one_message(kb, make_user, username, password):
    make_user("zhang")
    with pytest.raises(AuthenticationFailed, match="用户名或密码错误"):
        kb.auth.authenticate(username, password)
    assert actions(kb)[-1] == "login_failed"


def test_lockout_after_five_failures_then_expiry(kb, make_user, clock):
    make_user("zhang")
    for _ in range(5):
        with pytest.raises(AuthenticationFailed, match="^用户名或密码错误$"):
            kb.auth.authenticate("zhang", "wrong")
    assert "login_locked" in actions(kb)
    with pytest.raises(AuthenticationFailed, match="^用户名或密码错误$"):
        kb.auth.authenticate("zhang", PASSWORD)  # even the right password waits
    clock.advance(minutes=16)
    login = kb.auth.authenticate("zhang", PASSWORD)
    assert login.user.username == "zhang" and login.lockouts == 1   # told once, at sign-in
    assert kb.auth.authenticate("zhang", PASSWORD).lockouts == 0


def test_repeated_lockouts_last_longer(kb, make_user, clock):
    make_user("zhang")
    for minutes in (15, 30):
        for _ in range(5):
            with pytest.raises(AuthenticationFailed):
                kb.auth.authenticate("zhang", "wrong")
        clock.advance(minutes=minutes - 1)
        with pytest.raises(AuthenticationFailed):
            kb.auth.authenticate("zhang", PASSWORD)
        clock.advance(minutes=2)
    assert kb.auth.authenticate("zhang", PASSWORD).lockouts == 2


def test_success_resets_the_failure_count(kb, make_user):
    make_user("zhang")
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            kb.auth.authenticate("zhang", "wrong")
    kb.auth.authenticate("zhang", PASSWORD)
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            kb.auth.authenticate("zhang", "wrong")
    assert kb.auth.authenticate("zhang", PASSWORD).lockouts == 0


def test_admin_unlock(kb, make_user):
    user = make_user("zhang")
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            kb.auth.authenticate("zhang", "wrong")
    kb.users.unlock(system_actor(), user.id)
    assert kb.auth.authenticate("zhang", PASSWORD)


def test_disabled_account_cannot_sign_in(kb, make_user):
    make_user("root", role="admin")
    user = make_user("zhang")
    kb.users.set_active(system_actor(), user.id, False)
    with pytest.raises(AuthenticationFailed, match="已停用"):
        kb.auth.authenticate("zhang", PASSWORD)


def test_one_address_guessing_many_names_is_throttled(kb, clock):
    for number in range(30):
        with pytest.raises(AuthenticationFailed):
            kb.auth.authenticate(f"guess{number}", "x", "10.9.9.9")
    with pytest.raises(AuthenticationFailed):       # each name gets one try from there …
        kb.auth.authenticate("guess99", "x", "10.9.9.9")
    with pytest.raises(RateLimited, match="登录失败次数过多"):
        kb.auth.authenticate("guess99", "y", "10.9.9.9")
    with pytest.raises(AuthenticationFailed):       # another address is not affected
        kb.auth.authenticate("guess99", "x", "10.1.1.1")
    clock.advance(minutes=16)
    with pytest.raises(AuthenticationFailed):
        kb.auth.authenticate("guess99", "x", "10.9.9.9")


def test_session_stamp_dies_with_password_change(kb, make_user):
    user = make_user("zhang")
    login = kb.auth.authenticate("zhang", PASSWORD)
    assert kb.auth.session_user(user.id, login.stamp) == login.user
    actor = Actor(user.id, username="zhang")
    new_stamp = kb.auth.change_password(actor, user.id, PASSWORD, "New-Secret-42")
    assert kb.auth.session_user(user.id, login.stamp) is None
    assert kb.auth.session_user(user.id, new_stamp).username == "zhang"
    assert kb.auth.authenticate("zhang", "New-Secret-42")
    assert "password_changed" in actions(kb)


@pytest.mark.parametrize("old, new, message", [
    ("wrong", "New-Secret-42", "原密码不正确"),
    (PASSWORD, PASSWORD, "不能与原密码相同"),
    (PASSWORD, "short", "长度至少"),
    (PASSWORD, "xx-zhang-XX-1", "不能包含用户名"),
])
def test_password_change_rules(kb, make_user, old, new, message):
    user = make_user("zhang")
    with pytest.raises(InvalidInput, match=message):
        kb.auth.change_password(Actor(user.id, username="zhang"), user.id, old, new)


def test_change_clears_must_change(kb, make_user):
    user = make_user("zhang", must_change_password=True)
    assert kb.auth.authenticate("zhang", PASSWORD).user.must_change_password
    kb.auth.change_password(Actor(user.id, username="zhang"), user.id, PASSWORD, "New-Secret-42")
    assert not kb.users.get_user(user.id).must_change_password
