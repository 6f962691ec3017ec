"""The in-app inbox (站内通知): a person's notices, and the unread count in the header."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for

from accounts.user import ROLE_STAFF
from webapp.extensions import services
from webapp.common.forms import ActionForm
from webapp.common.params import int_arg, safe_next
from webapp.security import current_user, current_actor

bp = Blueprint("inbox", __name__, url_prefix="/notices")
bp.access = ROLE_STAFF


@bp.app_context_processor
def unread_notices():
    user = current_user()
    if (user is None or user.must_change_password or request.blueprint == "api"
            or g.get("database_unavailable")):   # the 503 page (webapp.errors) asks nothing of it
        return {"unread_notices": 0}
    return {"unread_notices": services().inbox.unread_count(current_actor())}


@bp.get("")
def index():
    page = services().inbox.notices(current_actor(), int_arg("page", 1))
    return render_template("inbox/index.html", page=page, form=ActionForm())


@bp.post("/<int:notice_id>/open")
def open_notice(notice_id: int):
    notice = services().inbox.open(current_actor(), notice_id)
    return redirect(safe_next(site_path(notice.link), "inbox.index"))


def site_path(link: str | None) -> str | None:
    """Notices carry absolute links (PUBLIC_URL + path) for email; in the app, the path."""
    base = str(current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    if link and base and link.startswith(base + "/"):
        return link[len(base):]
    return link


@bp.post("/read-all")
def read_all():
    count = services().inbox.mark_read(current_actor())
    flash(f"已将 {count} 条通知标为已读。", "success")
    return redirect(url_for(".index"))
