"""API of 阅卷: the answers awaiting grading in a round, by question, and a grade for one
answer (a question's, or a case part's); 申请复核 — a person's request, the graders' queue
and decision.  Who may grade is the domain's to decide: anyone else gets 403."""
from __future__ import annotations

from flask import Blueprint, jsonify

from quizzes.jsonable import to_jsonable
from webapp.api.marking_openapi import DECISION_BODY, EXEMPLARY_BODY, GRADE_BODY, REGRADE_REQUEST_BODY
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


@bp.put("/attempts/<int:attempt_id>/answers/<int:question_id>/exemplary")
def choose_exemplary(attempt_id: int, question_id: int):
    body = JsonFields.described(EXEMPLARY_BODY)
    chosen = services().marking.choose_exemplary(current_actor(), attempt_id, question_id,
                                                 body.text("part_id", limit=16), body.data.get("exemplary"))
    return jsonify({"attempt_id": attempt_id, "question_id": question_id, "exemplary": chosen})


@bp.post("/attempts/<int:attempt_id>/answers/<int:question_id>/review-request")
def request_regrade(attempt_id: int, question_id: int):
    body = JsonFields.described(REGRADE_REQUEST_BODY)
    state = services().regrades.request(current_actor(), attempt_id, question_id, body.text("part_id", limit=16),
                                        body.data.get("reason"))
    return jsonify(to_jsonable(state)), 201


@bp.get("/review-requests")
def regrade_queue():
    return jsonify(to_jsonable(services().regrades.queue(current_actor())))


@bp.get("/review-requests/<int:request_id>")
def regrade_case(request_id: int):
    return jsonify(to_jsonable(services().regrades.get(current_actor(), request_id)))


@bp.put("/review-requests/<int:request_id>/decision")
def decide_regrade(request_id: int):
    decision = JsonFields.described(DECISION_BODY).data
    return jsonify(to_jsonable(services().regrades.decide(current_actor(), request_id, decision)))
