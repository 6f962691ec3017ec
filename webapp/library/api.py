"""API: the statute library — list, one statute with versions and contents, an article,
the correspondence table (新旧对照表) between two versions."""
from __future__ import annotations

from flask import Blueprint, jsonify

from kb.library import parse_article_slug
from webapp.extensions import services
from webapp.common.params import date_arg, int_arg, statute_filter

bp = Blueprint("laws", __name__, url_prefix="/laws")


@bp.get("")
def index():
    where = statute_filter(blank_ok=False)
    page = services().catalogue.statutes(where, int_arg("page", 1), int_arg("per_page", 50))
    return jsonify(items=[s.to_json() for s in page.items], page=page.page,
                   per_page=page.per_page, total=page.total, pages=page.pages)


@bp.get("/<int:law_id>")
def statute(law_id: int):
    outline = services().library.outline(law_id, int_arg("version"), date_arg())
    return jsonify(outline.to_json())


@bp.get("/<int:law_id>/articles/<no>")
def article(law_id: int, no: str):
    view = services().library.get_article(law_id, parse_article_slug(no, strict=True), date_arg(),
                                             int_arg("version"))
    return jsonify(view.to_json())


@bp.get("/<int:law_id>/correspondence")
def correspondence(law_id: int):
    table = services().correspondence.table_on_dates(law_id, date_arg("from"), date_arg("to"))
    return jsonify(table.to_api_json())
