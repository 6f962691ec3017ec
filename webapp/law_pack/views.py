"""以案释法 (普法资料) for trainers: packs listed with the meetings they were used at, a new
pack or a copy of one as a template, editing a pack's subject, reusing it at another
meeting, and for each meeting the printable preview, the projector page (one section per
screen, keyboard navigation) and the .docx and PDF downloads."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from accounts.user import ROLE_TRAINER
from core.errors import KbError, StaleEdit
from quizzes.law_pack.layout import article_source, basis_line, sections
from webapp.common.params import int_arg
from webapp.common.forms import ActionForm, parse_revision
from webapp.errors import status_of
from webapp.extensions import services
from webapp.law_pack.forms import EditPackForm, MeetingForm, NewPackForm, PackForm
from webapp.quiz.http import download
from webapp.security import current_actor

bp = Blueprint("law_packs", __name__, url_prefix="/law-packs")
bp.access = ROLE_TRAINER
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


@bp.app_template_global()
def pack_helpers() -> dict:
    """The layout's wording, so the pages say what the printed pack says."""
    return {"article_source": article_source, "basis_line": basis_line, "sections": sections}


@bp.get("")
def index():
    return render_template("law_pack/index.html", packs=services().law_packs.list_packs(current_actor()))


@bp.route("/new", methods=["GET", "POST"])
def create():
    kb, actor = services(), current_actor()
    form = _new_form(kb, actor)
    if not form.validate_on_submit():
        return _editor(form, 400 if form.is_submitted() else 200)
    try:
        pack = kb.law_packs.create_pack(actor, form.to_input(), MeetingForm.to_input(form),
                                        copied_from=form.copied_from.data)
    except KbError as error:
        form.form_errors.append(str(error))
        return _editor(form, status_of(error))
    flash(f"已保存资料包“{pack.title}”。", "success")
    return redirect(url_for(".show", pack_id=pack.id))


def _new_form(kb, actor) -> NewPackForm:
    """An empty form, or on `?from=<id>` one filled from that pack (the template) for a new meeting."""
    template = int_arg("from")
    if request.method == "POST" or not template:
        return NewPackForm().offer(kb, actor)
    source = kb.law_packs.get_pack(actor, template)
    data = dict(PackForm.data_of(source, f"{source.title}（副本）"), copied_from=str(template))
    return NewPackForm(data=data).offer(kb, actor)


def _editor(form, status: int, pack=None):
    return render_template("law_pack/edit.html", form=form, pack=pack), status


@bp.get("/<int:pack_id>")
def show(pack_id: int):
    pack = services().law_packs.get_pack(current_actor(), pack_id)
    return render_template("law_pack/show.html", pack=pack, meeting_form=MeetingForm())


@bp.route("/<int:pack_id>/edit", methods=["GET", "POST"])
def edit(pack_id: int):
    kb, actor = services(), current_actor()
    pack = kb.law_packs.get_pack(actor, pack_id)
    form = (EditPackForm() if request.method == "POST"
            else EditPackForm(data=EditPackForm.data_of(pack))).offer(kb, actor)
    if not form.validate_on_submit():
        return _editor(form, 400 if form.is_submitted() else 200, pack)
    try:
        kb.law_packs.update_pack(actor, pack_id, form.to_input(), parse_revision(form.revision.data))
    except StaleEdit as stale:
        form.revision.data = str(kb.law_packs.get_pack(actor, pack_id).revision)
        form.form_errors.append(str(stale))
        return _editor(form, 409, pack)
    except KbError as error:
        form.form_errors.append(str(error))
        return _editor(form, status_of(error), pack)
    flash("已保存资料包。", "success")
    return redirect(url_for(".show", pack_id=pack_id))


@bp.post("/<int:pack_id>/meetings")
def add_meeting(pack_id: int):
    kb, actor = services(), current_actor()
    form = MeetingForm()
    try:
        meeting = kb.law_packs.add_meeting(actor, pack_id, form.checked().to_input())
    except KbError as error:
        pack = kb.law_packs.get_pack(actor, pack_id)
        return render_template("law_pack/show.html", pack=pack, meeting_form=form,
                               meeting_error=str(error)), status_of(error)
    flash(f"已将资料包用于{meeting.label}。", "success")
    return redirect(url_for(".show", pack_id=pack_id))


@bp.post("/<int:pack_id>/meetings/<int:meeting_id>/delete")
def remove_meeting(pack_id: int, meeting_id: int):
    ActionForm().checked()
    removed = services().law_packs.remove_meeting(current_actor(), pack_id, meeting_id)
    flash(f"已删除会议：{removed.label}。", "success")
    return redirect(url_for(".show", pack_id=pack_id))


@bp.get("/<int:pack_id>/meetings/<int:meeting_id>")
def preview(pack_id: int, meeting_id: int):
    document = services().law_packs.assemble(current_actor(), pack_id, meeting_id)
    return render_template("law_pack/preview.html", document=document, pack_id=pack_id,
                           meeting_id=meeting_id)


@bp.get("/<int:pack_id>/meetings/<int:meeting_id>/projector")
def projector(pack_id: int, meeting_id: int):
    document = services().law_packs.assemble(current_actor(), pack_id, meeting_id)
    return render_template("law_pack/projector.html", document=document, pack_id=pack_id,
                           meeting_id=meeting_id)


@bp.get("/<int:pack_id>/meetings/<int:meeting_id>/pack.docx")
def docx(pack_id: int, meeting_id: int):
    name, data = services().law_packs.docx(current_actor(), pack_id, meeting_id)
    return download(data, name, DOCX)


@bp.get("/<int:pack_id>/meetings/<int:meeting_id>/pack.pdf")
def pdf(pack_id: int, meeting_id: int):
    name, data = services().law_packs.pdf(current_actor(), pack_id, meeting_id)
    return download(data, name, PDF)
