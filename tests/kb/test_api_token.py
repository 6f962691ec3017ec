"""API tokens: stored as digests, expiring, revocable, tied to an active account."""
import pytest
from sqlalchemy import select

from accounts.api_token import ApiToken, token_digest
from core.errors import AuthenticationFailed, NotFound, PermissionDenied
from accounts.permissions import system_actor
from core.actor import Actor


def test_issue_authenticate_revoke(kb, make_user):
    user = make_user("zhang")
    issued = kb.tokens.issue(Actor(user.id, username="zhang"), user, "脚本")
    assert issued.token.startswith("kbt_") and len(issued.token) > 40
    with kb.db.session() as session:
        stored = session.scalars(select(ApiToken)).one()
    assert stored.digest == token_digest(issued.token) and issued.token not in stored.digest
    assert kb.tokens.authenticate(issued.token).user.username == "zhang"
    kb.tokens.revoke(Actor(user.id, username="zhang"), issued.info.id, owner_id=user.id)
    with pytest.raises(AuthenticationFailed, match="吊销"):
        kb.tokens.authenticate(issued.token)


def test_tokens_expire(kb, make_user, clock):
    user = make_user("zhang")
    issued = kb.tokens.issue(system_actor(), user)
    clock.advance(days=29)
    assert kb.tokens.authenticate(issued.token)
    clock.advance(days=2)
    with pytest.raises(AuthenticationFailed):
        kb.tokens.authenticate(issued.token)


def test_disabled_owner_and_unknown_tokens(kb, make_user):
    make_user("root", role="admin")
    user = make_user("zhang")
    issued = kb.tokens.issue(system_actor(), user)
    kb.users.set_active(system_actor(), user.id, False)
    with pytest.raises(AuthenticationFailed, match="停用"):
        kb.tokens.authenticate(issued.token)
    with pytest.raises(AuthenticationFailed):
        kb.tokens.authenticate("kbt_nonsense")


def test_no_token_before_the_initial_password_is_changed(kb, make_user):
    user = make_user("zhang", must_change_password=True)
    with pytest.raises(PermissionDenied, match="修改初始密码"):
        kb.tokens.issue(system_actor(), user)


def test_users_revoke_only_their_own(kb, make_user):
    zhang, li = make_user("zhang"), make_user("li")
    issued = kb.tokens.issue(system_actor(), zhang)
    with pytest.raises(NotFound):
        kb.tokens.revoke(Actor(li.id, username="li"), issued.info.id, owner_id=li.id)
    assert [t.hint for t in kb.tokens.list_for_user(zhang.id)] == [issued.token[:10]]
