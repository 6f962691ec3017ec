"""生成候选题: candidates made from the audit statutes' text wait as drafts; the trainer
reads each with its article and accepts it (→ 已审核) or discards it (→ 已停用) in batches
through the bank's batch action."""
from __future__ import annotations

import re

from flask import Blueprint, render_template

from quizzes.bank import DRAFT, QuestionFilter
from quizzes.composition import AUDIT_STATUTES
from quizzes.generation.service import KIND_NAMES
from webapp.extensions import services
from webapp.common.params import int_arg
from webapp.quiz.forms import GenerateForm
from webapp.security import current_actor

bp = Blueprint("generate", __name__, url_prefix="/generate")
PER_PAGE = 20


def render_page(report=None):
    actor = current_actor()
    where = QuestionFilter(status=DRAFT, origin="generated", statute_id=int_arg("statute"),
                           page=int_arg("page", 1), page_size=PER_PAGE)
    return render_template("quiz/bank/generate.html", report=report, statutes=AUDIT_STATUTES,
                           kinds=KIND_NAMES, page=services().bank.list_questions(actor, where),
                           where=where)


@bp.get("")
def index():
    return render_page()


def chosen_statutes() -> list[str]:
    """The audit statutes ticked, and others named by title (、，, or spaces between)."""
    form = GenerateForm().checked()
    names = list(form.statutes.data or ())
    names += [n for n in re.split(r"[、，,;；\s]+", form.extra.data or "") if n.strip()]
    return list(dict.fromkeys(names)) or list(AUDIT_STATUTES)


@bp.post("")
def run():
    return render_page(services().generator.generate(current_actor(), chosen_statutes()))
