"""Errors in one place: domain errors and HTTP errors become a Chinese error page, or a
JSON error body — one shape, {"error": {"status", "code", "message"}} — under /api/ and
for a page's script that asks for JSON (Accept: application/json); anything unexpected is
logged and shown as a 500 without internals.  A database that cannot be reached is a 503
that says so (with Retry-After); nothing else is needed to recover, since the engine
checks each pooled connection before use (pool_pre_ping) and reconnects once the
database is back."""
from __future__ import annotations

import logging

from flask import Flask, g, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from core.errors import (AuthenticationFailed, Conflict, InvalidInput, KbError, NotFound,
                       PermissionDenied, RateLimited)
from webapp.security import is_api_request

log = logging.getLogger(__name__)

STATUS_OF = ((NotFound, 404), (InvalidInput, 400), (AuthenticationFailed, 401),
             (PermissionDenied, 403), (Conflict, 409), (RateLimited, 429))
TITLES = {400: "请求有误", 401: "需要身份认证", 403: "没有权限", 404: "页面不存在",
          405: "不支持的请求方法", 409: "操作冲突", 413: "提交的内容过大", 415: "不支持的内容类型",
          429: "请求过于频繁", 500: "服务器内部错误", 503: "服务暂时不可用"}
MESSAGES = {
    400: "请求的内容有误，请检查后重试。",
    401: "请先登录，或提供有效的 API 令牌。",
    403: "您的账号没有执行此操作的权限。如需开通，请联系系统管理员。",
    404: "您要找的页面或内容不存在，可能是链接有误，或内容已被删除。",
    405: "该地址不支持这种请求方式。",
    413: "提交的文件或内容超过了大小限制。",
    429: "请求过于频繁，请稍后再试。",
    500: "服务器处理请求时出错，请稍后再试；如果问题持续出现，请联系系统管理员。",
    503: "暂时无法连接数据库，系统会在数据库恢复后自动继续服务。请稍候片刻再刷新页面；"
         "此前已保存的作答和内容不会丢失。如果长时间无法访问，请联系系统管理员。",
}
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
         429: "too_many_requests", 500: "internal_error", 503: "database_unavailable"}
# Seconds a client (or the load balancer) is asked to wait before trying again.
RETRY_AFTER_SECONDS = 15


def status_of(error: KbError) -> int:
    return next((status for kind, status in STATUS_OF if isinstance(error, kind)), 400)


def wants_json() -> bool:
    """An API call, or a page's script asking for JSON (纠错 without leaving the page)."""
    return is_api_request() or request.accept_mimetypes.best == "application/json"


def error_response(status: int, message: str | None = None):
    message = message or MESSAGES.get(status, "")
    if wants_json():
        response = jsonify(error={"status": status, "code": CODES.get(status, "error"),
                                  "message": message})
        response.status_code = status
        if status == 401 and is_api_request():
            response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
        return response
    return make_response(render_template("error.html", status=status,
                                         title=TITLES.get(status, "出错了"), message=message), status)


def handle_domain_error(error: KbError):
    return error_response(status_of(error), str(error))


def handle_csrf_error(error: CSRFError):
    return error_response(400, "页面已过期或缺少安全校验（CSRF），请刷新页面后重新提交。")


def handle_http_error(error: HTTPException):
    status = error.code or 500
    # werkzeug's own English descriptions are replaced; messages we passed to abort() stay.
    own = error.description and error.description != type(error).description
    response = error_response(status, error.description if own else None)
    for name, value in error.get_headers():
        if name.lower() in ("allow", "retry-after"):
            response.headers[name] = value
    return response


def is_database_unreachable(error: DBAPIError) -> bool:
    """A lost or refused connection (or a locked SQLite file), not a bad statement."""
    return isinstance(error, (OperationalError, InterfaceError)) or error.connection_invalidated


def handle_database_error(error: DBAPIError):
    if not is_database_unreachable(error):
        return handle_unexpected(error)
    log.warning("database unavailable: %s", str(error.orig or error).strip().splitlines()[0])
    g.database_unavailable = True   # the page renders without asking the database anything
    response = error_response(503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def handle_unexpected(error: Exception):
    log.exception("unhandled error")
    return error_response(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(KbError, handle_domain_error)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(DBAPIError, handle_database_error)
    app.register_error_handler(Exception, handle_unexpected)
