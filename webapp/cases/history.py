"""A case's revisions (trainers): who changed what and when, an old revision rendered
beside its differences from the current text, and restoring it as a new revision."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from accounts.user import ROLE_TRAINER
from webapp.common.forms import RevisionForm
from webapp.extensions import services
from webapp.common.links import article_url
from webapp.common.params import int_arg
from webapp.security import current_actor

bp = Blueprint("history", __name__)
bp.access = ROLE_TRAINER


@bp.get("/<int:case_id>/revisions")
def index(case_id: int):
    kb, actor = services(), current_actor()
    return render_template("cases/revisions.html", case=kb.cases.get_case(actor, case_id),
                           revisions=kb.cases.list_revisions(actor, case_id))


@bp.get("/<int:case_id>/revisions/<int:number>")
def show(case_id: int, number: int):
    """Revision `number` and what changed from it to `against` (default: the current one)."""
    kb, actor = services(), current_actor()
    case = kb.cases.get_case(actor, case_id)
    revision = kb.cases.get_revision(actor, case_id, number)
    against = int_arg("against", case.revision)
    changes = kb.cases.diff_revisions(actor, case_id, number, against)
    rendered = kb.cases.preview(actor, revision.content.body, revision.content.case_date, article_url)
    return render_template("cases/revision.html", case=case, revision=revision, changes=changes,
                           rendered=rendered, against=against)


@bp.post("/<int:case_id>/revisions/<int:number>/restore")
def restore(case_id: int, number: int):
    restored = services().cases.restore_revision(current_actor(), case_id, number,
                                                 RevisionForm().checked().revision.data)
    flash(f"已将第{number}版的内容恢复为当前内容（第{restored.revision}版）。", "success")
    return redirect(url_for("cases.show", case_id=case_id))
