"""The audit-type list (预算执行, 经济责任, …) that cases are filed under: trainers add,
rename, reorder and retire types.  A retired type stays on its cases but is not offered
for new ones."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from accounts.user import ROLE_TRAINER
from core.errors import KbError, NotFound
from webapp.cases.forms import AuditTypeActiveForm, AuditTypeForm, AuditTypeMoveForm
from webapp.errors import status_of
from webapp.extensions import services
from webapp.security import current_actor

bp = Blueprint("types", __name__, url_prefix="/audit-types")
bp.access = ROLE_TRAINER


def render_list(form: AuditTypeForm, status: int = 200):
    types = services().audit_types.list_types(include_inactive=True)
    return render_template("cases/audit_types.html", types=types, form=form), status


@bp.route("", methods=["GET", "POST"])
def index():
    form = AuditTypeForm()
    if not form.validate_on_submit():
        return render_list(form, 400 if form.is_submitted() else 200)
    try:
        added = services().audit_types.add_type(current_actor(), form.name.data)
    except KbError as error:
        form.form_errors.append(str(error))
        return render_list(form, status_of(error))
    flash(f"已添加审计类型“{added.name}”。", "success")
    return redirect(url_for(".index"))


@bp.post("/<int:type_id>/rename")
def rename(type_id: int):
    renamed = services().audit_types.rename_type(current_actor(), type_id,
                                                 AuditTypeForm().checked().name.data)
    flash(f"已改名为“{renamed.name}”。", "success")
    return redirect(url_for(".index"))


@bp.post("/<int:type_id>/active")
def set_active(type_id: int):
    active = AuditTypeActiveForm().checked().active.data == "1"
    changed = services().audit_types.set_active(current_actor(), type_id, active)
    flash(f"已{'启用' if active else '停用'}审计类型“{changed.name}”。", "success")
    return redirect(url_for(".index"))


@bp.post("/<int:type_id>/move")
def move(type_id: int):
    """Move a type one place up or down the list."""
    kb, form = services(), AuditTypeMoveForm().checked()
    ids = [t.id for t in kb.audit_types.list_types(include_inactive=True)]
    if type_id not in ids:
        raise NotFound(f"没有编号为 {type_id} 的审计类型")
    here = ids.index(type_id)
    there = here - 1 if form.direction.data == "up" else here + 1
    if 0 <= there < len(ids):
        ids[here], ids[there] = ids[there], ids[here]
        kb.audit_types.reorder(current_actor(), ids)
    return redirect(url_for(".index"))
