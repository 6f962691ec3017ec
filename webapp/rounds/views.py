"""练兵 as staff find it: the rounds addressed to me (open, upcoming, ended) and a round's
page at /rounds/<id> — the address notices link to (quizzes.services.ROUND_PATH) — with
start/resume and, once it has closed, my answers and the expert's explanation.  For
trainers the same page carries the round's management (webapp.rounds.management)."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for

from accounts.user import ROLE_STAFF
from quizzes.round_spec import STATUS_NAMES
from webapp.extensions import services
from webapp.common.forms import ActionForm
from webapp.quiz.http import choice_arg
from webapp.security import current_actor

bp = Blueprint("rounds", __name__, url_prefix="/rounds")
bp.access = ROLE_STAFF
# The order of the list's sections: what can be done now comes first.
SECTIONS = (("open", "进行中"), ("scheduled", "即将开始"), ("closed", "已结束"), ("cancelled", "已取消"))


@bp.get("")
def index():
    rounds = services().rounds.list_rounds(current_actor(), choice_arg("status", STATUS_NAMES))
    return render_template("quiz/rounds/index.html", rounds=rounds, sections=SECTIONS)


@bp.get("/<int:round_id>")
def show(round_id: int):
    detail = services().rounds.get_round(current_actor(), round_id)
    return render_template("quiz/rounds/show.html", detail=detail, r=detail.summary, form=ActionForm())


@bp.post("/<int:round_id>/start")
def start(round_id: int):
    view = services().attempts.start(current_actor(), round_id)
    return redirect(url_for("attempts.show", attempt_id=view.attempt_id))
