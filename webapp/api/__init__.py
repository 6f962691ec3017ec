"""The JSON API under /api/v1/: bearer tokens only (no cookies, hence no CSRF), JSON
errors, described by the OpenAPI document at /api/v1/openapi.json.  Later features
register their blueprints on `api` (endpoint names api.<area>.<view>)."""
from __future__ import annotations

from flask import Blueprint

from kb.accounts import ROLE_STAFF
from webapp.api import laws, openapi, tokens

api = Blueprint("api", __name__, url_prefix="/api/v1")
api.access = ROLE_STAFF
for child in (tokens.bp, laws.bp, openapi.bp):
    api.register_blueprint(child)
