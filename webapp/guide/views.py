"""The finding-to-law guide (问题定性与法规依据): common audit findings, each with its
定性依据 and 处理处罚依据 articles, related cases and questions.  Everyone reads and
searches it; trainers add, edit and delete entries (an edit names the revision it
started from, so two trainers cannot overwrite each other's work unnoticed)."""
from __future__ import annotations

from collections import Counter

from flask import Blueprint, flash, redirect, render_template, request, url_for

from accounts.user import ROLE_STAFF, ROLE_TRAINER
from core.errors import KbError, StaleEdit
from kb.guide.values import GuideView
from webapp.cases.forms import GuideForm
from webapp.common.forms import RevisionForm, parse_revision
from webapp.errors import status_of
from webapp.extensions import services
from webapp.common.params import text_arg
from webapp.security import access, current_actor

bp = Blueprint("guide", __name__, url_prefix="/guide")
bp.access = ROLE_STAFF
MAX_MATCHES = 30
COMPARED = ("title", "category", "keywords", "description", "advice", "characterisation",
            "sanction", "cases")


@bp.get("")
def index():
    kb = services()
    query, category = text_arg("q"), text_arg("category", 40) or None
    matches = kb.guide.match(query, MAX_MATCHES) if query else None
    everything = kb.guide.list_entries()
    # Categories in the order of the audit-type list, with their entry counts.
    order = {t.name: i for i, t in enumerate(kb.audit_types.list_types(include_inactive=True))}
    counts = Counter(e.category for e in everything if e.category)
    categories = sorted(counts.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
    return render_template("guide/index.html", query=query, category=category, matches=matches,
                           entries=[e for e in everything if category in (None, e.category)],
                           categories=categories, total=len(everything))


@bp.get("/<slug>")
def show(slug: str):
    entry = services().guide.get_entry(slug, current_actor())
    return render_template("guide/show.html", entry=entry)


def render_editor(form: GuideForm, status: int, entry: GuideView | None = None, **extra):
    return render_template("guide/edit.html", form=form, entry=entry, **extra), status


@bp.route("/new", methods=["GET", "POST"])
@access(ROLE_TRAINER)
def create():
    form = GuideForm()
    if not form.validate_on_submit():
        return render_editor(form, 400 if form.is_submitted() else 200)
    try:
        entry = services().guide.create_entry(current_actor(), form.to_input())
    except KbError as error:
        form.form_errors.append(str(error))
        return render_editor(form, status_of(error))
    flash(f"已添加指引“{entry.title}”。", "success")
    return redirect(url_for(".show", slug=entry.slug))


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@access(ROLE_TRAINER)
def edit(slug: str):
    kb, actor = services(), current_actor()
    entry = kb.guide.get_entry(slug, actor)
    form = GuideForm() if request.method == "POST" else GuideForm(data=GuideForm.data_of(entry))
    if not form.validate_on_submit():
        return render_editor(form, 400 if form.is_submitted() else 200, entry)
    try:
        saved = kb.guide.update_entry(actor, slug, form.to_input(), parse_revision(form.revision.data))
    except StaleEdit as stale:
        current = GuideForm.data_of(entry)
        form.revision.data = current["revision"]
        changed = [(form[name].label.text, current[name], form[name].data) for name in COMPARED
                   if (current[name] or "").strip() != (form[name].data or "").strip()]
        return render_editor(form, 409, entry, conflict=str(stale), changed=changed)
    except KbError as error:
        form.form_errors.append(str(error))
        return render_editor(form, status_of(error), entry)
    flash(f"已保存指引“{saved.title}”。", "success")
    return redirect(url_for(".show", slug=saved.slug))


@bp.route("/<slug>/delete", methods=["GET", "POST"])
@access(ROLE_TRAINER)
def delete(slug: str):
    kb, actor = services(), current_actor()
    entry = kb.guide.get_entry(slug, actor)
    if request.method == "GET":
        return render_template("guide/delete.html", entry=entry)
    kb.guide.delete_entry(actor, slug, RevisionForm().checked().revision.data)
    flash(f"已删除指引“{entry.title}”。", "success")
    return redirect(url_for(".index"))
