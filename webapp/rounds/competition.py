"""练兵比武 for trainers: the live ranking (a screen in the room refreshes it), the
printable results sheet and the 奖状 (.docx) for the first places."""
from __future__ import annotations

from flask import Blueprint, render_template
from wtforms import StringField

from accounts.user import ROLE_TRAINER
from core.errors import Conflict, InvalidInput
from quizzes.competition import MAX_ISSUER, MAX_PLACES
from webapp.common.forms import Form, at_most, given, required
from webapp.extensions import services
from webapp.quiz.http import download
from webapp.rounds.round_form import NumberField
from webapp.security import current_actor

bp = Blueprint("competition", __name__, url_prefix="/rounds")
bp.access = ROLE_TRAINER
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Seconds between refreshes of the live ranking while the competition runs.
REFRESH_SECONDS = 15


class CertificateForm(Form):
    issuer = StringField("颁奖单位", [required("颁奖单位"), at_most(MAX_ISSUER)])
    places = NumberField("获奖名次", validators=[given("获奖名次")], default=3)


@bp.get("/<int:round_id>/live")
def live(round_id: int):
    ranking = services().competitions.live_ranking(current_actor(), round_id)
    refresh = REFRESH_SECONDS if ranking.status == "open" else None
    return render_template("quiz/rounds/live.html", live=ranking, refresh=refresh)


@bp.get("/<int:round_id>/sheet")
def sheet(round_id: int):
    return render_sheet(round_id, CertificateForm())


def render_sheet(round_id: int, form: CertificateForm, error: str | None = None, status: int = 200):
    ranking = services().competitions.live_ranking(current_actor(), round_id)
    return render_template("quiz/rounds/sheet.html", live=ranking, form=form, error=error,
                           max_places=MAX_PLACES), status


@bp.post("/<int:round_id>/certificates.docx")
def certificates(round_id: int):
    form = CertificateForm()
    if not form.validate():
        return render_sheet(round_id, form, "；".join(e for errors in form.errors.values() for e in errors), 400)
    try:
        data = services().competitions.certificates(current_actor(), round_id, form.places.data,
                                                    form.issuer.data)
    except (InvalidInput, Conflict) as error:
        return render_sheet(round_id, form, str(error), 400)
    return download(data, f"奖状-轮次{round_id}.docx", DOCX)
