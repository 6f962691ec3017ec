"""Admin: 法规库缺口 — the statutes the guide, cases and questions cite that the library
lacks, most cited first, and the versions in force when a case was written that it lacks."""
from __future__ import annotations

from flask import Blueprint, render_template

from kb.coverage import SOURCE_NAMES
from webapp.extensions import services
from webapp.security import current_actor

bp = Blueprint("coverage", __name__, url_prefix="/library/coverage")


@bp.get("")
def index():
    report = services().coverage.report(current_actor())
    return render_template("admin/coverage.html", report=report, source_names=SOURCE_NAMES)
