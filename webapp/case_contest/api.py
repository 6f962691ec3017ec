"""API of 案例评比 (described in webapp/api/contest_openapi.py): the contests, a contest's
results as the caller may see them, a judge's list and a judge's scores of one entry."""
from __future__ import annotations

from flask import Blueprint, jsonify

from core.errors import InvalidInput
from quizzes.case_contest.values import ReviewInput
from quizzes.jsonable import to_jsonable
from webapp.api.contest_openapi import SCORE_BODY
from webapp.common.body import JsonFields
from webapp.extensions import services
from webapp.security import current_actor

bp = Blueprint("contests", __name__)


@bp.get("/contests")
def contests():
    return jsonify(items=to_jsonable(services().case_contests.list_contests(current_actor())))


@bp.get("/contests/<int:contest_id>/results")
def results(contest_id: int):
    return jsonify(to_jsonable(services().case_contests.results(current_actor(), contest_id)))


@bp.get("/contests/<int:contest_id>/judging")
def judging(contest_id: int):
    return jsonify(items=to_jsonable(services().contest_judging.tasks(current_actor(), contest_id)))


@bp.put("/contests/entries/<int:entry_id>/score")
def score(entry_id: int):
    body = JsonFields.described(SCORE_BODY)
    review = services().contest_judging.score(current_actor(), entry_id, ReviewInput(
        points_of(body.data.get("scores")), body.text("comment", limit=2000)))
    return jsonify(to_jsonable(review))


def points_of(raw) -> dict[int, int]:
    """{"<criterion id>": points}: ids as decimal text, points whole numbers."""
    if not isinstance(raw, dict):
        raise InvalidInput("字段 scores 必须是对象：评分标准编号 → 得分")
    points = {}
    for key, value in raw.items():
        if not (isinstance(key, str) and key.isascii() and key.isdigit() and 0 < int(key) < 2 ** 31):
            raise InvalidInput(f"字段 scores 的键应为评分标准编号：“{str(key)[:20]}”")
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 10_000:
            raise InvalidInput(f"字段 scores 中评分标准 {key} 的得分应为整数")
        points[int(key)] = value
    return points
