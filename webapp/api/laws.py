"""API: the statute library — list, one statute with versions and contents, an article."""
from __future__ import annotations

from flask import Blueprint, jsonify

from kb.catalogue import StatuteFilter
from kb.library import parse_article_slug
from laws.model import LEVELS
from webapp.extensions import services
from webapp.params import choice_arg, date_arg, int_arg, text_arg

bp = Blueprint("laws", __name__, url_prefix="/laws")


@bp.get("")
def index():
    where = StatuteFilter(choice_arg("level", LEVELS) or "", text_arg("branch", 40), text_arg("q"))
    page = services().kb.catalogue.statutes(where, int_arg("page", 1), int_arg("per_page", 50))
    return jsonify(items=[s.to_json() for s in page.items], page=page.page,
                   per_page=page.per_page, total=page.total, pages=page.pages)


@bp.get("/<int:law_id>")
def statute(law_id: int):
    outline = services().kb.library.outline(law_id, int_arg("version"), date_arg())
    return jsonify(outline.to_json())


@bp.get("/<int:law_id>/articles/<no>")
def article(law_id: int, no: str):
    view = services().kb.library.get_article(law_id, parse_article_slug(no, strict=True), date_arg(),
                                             int_arg("version"))
    return jsonify(view.to_json())
