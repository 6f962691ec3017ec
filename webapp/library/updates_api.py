"""API of 法规动态 and 关注: the library's changes, following and unfollowing a statute, and
the statutes the caller follows (described in webapp/api/updates_openapi.py)."""
from __future__ import annotations

from flask import Blueprint, jsonify

from laws.model import LEVELS
from webapp.common.params import choice_arg, int_arg
from webapp.extensions import services
from webapp.security import current_actor

bp = Blueprint("updates", __name__)


def page_json(page) -> dict:
    return {"items": [item.to_json() for item in page.items], "page": page.page,
            "per_page": page.per_page, "total": page.total, "pages": page.pages}


@bp.get("/laws/changes")
def changes():
    feed = services().library_feed
    page = feed.changes(int_arg("page", 1), int_arg("per_page", 30),
                        kind=choice_arg("kind", feed.kinds()), level=choice_arg("level", LEVELS))
    return jsonify(page_json(page))


@bp.post("/laws/<int:law_id>/follow")
def follow(law_id: int):
    return jsonify(services().follows.follow(current_actor(), law_id).to_json()), 201


@bp.delete("/laws/<int:law_id>/follow")
def unfollow(law_id: int):
    services().follows.unfollow(current_actor(), law_id)
    return jsonify(statute_id=law_id, following=False)


@bp.get("/me/follows")
def followed():
    page = services().follows.followed(current_actor(), int_arg("page", 1), int_arg("per_page", 50))
    return jsonify(page_json(page))
