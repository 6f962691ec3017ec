"""API: the finding-to-law guide — list or search entries, read one with its articles'
text and related cases, create and update (trainers; an update names its revision)."""
from __future__ import annotations

from flask import Blueprint, jsonify

from accounts.user import ROLE_TRAINER
from kb.guide.values import BasisInput, GuideInput
from webapp.api.content_doc import GUIDE_CREATE_BODY, GUIDE_UPDATE_BODY
from webapp.common.body import JsonFields
from webapp.extensions import services
from webapp.common.params import text_arg
from webapp.security import access, current_actor

bp = Blueprint("guide", __name__, url_prefix="/guide")
BASIS = ("law", "article_no", "article_suffix", "paragraph", "item", "note")


def basis(fields: JsonFields, name: str) -> tuple[BasisInput, ...]:
    return tuple(BasisInput(b.text("law", required=True, limit=300),
                            b.integer("article_no", required=True, high=9999),
                            b.integer("article_suffix", low=0, high=999) or 0,
                            b.integer("paragraph", high=99), b.integer("item", high=99),
                            b.text("note", limit=300))
                 for b in fields.objects(name, BASIS))


def guide_input(fields: JsonFields) -> GuideInput:
    return GuideInput(fields.text("slug", required=True, limit=80),
                      fields.text("title", required=True, limit=200),
                      fields.text("category", limit=40), fields.texts("keywords", limit=40),
                      fields.text("description", limit=5000), fields.text("advice", limit=5000),
                      basis(fields, "characterisation"), basis(fields, "sanction"),
                      fields.texts("cases", limit=64))


@bp.get("")
def index():
    guide, query = services().guide, text_arg("q")
    category = text_arg("category", 40) or None
    if query:
        items = [{**m.entry.to_json(), "score": m.score, "matched": list(m.matched)}
                 for m in guide.match(query, 50) if category in (None, m.entry.category)]
    else:
        items = [e.to_json() for e in guide.list_entries(category)]
    return jsonify(items=items, total=len(items))


@bp.get("/<slug>")
def read(slug: str):
    return jsonify(services().guide.get_entry(slug, current_actor()).to_json())


@bp.post("")
@access(ROLE_TRAINER)
def create():
    fields = JsonFields.described(GUIDE_CREATE_BODY)
    entry = services().guide.create_entry(current_actor(), guide_input(fields))
    response = jsonify(entry.to_json())
    response.status_code = 201
    return response


@bp.put("/<slug>")
@access(ROLE_TRAINER)
def update(slug: str):
    fields = JsonFields.described(GUIDE_UPDATE_BODY)
    entry = services().guide.update_entry(current_actor(), slug, guide_input(fields),
                                             fields.integer("revision", required=True))
    return jsonify(entry.to_json())
