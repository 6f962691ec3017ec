"""API: the citation check of a pasted text, and what cites an article (backlinks)."""
from __future__ import annotations

from flask import Blueprint, jsonify

from kb.citations.check import MAX_TEXT
from kb.library import parse_article_slug
from webapp.common.body import JsonFields
from webapp.extensions import services
from webapp.common.links import article_url
from webapp.common.params import date_arg, int_arg
from webapp.security import current_actor

bp = Blueprint("citations", __name__)


@bp.post("/citations/check")
def check():
    fields = JsonFields.from_request(("text", "date"))
    report = services().checker.check(fields.text("text", required=True, limit=MAX_TEXT),
                                         fields.date("date"))
    data = report.to_json()
    for entry, item in zip(data["citations"], report.items):
        entry["url"] = article_url(item.citation)
    return jsonify(data)


@bp.get("/laws/<int:law_id>/articles/<no>/backlinks")
def backlinks(law_id: int, no: str):
    """What cites the article in the version shown by /laws/{id}/articles/{no}."""
    kb = services()
    view = kb.library.get_article(law_id, parse_article_slug(no, strict=True), date_arg(),
                                  int_arg("version"))
    links = kb.backlinks.backlinks(law_id, view.article_no, article_suffix=view.article_suffix,
                                   version_id=view.version.id, viewer=current_actor())
    return jsonify({**links.to_json(), "version_id": view.version.id})
