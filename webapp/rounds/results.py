"""A round's results for trainers: participation, the score distribution, each
question's facility and discrimination with the badly-behaving ones flagged, the
department ranking and everyone's result (with a deadline extension per person), and
the Excel export of it all — at once, or, for a round of thousands, as a job the
worker builds (its page shows progress and offers the file to whoever started it)."""
from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, url_for

from accounts.user import ROLE_TRAINER
from quizzes.results import RANKING_RULE
from webapp.common.charts import bar_chart
from webapp.extensions import services
from webapp.common.forms import ActionForm
from webapp.quiz.http import download
from webapp.rounds.forms import ExtendForm
from webapp.security import current_actor

bp = Blueprint("round_results", __name__, url_prefix="/rounds")
bp.access = ROLE_TRAINER
BANDS = tuple(f"{low}–{low + 9}" if low < 90 else "90–100" for low in range(0, 100, 10))


@bp.get("/<int:round_id>/results")
def show(round_id: int):
    return render_results(round_id)


def render_results(round_id: int, extension: ExtendForm | None = None, extension_error: str = "",
                   status: int = 200):
    """The page; after a refused extension, with that person's form open, the message and
    the time they entered (`extension`)."""
    quiz, actor = services(), current_actor()
    detail = quiz.rounds.get_round(actor, round_id)
    stats = quiz.statistics.round_stats(actor, round_id)
    chart = bar_chart([b.split("–")[0] for b in BANDS], stats.distribution, "得分率分布（人数）")
    return render_template("quiz/rounds/results.html", detail=detail, r=detail.summary, stats=stats,
                           rows=quiz.results.round_results(actor, round_id),
                           ranking=quiz.results.department_ranking(actor, round_id),
                           chart=chart, bands=BANDS, form=ActionForm(), extension=extension,
                           extension_error=extension_error, rule=RANKING_RULE), status


@bp.get("/<int:round_id>/results.xlsx")
def export(round_id: int):
    data = services().exports.round_results_workbook(current_actor(), round_id)
    return download(data, f"练兵成绩-轮次{round_id}.xlsx")


@bp.post("/<int:round_id>/results/export")
def export_later(round_id: int):
    job = services().background.start_export(current_actor(), round_id)
    return redirect(url_for(".export_job", job_id=job.id))


@bp.get("/exports/<int:job_id>")
def export_job(job_id: int):
    return render_template("quiz/rounds/export_job.html",
                           job=services().background.export_job(current_actor(), job_id))


@bp.get("/exports/<int:job_id>/status")
def export_status(job_id: int):
    return jsonify(services().background.export_job(current_actor(), job_id).to_json())


@bp.get("/exports/<int:job_id>/file")
def export_file(job_id: int):
    filename, media_type, data = services().background.export_file(current_actor(), job_id)
    return download(data, filename, media_type)
