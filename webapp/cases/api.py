"""API: audit cases — list, read (with the body rendered and its references resolved),
create, update (naming the revision the edit started from), publish and unpublish.
Writes need the trainer role; drafts are visible to trainers and admins only."""
from __future__ import annotations

from flask import Blueprint, jsonify

from accounts.user import ROLE_TRAINER
from kb.cases.kinds import CASE_KINDS, KIND_MESSAGE
from kb.cases.models import CASE_STATUSES
from kb.cases.values import MAX_BODY, CaseInput, CaseView
from webapp.api.content_doc import CASE_CREATE_BODY, CASE_UPDATE_BODY
from webapp.common.body import JsonFields
from webapp.extensions import services
from webapp.common.links import article_url, citation_json
from webapp.common.params import choice_arg, int_arg, text_arg
from webapp.security import access, current_actor

bp = Blueprint("cases", __name__, url_prefix="/cases")


def case_input(fields: JsonFields) -> CaseInput:
    return CaseInput(fields.text("title", required=True, limit=200),
                     fields.text("audit_type", required=True, limit=40),
                     fields.text("body", limit=MAX_BODY), fields.texts("tags", count=20, limit=40),
                     fields.date("case_date"), fields.text("source", limit=300),
                     fields.text("summary", limit=500))


def saved(view: CaseView, status: int = 200):
    """A saved case with every reference in its body, the unresolved ones counted."""
    response = jsonify({**view.to_json(), "citations": [citation_json(c) for c in view.citations],
                        "unresolved": len(view.unresolved)})
    response.status_code = status
    return response


@bp.get("")
def index():
    status = choice_arg("status", CASE_STATUSES, message="status 应为 draft 或 published")
    page = services().cases.list_cases(
        current_actor(), kind=choice_arg("kind", CASE_KINDS, message=KIND_MESSAGE),
        audit_type=text_arg("audit_type", 40) or None,
        tag=text_arg("tag", 40) or None, status=status, text=text_arg("q") or None,
        page=int_arg("page", 1), per_page=int_arg("per_page", 20))
    return jsonify(page.to_json())


@bp.get("/<int:case_id>")
def read(case_id: int):
    return jsonify(services().cases.render_case(current_actor(), case_id, article_url).to_json())


@bp.post("")
@access(ROLE_TRAINER)
def create():
    fields = JsonFields.described(CASE_CREATE_BODY)
    view = services().cases.create_case(current_actor(), case_input(fields),
                                           publish=fields.flag("publish"),
                                           uid=fields.text("uid", limit=64) or None)
    return saved(view, 201)


@bp.put("/<int:case_id>")
@access(ROLE_TRAINER)
def update(case_id: int):
    fields = JsonFields.described(CASE_UPDATE_BODY)
    view = services().cases.update_case(current_actor(), case_id, case_input(fields),
                                           fields.integer("revision", required=True),
                                           note=fields.text("note", limit=200))
    return saved(view)


@bp.post("/<int:case_id>/publish")
@access(ROLE_TRAINER)
def publish(case_id: int):
    revision = JsonFields.from_request(("revision",)).integer("revision", required=True)
    return saved(services().cases.publish_case(current_actor(), case_id, revision))


@bp.post("/<int:case_id>/unpublish")
@access(ROLE_TRAINER)
def unpublish(case_id: int):
    revision = JsonFields.from_request(("revision",)).integer("revision", required=True)
    return saved(services().cases.unpublish_case(current_actor(), case_id, revision))
