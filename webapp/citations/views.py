"""The citation check (引用核查): paste an audit report or decision with its date and see
every reference with its status on that date — linked, nearest version, no such article,
unknown statute, repealed — and the finding guide's 漏引/错引 warnings."""
from __future__ import annotations

from flask import Blueprint, render_template

from accounts.user import ROLE_STAFF
from kb.citations.resolver import STATUS_NAMES
from kb.rendering import link_plain_text
from webapp.cases.forms import CitationCheckForm
from webapp.extensions import services
from webapp.common.links import article_url

bp = Blueprint("citations", __name__, url_prefix="/citations")
bp.access = ROLE_STAFF


@bp.route("/check", methods=["GET", "POST"])
def check():
    form = CitationCheckForm()
    if not form.validate_on_submit():
        return render_template("citations/check.html", form=form), 400 if form.is_submitted() else 200
    report = services().checker.check(form.text.data, form.date.data)
    marked = link_plain_text(form.text.data, [item.citation for item in report.items], article_url)
    return render_template("citations/check.html", form=form, report=report, marked=marked,
                           status_names=STATUS_NAMES)
