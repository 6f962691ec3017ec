"""API of 阅卷: the answers awaiting grading in a round, by question, and a grade for one
answer (a question's, or a case part's).  Who may grade is the domain's to decide: anyone
else gets 403."""
from __future__ import annotations

from flask import Blueprint, jsonify

from quizzes.jsonable import to_jsonable
from webapp.api.marking_openapi import GRADE_BODY
from webapp.common.body import JsonFields
from webapp.extensions import services
from webapp.security import current_actor

bp = Blueprint("marking", __name__)


@bp.get("/rounds/<int:round_id>/grading")
def round_grading(round_id: int):
    return jsonify(to_jsonable(services().marking.queue(current_actor(), round_id)))


@bp.put("/attempts/<int:attempt_id>/answers/<int:question_id>/grade")
def grade_answer(attempt_id: int, question_id: int):
    return _grade(attempt_id, question_id, "")


@bp.put("/attempts/<int:attempt_id>/answers/<int:question_id>/parts/<part_id>/grade")
def grade_part(attempt_id: int, question_id: int, part_id: str):
    return _grade(attempt_id, question_id, part_id)


def _grade(attempt_id: int, question_id: int, part_id: str):
    marks = JsonFields.described(GRADE_BODY).data
    result = services().marking.grade(current_actor(), attempt_id, question_id, part_id, marks)
    return jsonify(to_jsonable(result))
