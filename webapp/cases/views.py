"""The case library (案例库): list and read cases; trainers write them with a live
preview, publish, unpublish and delete.  Drafts are the domain's business: every call
passes the signed-in user and the case service decides what they may see.

Child blueprints hold the revision history, file import/export and the audit-type list.
"""
from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for

from accounts.user import ROLE_STAFF, ROLE_TRAINER
from kb.cases.kinds import CASE_KINDS, KIND_MESSAGE
from kb.cases.models import CASE_STATUSES
from kb.cases.values import CaseView, case_template
from core.errors import InvalidInput, KbError, NotFound, StaleEdit
from kb.library import parse_date_arg
from webapp.cases.forms import CaseForm, CasePreviewForm
from webapp.common.forms import RevisionForm, parse_revision
from webapp.errors import status_of
from webapp.extensions import services
from webapp.common.links import article_url, citation_json
from webapp.common.params import choice_arg, int_arg, text_arg
from webapp.security import access, current_actor
from webapp.cases import audit_types, files, history

bp = Blueprint("cases", __name__, url_prefix="/cases")
bp.access = ROLE_STAFF
for child in (history.bp, files.bp, audit_types.bp):
    bp.register_blueprint(child)
PER_PAGE = 20
# How many unresolved references a flash message names (the session cookie is small).
FLASH_NAMES = 5


def status_arg() -> str | None:
    status = text_arg("status", 20)
    if status and status not in CASE_STATUSES:
        raise InvalidInput(f"状态应为 draft 或 published：“{status}”")
    return status or None


@bp.get("")
def index():
    kb, actor = services(), current_actor()
    where = {"kind": choice_arg("kind", CASE_KINDS, message=KIND_MESSAGE),
             "audit_type": text_arg("audit_type", 40) or None, "tag": text_arg("tag", 40) or None,
             "status": status_arg(), "text": text_arg("q") or None}
    page = kb.cases.list_cases(actor, **where, page=int_arg("page", 1), per_page=PER_PAGE)
    return render_template("cases/index.html", page=page, where=where, statuses=CASE_STATUSES,
                           kinds=CASE_KINDS,
                           types=kb.audit_types.list_types(include_inactive=True),
                           tags=kb.cases.list_tags(actor)[:30])


@bp.get("/<int:case_id>")
def show(case_id: int):
    kb = services()
    rendered = kb.cases.render_case(current_actor(), case_id, article_url)
    case = rendered.case
    related = kb.guide.find_in_text("\n".join((case.title, case.summary, *case.tags)))[:4]
    return render_template("cases/show.html", r=rendered, case=case, related=related,
                           statuses=CASE_STATUSES)


def render_editor(form: CaseForm, status: int, case: CaseView | None = None, **extra):
    names = [t.name for t in services().audit_types.list_types()]
    form.set_audit_types(names)
    return render_template("cases/edit.html", form=form, case=case, **extra), status


def flash_saved(case: CaseView, what: str) -> None:
    unresolved = case.unresolved
    if not unresolved:
        flash(f"{what}。", "success")
        return
    names = "、".join(c.text for c in unresolved[:FLASH_NAMES])
    more = f"等 {len(unresolved)} 处" if len(unresolved) > FLASH_NAMES else ""
    flash(f"{what}；以下引用未能解析为法规库中的条文：{names}{more}。请核对法规名称和条号。", "warning")


def changes_since(case_id: int, number: int):
    """What other edits changed after revision `number` (None if it never existed)."""
    try:
        return services().cases.diff_revisions(current_actor(), case_id, number)
    except NotFound:
        return None


@bp.route("/new", methods=["GET", "POST"])
@access(ROLE_TRAINER)
def create():
    form = CaseForm() if request.method == "POST" else CaseForm(body=case_template())
    if not form.validate_on_submit():
        return render_editor(form, 400 if form.is_submitted() else 200)
    publish = form.publish.data
    try:
        case = services().cases.create_case(current_actor(), form.to_input(), publish=publish)
    except KbError as error:
        form.form_errors.append(str(error))
        return render_editor(form, status_of(error))
    flash_saved(case, "案例已保存并发布" if publish else "案例已保存为草稿")
    return redirect(url_for(".show", case_id=case.id))


@bp.route("/<int:case_id>/edit", methods=["GET", "POST"])
@access(ROLE_TRAINER)
def edit(case_id: int):
    kb, actor = services(), current_actor()
    case = kb.cases.get_case(actor, case_id)
    if request.method == "GET":
        form = CaseForm(data=CaseForm.data_of(case), revision=str(case.revision))
        return render_editor(form, 200, case)
    form = CaseForm()
    if not form.validate_on_submit():
        return render_editor(form, 400, case)
    try:
        saved = kb.cases.update_case(actor, case_id, form.to_input(),
                                     parse_revision(form.revision.data), note=form.note.data or "")
    except StaleEdit as stale:
        # Keep the user's text; show what the other edit changed; let them save over it.
        form.revision.data = str(stale.current_revision)
        return render_editor(form, 409, kb.cases.get_case(actor, case_id), conflict=str(stale),
                             changes=changes_since(case_id, stale.based_on))
    except KbError as error:
        form.form_errors.append(str(error))
        return render_editor(form, status_of(error), case)
    flash_saved(saved, "修改已保存" if saved.revision != case.revision else "没有修改，未生成新版本")
    return redirect(url_for(".show", case_id=case_id))


@bp.post("/preview")
@access(ROLE_TRAINER)
def preview():
    """The editor's live preview: rendered body and every reference with its status."""
    form = CasePreviewForm().checked()
    on = parse_date_arg(form.case_date.data or "")
    rendered = services().cases.preview(current_actor(), form.body.data or "", on, article_url)
    return jsonify(html=rendered.html, citations=[citation_json(c) for c in rendered.citations],
                   unresolved=len(rendered.unresolved))


@bp.post("/<int:case_id>/publish")
@access(ROLE_TRAINER)
def publish(case_id: int):
    services().cases.publish_case(current_actor(), case_id, RevisionForm().checked().revision.data)
    flash("案例已发布，所有人员均可阅读。", "success")
    return redirect(url_for(".show", case_id=case_id))


@bp.post("/<int:case_id>/unpublish")
@access(ROLE_TRAINER)
def unpublish(case_id: int):
    services().cases.unpublish_case(current_actor(), case_id, RevisionForm().checked().revision.data)
    flash("案例已撤回为草稿，只有培训管理员和系统管理员可见。", "success")
    return redirect(url_for(".show", case_id=case_id))


@bp.route("/<int:case_id>/delete", methods=["GET", "POST"])
@access(ROLE_TRAINER)
def delete(case_id: int):
    kb, actor = services(), current_actor()
    case = kb.cases.get_case(actor, case_id)
    if request.method == "GET":
        return render_template("cases/delete.html", case=case)
    kb.cases.delete_case(actor, case_id, RevisionForm().checked().revision.data)
    flash(f"已删除案例“{case.title}”及其修订记录。", "success")
    return redirect(url_for(".index"))
