"""API: exchange a user name and password for a bearer token; revoke it; who am I."""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request

from accounts.user import UserInfo
from accounts.permissions import actor_of
from core.errors import InvalidInput
from webapp.common.body import json_object
from webapp.extensions import services
from webapp.security import PUBLIC, access, current_actor, current_user

bp = Blueprint("tokens", __name__)


def user_json(user: UserInfo) -> dict:
    return {"id": user.id, "username": user.username, "display_name": user.display_name,
            "role": user.role, "role_name": user.role_name, "department": user.department}


@bp.post("/auth/token")
@access(PUBLIC)
def issue():
    body = json_object(("username", "password"), ("name",))
    kb = services()
    login = kb.auth.authenticate(body["username"], body["password"], request.remote_addr or "")
    actor = actor_of(login.user, request.remote_addr or "")
    issued = kb.tokens.issue(actor, login.user, body.get("name", "API"))
    response = jsonify(token=issued.token, token_id=issued.info.id, token_type="Bearer",
                       expires_at=issued.info.expires_at.isoformat(), user=user_json(login.user))
    response.status_code = 201
    return response


@bp.delete("/auth/token")
def revoke():
    if g.get("token_id") is None:       # the signed-in browser: its tokens are on 我的账号
        raise InvalidInput("请用要吊销的令牌本身发出此请求（Authorization: Bearer）；网页上请在“我的账号”中吊销令牌")
    info = services().tokens.revoke(current_actor(), g.token_id, owner_id=current_actor().id)
    return jsonify(revoked=True, token_id=info.id)


@bp.get("/me")
def me():
    return jsonify(user_json(current_user()))
