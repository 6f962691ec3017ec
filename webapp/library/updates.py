"""法规更新 (法规动态): what changed in the library, newest first, for every signed-in user;
and 关注 — following a statute from its page."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from accounts.user import ROLE_STAFF
from laws.model import LEVELS
from webapp.common.forms import NextForm
from webapp.common.params import choice_arg, int_arg, safe_next
from webapp.extensions import services
from webapp.security import current_actor

bp = Blueprint("updates", __name__, url_prefix="/laws")
bp.access = ROLE_STAFF
PER_PAGE = 30


@bp.get("/updates")
def index():
    feed = services().library_feed
    kinds = feed.kinds()
    kind = choice_arg("kind", kinds, blank_ok=True, message="变更类型无效")
    level = choice_arg("level", LEVELS, blank_ok=True, message="效力级别无效")
    page = feed.changes(int_arg("page", 1), PER_PAGE, kind=kind, level=level)
    return render_template("library/updates.html", page=page, kinds=kinds, levels=LEVELS,
                           kind=kind, level=level)


@bp.post("/<int:statute_id>/follow")
def follow(statute_id: int):
    form = NextForm().checked()
    followed = services().follows.follow(current_actor(), statute_id)
    flash(f"已关注《{followed.title}》：它有新版本、被废止或效力状态变化时，你会收到通知。", "success")
    return redirect(_back(form, statute_id))


@bp.post("/<int:statute_id>/unfollow")
def unfollow(statute_id: int):
    form = NextForm().checked()
    services().follows.unfollow(current_actor(), statute_id)
    flash("已取消关注。", "success")
    return redirect(_back(form, statute_id))


@bp.get("/<int:statute_id>/history/<int:retired_id>")
def retired(statute_id: int, retired_id: int):
    """A version's text as it was before it was replaced or withdrawn."""
    kb = services()
    return render_template("library/retired.html", statute=kb.library.get_statute(statute_id),
                           entry=kb.versions.retired(statute_id, retired_id))


def _back(form: NextForm, statute_id: int) -> str:
    """The page the button was on (the account page's list), else the statute's page."""
    if form.next.data:
        return safe_next(form.next.data)
    return url_for("library.statute", statute_id=statute_id)
