"""API: rounds, attempts and results (bearer token, or the attempt page's autosave with the
session cookie).  Staff list and take rounds; trainers
also write questions, create and close rounds and read results and statistics.  Each
route is one domain call; the answers are never in a round or an attempt until visible.
"""
from __future__ import annotations

from flask import Blueprint, jsonify

from accounts.user import ROLE_TRAINER
from quizzes.jsonable import to_jsonable
from quizzes.round_spec import STATUSES, RoundSpec
from webapp.common.body import JsonFields, answer_body
from webapp.api.quiz_openapi import FLAG_BODY, QUESTION_BODY, ROUND_BODY
from webapp.extensions import services
from webapp.common.params import choice_arg
from webapp.security import access, current_actor

bp = Blueprint("quiz", __name__)


# The fields a body may have are the ones its OpenAPI description lists (anything else, or
# null where it does not allow null, is a 400 naming it); what they say is the domain's to check.


def created(value):
    response = jsonify(to_jsonable(value))
    response.status_code = 201
    return response


@bp.get("/rounds")
def list_rounds():
    rounds = services().rounds.list_rounds(current_actor(), choice_arg("status", STATUSES))
    return jsonify(items=to_jsonable(rounds))


@bp.get("/rounds/<int:round_id>")
def get_round(round_id: int):
    return jsonify(to_jsonable(services().rounds.get_round(current_actor(), round_id)))


@bp.post("/rounds/<int:round_id>/attempts")
def start_attempt(round_id: int):
    return jsonify(to_jsonable(services().attempts.start(current_actor(), round_id)))


@bp.get("/attempts/<int:attempt_id>")
def get_attempt(attempt_id: int):
    return jsonify(to_jsonable(services().attempts.get_attempt(current_actor(), attempt_id)))


@bp.put("/attempts/<int:attempt_id>/answers/<int:question_id>")
def save_answer(attempt_id: int, question_id: int):
    result = services().attempts.save_answer(current_actor(), attempt_id, question_id, answer_body())
    return jsonify(to_jsonable(result))


@bp.put("/attempts/<int:attempt_id>/flags/<int:question_id>")
def flag_question(attempt_id: int, question_id: int):
    flagged = JsonFields.described(FLAG_BODY).data.get("flagged")
    return jsonify(to_jsonable(services().attempts.flag(current_actor(), attempt_id, question_id, flagged)))


@bp.post("/attempts/<int:attempt_id>/submit")
def submit(attempt_id: int):
    return jsonify(to_jsonable(services().attempts.submit(current_actor(), attempt_id)))


@bp.get("/me/results")
def my_results():
    return jsonify(items=to_jsonable(services().results.my_history(current_actor())))


@bp.post("/questions")
@access(ROLE_TRAINER)
def create_question():
    data = JsonFields.described(QUESTION_BODY).data
    return created(services().bank.create_question(current_actor(), data))


@bp.post("/rounds")
@access(ROLE_TRAINER)
def create_round():
    spec = RoundSpec.from_json(JsonFields.described(ROUND_BODY).data)
    return created(services().rounds.create_round(current_actor(), spec))


@bp.post("/rounds/<int:round_id>/close")
@access(ROLE_TRAINER)
def close_round(round_id: int):
    summary = services().lifecycle.close_round(current_actor(), round_id)
    return jsonify(to_jsonable(summary))


@bp.get("/rounds/<int:round_id>/results")
@access(ROLE_TRAINER)
def round_results(round_id: int):
    return jsonify(items=to_jsonable(services().results.round_results(current_actor(), round_id)))


@bp.get("/rounds/<int:round_id>/stats")
@access(ROLE_TRAINER)
def round_stats(round_id: int):
    return jsonify(to_jsonable(services().statistics.round_stats(current_actor(), round_id)))
