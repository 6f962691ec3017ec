"""The JSON API under /api/v1/: a bearer token, or the signed-in session cookie with the
page's CSRF token on writes (webapp/security.py), JSON errors, described by the OpenAPI document at /api/v1/openapi.json.  Later features
register their blueprints on `api` (endpoint names api.<area>.<view>)."""
from __future__ import annotations

from flask import Blueprint, request

from accounts.user import ROLE_STAFF
from core.errors import InvalidInput
from webapp.account import api as tokens
from webapp.api import content_doc, openapi, quiz_openapi  # noqa: F401  quiz_openapi documents the quiz routes
from webapp.api import marking_openapi  # noqa: F401  documents 阅卷 and GET /attempts/{id}
from webapp.api import updates_openapi  # noqa: F401  documents 法规动态 and 关注
from webapp.api import contest_openapi  # noqa: F401  documents 案例评比
from webapp.case_contest import api as contests
from webapp.cases import api as cases
from webapp.citations import api as citations
from webapp.guide import api as guide
from webapp.library import api as laws, updates_api
from webapp.marking import api as marking
from webapp.quiz import api as quiz
from webapp.search import api as search

api = Blueprint("api", __name__, url_prefix="/api/v1")
api.access = ROLE_STAFF
content_doc.register()
search.register()
for child in (tokens.bp, updates_api.bp, laws.bp, search.bp, cases.bp, guide.bp, citations.bp, quiz.bp, marking.bp,
              contests.bp, openapi.bp):
    api.register_blueprint(child)


@api.before_request
def reject_unknown_parameters() -> None:
    """A misspelt, empty or repeated parameter (per-page=, level=, q=a&q=b) is an error,
    not silently ignored; the parameters an operation takes are the ones its OpenAPI
    description lists."""
    if request.url_rule is None:
        return
    known = openapi.query_names(openapi.openapi_path(request.url_rule.rule), request.method)
    unknown = sorted(set(request.args) - known)
    if unknown:
        raise InvalidInput(f"未知的查询参数：{'、'.join(unknown)[:100]}"
                           f"（可用：{'、'.join(sorted(known)) or '无'}）")
    empty = sorted(name for name, value in request.args.items(multi=True) if not value)
    if empty:
        raise InvalidInput(f"查询参数不能为空：{'、'.join(empty)}（不需要时请省略该参数）")
    repeated = sorted(name for name in request.args if len(request.args.getlist(name)) > 1)
    if repeated:
        raise InvalidInput(f"查询参数只能出现一次：{'、'.join(repeated)}")
