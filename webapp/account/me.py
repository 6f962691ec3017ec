"""A reader's own pages: favourites, notes, account (API tokens)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from accounts.user import ROLE_STAFF
from webapp.extensions import services
from webapp.common.forms import ActionForm, EmailNoticesForm
from webapp.common.params import int_arg
from webapp.security import current_actor

bp = Blueprint("me", __name__, url_prefix="/me")
bp.access = ROLE_STAFF


@bp.get("/favourites")
def favourites():
    page = services().bookmarks.favourites(current_actor(), int_arg("page", 1))
    return render_template("me/marks.html", page=page, kind="favourites")


@bp.get("/notes")
def notes():
    page = services().bookmarks.notes(current_actor(), int_arg("page", 1))
    return render_template("me/marks.html", page=page, kind="notes")


@bp.get("/account")
def account():
    kb = services()
    actor = current_actor()
    return render_template("me/account.html", tokens=kb.tokens.list_for_user(actor.id),
                           now=kb.clock.now(), form=ActionForm(),
                           follows=kb.follows.followed(actor, int_arg("page", 1)))


@bp.post("/email-notices")
def email_notices():
    enabled = EmailNoticesForm().checked().enabled.data == "1"
    services().users.set_email_notifications(current_actor(), enabled)
    flash("已开启邮件通知。" if enabled else "已关闭邮件通知，站内通知不受影响。", "success")
    return redirect(url_for(".account"))


@bp.post("/tokens/<int:token_id>/revoke")
def revoke_token(token_id: int):
    actor = current_actor()
    services().tokens.revoke(actor, token_id, owner_id=actor.id)
    flash("令牌已吊销。", "success")
    return redirect(url_for(".account"))
