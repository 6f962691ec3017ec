"""Judging pages: a judge's list of entries (to score, scored, recused) with progress, and
the scoring page of one entry (the case, blind if set, and a score per criterion)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from core.errors import KbError
from quizzes.case_contest.judging import TASK_NAMES, TASK_TODO
from webapp.case_contest.forms import ScoreForm
from webapp.common.links import article_url
from webapp.errors import status_of
from webapp.extensions import services
from webapp.security import current_actor

bp = Blueprint("judging", __name__)


@bp.get("/<int:contest_id>/judging")
def index(contest_id: int):
    kb, actor = services(), current_actor()
    tasks = kb.contest_judging.tasks(actor, contest_id)
    return render_template("case_contest/judging.html", tasks=tasks, names=TASK_NAMES,
                           contest=kb.case_contests.get_contest(actor, contest_id),
                           todo=sum(t.state == TASK_TODO for t in tasks))


@bp.route("/entries/<int:entry_id>/score", methods=["GET", "POST"])
def score(entry_id: int):
    kb, actor = services(), current_actor()
    review = kb.contest_judging.review_of(actor, entry_id)
    entry = kb.contest_entries.get_entry(actor, entry_id)
    criteria = kb.contest_judging.criteria(actor, entry.contest_id)
    if request.method == "GET":
        return render_score(ScoreForm.of(criteria, review), entry, criteria, 200)
    form = ScoreForm.of(criteria)
    if not form.validate_on_submit():
        return render_score(form, entry, criteria, 400)
    try:
        kb.contest_judging.score(actor, entry_id, form.to_review(criteria))
    except KbError as error:
        form.form_errors.append(str(error))
        return render_score(form, entry, criteria, status_of(error))
    flash(f"已保存对《{entry.case.title}》的评分。", "success")
    return redirect(url_for(".index", contest_id=entry.contest_id))


def render_score(form: ScoreForm, entry, criteria, status: int):
    kb, actor = services(), current_actor()
    rendered = kb.contest_entries.preview(actor, entry.case.body, entry.case.case_date, article_url)
    return render_template("case_contest/score.html", form=form, entry=entry, criteria=criteria,
                           rendered=rendered,
                           contest=kb.case_contests.get_contest(actor, entry.contest_id)), status
