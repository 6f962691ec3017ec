"""The front door: / leads to the library; /healthz answers load balancers and monitors."""
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
