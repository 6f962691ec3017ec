"""The law library in the browser: browse by level and branch, a statute read whole (with
its contents, print and .docx download), the 新旧对照表 between versions, an article with
its versions (its text with references linked, and what cites it), side-by-side
comparison, favourites and notes."""
from __future__ import annotations

import io

from flask import Blueprint, flash, redirect, render_template, request, send_file

from accounts.user import ROLE_STAFF
from kb.compare import table_rows
from kb.docx_export import statute_docx
from kb.reading import parse_selection
from kb.library import parse_article_slug
from webapp.extensions import fragments, services
from webapp.common.forms import ActionForm, FavouriteForm, NoteForm
from webapp.common.links import article_url
from webapp.common.params import date_arg, int_arg, statute_filter
from webapp.security import current_actor

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
bp = Blueprint("library", __name__, url_prefix="/laws")
bp.access = ROLE_STAFF
PER_PAGE = 50


@bp.get("")
def index():
    kb = services()
    where = statute_filter()
    page = kb.catalogue.statutes(where, int_arg("page", 1), PER_PAGE)
    chosen = {"level": where.level, "branch": where.branch, "q": where.title,
              "status": where.status, "region": where.region, "authority": where.authority}
    return render_template("library/index.html", levels=kb.catalogue.levels(), where=where,
                           page=page, facets=kb.catalogue.facets(where),
                           chosen={k: v for k, v in chosen.items() if v})


@bp.get("/<int:statute_id>")
def statute(statute_id: int):
    text = services().reader.whole_text(statute_id, int_arg("version"), date_arg())
    # Links from a version asked for name it; from the current one they follow the law.
    version_arg = text.version.id if request.args.get("version") or request.args.get("date") else None
    body = fragments().get((text.body.key, version_arg), lambda: render_template(
        "library/_statute_text.html", text=text, version_arg=version_arg))
    kb = services()
    return render_template("library/statute.html", text=text, body=body, form=ActionForm(),
                           following=kb.follows.is_following(current_actor(), statute_id),
                           history=kb.versions.history(statute_id))


@bp.get("/<int:statute_id>/download.docx")
def download(statute_id: int):
    text = services().reader.whole_text(statute_id, int_arg("version"), date_arg(),
                                           parse_selection(request.args.getlist("a")))
    name = f"{text.statute.short_title or text.statute.title}.docx"
    return send_file(io.BytesIO(statute_docx(text)), as_attachment=True, download_name=name,
                     mimetype=DOCX_TYPE)


@bp.get("/<int:statute_id>/articles/<slug>")
def article(statute_id: int, slug: str):
    kb = services()
    key = parse_article_slug(slug)
    view = kb.library.get_article(statute_id, key, date_arg(), int_arg("version"))
    actor = current_actor()
    marks = kb.bookmarks.marks(actor, statute_id, *key)
    return render_template(
        "library/article.html", view=view, marks=marks,
        timeline=kb.correspondence.timeline(statute_id, view.version.id, key, viewer=actor),
        neighbours=kb.library.adjacent(view.version.id, *key),
        linked=kb.outgoing.link_article(view, article_url),
        backlinks=kb.backlinks.backlinks(statute_id, key[0], article_suffix=key[1],
                                         version_id=view.version.id, viewer=actor),
        note_form=NoteForm(body=marks.note), favourite_form=FavouriteForm(on="0" if marks.favourite else "1"))


@bp.get("/<int:statute_id>/correspondence")
def correspondence(statute_id: int):
    kb = services()
    table = kb.correspondence.table(statute_id, int_arg("old"), int_arg("new"))
    body = fragments().get(("correspondence", table.key), lambda: render_template(
        "library/_correspondence_rows.html", table=table, rows=table_rows(table)))
    return render_template("library/correspondence.html", table=table, body=body,
                           versions=kb.library.versions(statute_id))


@bp.get("/<int:statute_id>/articles/<slug>/compare")
def compare(statute_id: int, slug: str):
    kb = services()
    comparison = kb.article_versions.compare(statute_id, slug, int_arg("left"), int_arg("right"),
                                             int_arg("at"))
    return render_template("library/compare.html", c=comparison,
                           versions=kb.library.versions(statute_id))


@bp.post("/<int:statute_id>/articles/<slug>/favourite")
def favourite(statute_id: int, slug: str):
    form = FavouriteForm().checked()
    number, suffix = parse_article_slug(slug)
    on = form.on.data == "1"
    services().bookmarks.set_favourite(current_actor(), statute_id, number, suffix, on)
    flash("已加入收藏。" if on else "已取消收藏。", "success")
    return redirect(form.next_url())


@bp.post("/<int:statute_id>/articles/<slug>/note")
def save_note(statute_id: int, slug: str):
    form = NoteForm().checked()
    number, suffix = parse_article_slug(slug)
    kept = services().bookmarks.save_note(current_actor(), statute_id, number, suffix,
                                             form.body.data or "")
    flash("笔记已保存。" if kept else "笔记已删除。", "success")
    return redirect(form.next_url() + "#note")
