"""The front door: / leads to the library; /healthz (the process is alive) and /readyz
(it can serve: database, migrations, search index) answer load balancers and monitors."""
from __future__ import annotations

from flask import Blueprint, jsonify, redirect, url_for

from accounts.user import ROLE_STAFF
from webapp.extensions import services
from webapp.security import PUBLIC, access

bp = Blueprint("main", __name__)


@bp.get("/")
@access(ROLE_STAFF)
def index():
    return redirect(url_for("library.index"))


@bp.get("/healthz")
@access(PUBLIC)
def health():
    empty = services().catalogue.is_empty()  # touches the database
    return jsonify(status="ok", library_empty=empty)


@bp.get("/readyz")
@access(PUBLIC)
def ready():
    readiness = services().readiness.check()
    body = jsonify(status="ready" if readiness.ready else "not_ready", checks=readiness.checks,
                   not_ready=sorted(k for k, v in readiness.checks.items() if v != "ok"))
    body.headers["Cache-Control"] = "no-store"
    return body, 200 if readiness.ready else 503
