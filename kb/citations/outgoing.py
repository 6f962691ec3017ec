"""What a statute article cites, for showing its text with the references linked.

The references inside the statutes are found once for the whole library by
`CitationStore.link_library` (with the context a statute carries from article to article:
本法, 以下简称…), so an article page reads them back from the citations table instead of
scanning the text again: one indexed query, and the same answer the backlinks give.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import aliased

from kb.citations.linker import Citation
from kb.citations.models import SOURCE_ARTICLE, CitationRecord
from kb.library import ArticleView
from kb.models import KIND_ARTICLE, Statute, StatuteVersion, Unit
from kb.rendering import LinkFor, link_plain_text


@dataclass(frozen=True)
class LinkedItem:
    html: str
    subitems: tuple[str, ...]


@dataclass(frozen=True)
class LinkedParagraph:
    html: str
    items: tuple[LinkedItem, ...]


@dataclass(frozen=True)
class LinkedArticle:
    """An article's paragraphs, items and sub-items as safe HTML, references linked."""
    paragraphs: tuple[LinkedParagraph, ...]
    citations: tuple[Citation, ...]


# Built once (an article page reads both): building the correlated select and its cache
# key on every call cost more than running it.
_target = aliased(Unit)
_UNIT_OF_TARGET = (select(func.min(_target.id)).where(
    _target.version_id == CitationRecord.version_id, _target.kind == KIND_ARTICLE,
    _target.article_no == CitationRecord.article_no,
    _target.article_suffix == CitationRecord.article_suffix)
    .correlate(CitationRecord).scalar_subquery())
_ARTICLE_CITATIONS = (select(CitationRecord, Statute.title, Statute.short_title,
                             StatuteVersion.version_date, _UNIT_OF_TARGET)
                      .outerjoin(Statute, Statute.id == CitationRecord.statute_id)
                      .outerjoin(StatuteVersion, StatuteVersion.id == CitationRecord.version_id)
                      .where(CitationRecord.source_kind == SOURCE_ARTICLE,
                             CitationRecord.source_id == bindparam("unit_id"))
                      .order_by(CitationRecord.start))
_UNIT_TEXT = select(Unit.text).where(Unit.id == bindparam("unit_id"))


class OutgoingLinks:
    """Reads the stored references of statute articles.  Takes a session factory."""

    def __init__(self, sessions):
        self.sessions = sessions

    def article_citations(self, unit_id: int) -> list[Citation]:
        """The references in one article's text (its unit), in text order."""
        with self.sessions() as session:
            return [_citation(*row) for row in session.execute(_ARTICLE_CITATIONS, {"unit_id": unit_id})]

    def link_article(self, view: ArticleView, link_for: LinkFor | None) -> LinkedArticle:
        citations = self.article_citations(view.unit_id)
        with self.sessions() as session:
            text = session.scalar(_UNIT_TEXT, {"unit_id": view.unit_id}) or ""
        lines = iter(link_lines(text, citations, link_for))
        paragraphs = tuple(
            LinkedParagraph(next(lines) if paragraph.text else "",
                            tuple(LinkedItem(next(lines), tuple(next(lines) for _ in item.subitems))
                                  for item in paragraph.items))
            for paragraph in view.paragraphs)
        return LinkedArticle(paragraphs, tuple(citations))


def link_lines(text: str, citations: list[Citation], link_for: LinkFor | None) -> list[str]:
    """Each non-blank line of `text`, stripped, as HTML with the references inside it
    linked: the lines an article's paragraphs and items are rebuilt from."""
    out, offset = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = offset + line.index(stripped[0])
            end = start + len(stripped)
            inside = [_shifted(c, start) for c in citations if start <= c.start and c.end <= end]
            out.append(link_plain_text(stripped, inside, link_for))
        offset += len(line) + 1
    return out


def _shifted(citation: Citation, by: int) -> Citation:
    return replace(citation, start=citation.start - by, end=citation.end - by)


def _citation(record: CitationRecord, title: str | None, short: str | None, version_date,
              unit_id: int | None) -> Citation:
    return Citation(
        text=record.text, start=record.start, end=record.end, cited_name=record.cited_name,
        law_title=title or record.cited_name, short_title=short or record.cited_name,
        statute_id=record.statute_id, article_no=record.article_no,
        article_suffix=record.article_suffix,
        paragraphs=(record.paragraph,) if record.paragraph else (),
        items=(record.item,) if record.item else (), implied=record.implied,
        status=record.status, resolved=unit_id is not None and record.version_id is not None,
        version_id=record.version_id, version_date=version_date,
        exact_version=record.exact_version, unit_id=unit_id, version_year=record.version_year)
