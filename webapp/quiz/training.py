"""A person's training record: 我的成绩 (history with a trend chart, mastery per statute
and topic, Excel export), 错题本 with re-practice, 自测, and the departments' standings
(练兵比武).  Trainers also read any person's record here."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, redirect, render_template, request, url_for

from accounts.user import ROLE_STAFF, ROLE_TRAINER
from core.errors import InvalidInput
from quizzes.practice import PracticeRequest
from quizzes.results import RANKING_RULE
from webapp.common.charts import BarRow, Series, hbar_chart, line_chart
from webapp.extensions import services
from webapp.common.params import int_arg, text_arg
from webapp.quiz.forms import PracticeForm
from webapp.quiz.http import download
from webapp.security import access, current_actor

bp = Blueprint("training", __name__, url_prefix="/training")
bp.access = ROLE_STAFF
PERIODS = {"all": ("全部已结束轮次", None), "year": ("近一年", 365), "quarter": ("近三个月", 91)}


def record_charts(history, mastery) -> dict:
    """The trend of my score against each round's average, and mastery bars."""
    labels = [p.title for p in history]
    trend = line_chart(labels, [Series("我的得分率", [p.percent for p in history], "chart-series-1"),
                                Series("全员平均", [p.round_average for p in history], "chart-series-2")],
                       "历次练兵得分率（%）")

    def bars(rows, what):
        return hbar_chart([BarRow(r.label, r.rate, f"答对 {r.correct}/{r.answered} 题")
                           for r in rows], f"各{what}答对率")
    return {"trend": trend if history else None,
            "statutes": bars(mastery.statutes, "法规") if mastery.statutes else None,
            "tags": bars(mastery.tags, "专题") if mastery.tags else None}


def render_record(user_id: int | None, template: str):
    results, actor = services().results, current_actor()
    history = results.my_history(actor, user_id)
    mastery = results.mastery(actor, user_id)
    return render_template(template, history=history, mastery=mastery, user_id=user_id,
                           person=services().users.get_user(user_id) if user_id else None,
                           **record_charts(history, mastery))


@bp.get("/results")
def results():
    return render_record(None, "quiz/training/results.html")


@bp.get("/results.xlsx")
def results_export():
    return download(services().exports.person_record_workbook(current_actor()), "我的练兵记录.xlsx")


@bp.get("/people/<int:user_id>")
@access(ROLE_TRAINER)
def person(user_id: int):
    return render_record(user_id, "quiz/training/results.html")


@bp.get("/people/<int:user_id>/record.xlsx")
@access(ROLE_TRAINER)
def person_export(user_id: int):
    data = services().exports.person_record_workbook(current_actor(), user_id)
    return download(data, f"练兵记录-{user_id}.xlsx")


@bp.get("/wrong-book")
def wrong_book():
    entries = services().results.wrong_book(current_actor())
    return render_template("quiz/training/wrong_book.html", entries=entries,
                           due=sum(1 for e in entries if e.is_due))


@bp.get("/rankings")
def rankings():
    quiz, actor = services(), current_actor()
    round_id, period = int_arg("round"), text_arg("period", 20)
    period = period if period in PERIODS else "all"
    days = PERIODS[period][1]
    since = services().clock.now() - dt.timedelta(days=days) if days else None
    return render_template("quiz/training/rankings.html", periods=PERIODS, period=period, round_id=round_id,
                           ranking=quiz.results.department_ranking(actor, round_id, None if round_id else since),
                           closed=quiz.rounds.list_rounds(actor, "closed"), rule=RANKING_RULE)


@bp.get("/points")
def points():
    """年度积分: everyone's points from the year's rounds and competitions."""
    quiz = services()
    this_year = quiz.clock.now().year
    year = int_arg("year") or this_year
    standings = quiz.competitions.year_points(current_actor(), year)
    return render_template("quiz/training/points.html", standings=standings,
                           years=range(this_year, this_year - 5, -1))


@bp.route("/practice", methods=["GET", "POST"])
def practice():
    quiz, actor = services(), current_actor()
    topics = quiz.practice.topics(actor)
    form = PracticeForm()
    form.statutes.choices = [(int(f.key), f"{f.label}（{f.count}）") for f in topics.statutes]
    form.tags.choices = [(f.key, f"{f.label}（{f.count}）") for f in topics.tags]
    if request.method == "GET" and request.args.get("due") == "1":
        form.due_reviews.data = True
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("quiz/training/practice.html", form=form, topics=topics), status
    try:
        view = quiz.practice.start(actor, PracticeRequest(
            tuple(form.statutes.data or ()), tuple(form.tags.data or ()), form.weak_spots.data,
            form.due_reviews.data, form.count.data))
    except InvalidInput as error:
        form.form_errors.append(str(error))
        return render_template("quiz/training/practice.html", form=form, topics=topics), 400
    return redirect(url_for("attempts.show", attempt_id=view.attempt_id))
