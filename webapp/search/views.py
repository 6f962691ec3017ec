"""The search page: one box over statutes, cases and the finding guide, with the filters
of the search service, highlighted snippets, pagination and "did you mean"; a query that is
only a citation (预算法第93条) opens the article itself."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from accounts.user import ROLE_STAFF
from kb.find import SCOPES, check_scope
from kb.library import article_slug
from laws.model import LEVELS
from webapp.extensions import services
from webapp.common.params import MAX_QUERY, search_filters, search_page, text_arg

bp = Blueprint("search", __name__, url_prefix="/search")
bp.access = ROLE_STAFF
PER_PAGE = 10


@bp.get("")
def index():
    query = text_arg("q", MAX_QUERY)
    scope = check_scope(text_arg("scope", 20) or None)
    filters = search_filters()
    kb = services()
    result = None
    if query:
        result = kb.finder.find(query, scope, filters, search_page(), PER_PAGE)
        hits = result.response.hits
        if result.response.citation_only and request.args.get("jump") != "0" and hits:
            return redirect(url_for("library.article", statute_id=hits[0].law_id,
                                    slug=article_slug(hits[0].article_no, hits[0].article_suffix),
                                    version=hits[0].version_id, q=query))
    return render_template("search/index.html", query=query, scope=scope, scopes=SCOPES,
                           filters=filters, levels=LEVELS, result=result, max_query=MAX_QUERY,
                           indexed=kb.search.is_built(), index_status=kb.search.index_status())
