"""Who is asking, and may they: identities, roles on every route, sessions, CSRF, headers.

Every view declares its access level with `@access(...)` (or inherits its blueprint's
`blueprint.access`): PUBLIC, or the lowest role allowed (staff < trainer < admin).  One
before-request hook enforces it for every route, and a route that declares nothing is
refused — so a blueprint added later cannot forget its guard (tests/webapp/test_access.py
walks all routes).  Pages authenticate by session cookie.  The JSON API takes a bearer
token or, for the pages' own scripts (autosave), the session cookie: a bearer header, when
sent, is the only identity looked at; a cookie identity is the pages' own (same idle
timeout, forced password change, lockout) and, as on pages, needs the CSRF token (the
X-CSRFToken header) on every unsafe method, since a browser sends the cookie by itself.
"""
from __future__ import annotations

import datetime as dt
import logging

from flask import Flask, abort, current_app, flash, g, redirect, request, session, url_for
from flask_wtf.csrf import CSRFProtect

from accounts.user import UserInfo
from accounts.authentication import Login
from core.errors import AuthenticationFailed
from accounts.permissions import actor_of
from core.actor import Actor
from webapp.extensions import services

PUBLIC = "public"
API_PREFIX = "api"
# Where a user who must change a temporary password may still go.
WHILE_MUST_CHANGE = {"auth.change_password", "auth.logout", "static"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
csrf = CSRFProtect()
log = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
    "font-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'",
    "form-action 'self'", "frame-ancestors 'none'"])
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def access(level: str):
    """Declare who may use a view: PUBLIC or the lowest role (ROLE_STAFF/TRAINER/ADMIN)."""
    def mark(view):
        view.access = level
        return view
    return mark


def access_level(app: Flask, endpoint: str | None) -> str | None:
    """The level a route declares (its own, else its blueprint's); None if it declares none."""
    if endpoint is None:
        return None
    if endpoint == "static" or endpoint.endswith(".static"):
        return PUBLIC
    view = app.view_functions.get(endpoint)
    level = getattr(view, "access", None)
    blueprint = endpoint.rpartition(".")[0]
    while level is None and blueprint:
        level = getattr(app.blueprints.get(blueprint), "access", None)
        blueprint = blueprint.rpartition(".")[0]
    return level


def is_api_request() -> bool:
    return (request.blueprint or "").split(".")[0] == API_PREFIX or request.path.startswith("/api/")


def current_user() -> UserInfo | None:
    return g.get("user")


def current_actor() -> Actor:
    """Who acts in this request, built once (again only if the request signs someone in or
    out): the signed-in user, or nobody, and the client's address."""
    user = current_user()
    actor = g.get("actor")
    if actor is None or actor.id != (user.id if user else None):
        ip = request.remote_addr or ""
        actor = g.actor = actor_of(user, ip) if user is not None else Actor(None, ip=ip)
    return actor


def start_session(login: Login) -> None:
    """A fresh session for a signed-in user (nothing of the anonymous one survives)."""
    session.clear()
    now = services().clock.now().timestamp()
    session.update(uid=login.user.id, stamp=login.stamp, seen=now, since=now)


def end_session(expired: bool = False) -> None:
    user = current_user()
    if user is not None:
        services().auth.record_logout(current_actor(), expired=expired)
    session.clear()
    g.user = None


def _load_api_identity() -> None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return
    try:
        identity = services().tokens.authenticate(token.strip())
    except AuthenticationFailed as error:
        g.auth_error = str(error)
        return
    g.user, g.token_id = identity.user, identity.token_id


def _load_session_identity() -> None:
    if "uid" not in session:
        return
    config = current_app.config
    now = services().clock.now().timestamp()
    idle = now - float(session.get("seen", 0)) > config["SESSION_IDLE_MINUTES"] * 60
    too_old = now - float(session.get("since", 0)) > config["SESSION_MAX_HOURS"] * 3600
    user = services().auth.session_user(int(session["uid"]), str(session.get("stamp", "")))
    if user is None or idle or too_old:
        g.user = user
        end_session(expired=user is not None)
        if user is not None:
            flash("由于长时间未操作，您已自动退出，请重新登录。", "warning")
        return
    g.user = user
    if now - float(session["seen"]) > 30:  # refresh the cookie at most twice a minute
        session["seen"] = now


def _load_api_cookie_identity() -> None:
    """The signed-in browser calling the API: the session's rules apply as on pages."""
    if "uid" not in session:
        return
    _load_session_identity()
    if current_user() is None:
        g.auth_error = "登录已失效，请刷新页面后重新登录"
    else:
        g.by_cookie = True


def load_identity() -> None:
    g.user = None
    if request.endpoint == "static":
        return
    if not is_api_request():
        _load_session_identity()
    elif "Authorization" in request.headers:
        _load_api_identity()
    else:
        _load_api_cookie_identity()


def is_cookie_identity() -> bool:
    """Whether who is asking was taken from the session cookie (pages, or the API called
    by the pages' scripts) — the identity a forged cross-site request would carry."""
    return not is_api_request() or bool(g.get("by_cookie"))


def enforce_access():
    level = access_level(current_app, request.endpoint)
    if request.endpoint is None or level == PUBLIC:
        return None
    if level is None:
        log.error("route %s declares no access level; refused", request.endpoint)
        abort(403)
    user = current_user()
    if user is None:
        if is_api_request():
            abort(401, g.get("auth_error") or "需要 API 令牌：请在 Authorization 头中提供 Bearer 令牌")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if user.must_change_password and request.endpoint not in WHILE_MUST_CHANGE:
        if is_api_request():
            abort(403, "请先登录网页修改初始密码")
        flash("请先设置新密码，再继续使用系统。", "warning")
        return redirect(url_for("auth.change_password"))
    if not user.has_role(level):
        abort(403)
    return None


def protect_forms() -> None:
    """CSRF on unsafe methods wherever the cookie identifies; a bearer token (or nobody)
    on the API needs none."""
    if (request.method not in SAFE_METHODS and is_cookie_identity() and request.endpoint
            and current_app.config["WTF_CSRF_ENABLED"]):
        csrf.protect()


def add_security_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app: Flask) -> None:
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False  # protect_forms decides, after access
    csrf.init_app(app)
    app.before_request(load_identity)
    app.before_request(enforce_access)
    app.before_request(protect_forms)
    app.after_request(add_security_headers)
    app.permanent_session_lifetime = dt.timedelta(hours=app.config["SESSION_MAX_HOURS"])
    if app.config.get("TRUSTED_PROXIES"):
        from werkzeug.middleware.proxy_fix import ProxyFix
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    @app.context_processor
    def identity():
        return {"current_user": current_user()}
