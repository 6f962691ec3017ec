"""Where a reference to an article points on this site.

The domain renders text with references linked but builds no URLs itself: it calls the
`link_for` given here (kb.rendering).  A link names the version the reference resolved
to, so a 2015 case citing 审计法第三十四条 opens the article as it read in 2015.
"""
from __future__ import annotations

from flask import Flask, url_for

from kb.citations.linker import Citation
from kb.correspondence import version_year
from kb.reading import article_anchor
from kb.library import article_slug
from laws.numbering import format_numeral


def article_url(citation: Citation) -> str | None:
    """The article page of a resolved reference; None for an unresolved one."""
    if citation.statute_id is None or not citation.resolved:
        return None
    return url_for("library.article", statute_id=citation.statute_id,
                   slug=article_slug(citation.article_no, citation.article_suffix),
                   version=citation.version_id)


def citation_json(citation: Citation) -> dict:
    """A reference as the live preview and the API show it: where it points, and why not."""
    return {**citation.to_json(), "status_text": citation.status_text,
            "url": article_url(citation)}


def distinct_citations(citations) -> list[Citation]:
    """Each article once (a case citing 审计法第四十九条 five times lists it once), in order."""
    seen, kept = set(), []
    for citation in citations:
        key = (citation.statute_id or citation.law_title, citation.article_no,
               citation.article_suffix, citation.version_id, citation.status)
        if key not in seen:
            seen.add(key)
            kept.append(citation)
    return kept


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(article_url=article_url, article_slug=article_slug)
    app.jinja_env.filters["distinct_citations"] = distinct_citations
    app.jinja_env.filters["numeral"] = format_numeral
    app.jinja_env.filters["version_year"] = version_year
    app.jinja_env.filters["article_anchor"] = article_anchor
