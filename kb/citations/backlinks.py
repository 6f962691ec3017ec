"""Backlinks: what cites an article — cases, questions and other statute articles.

Read from the citations table (`kb.citations.store`).  Draft cases are listed only to
editors; questions are returned as ids for the quiz layer to describe.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import bindparam, select

from kb.cases.kinds import COURT_CASE_TYPE, CaseKindMixin
from kb.cases.models import STATUS_PUBLISHED, AuditType, Case
from kb.citations.models import SOURCE_ARTICLE, SOURCE_CASE, SOURCE_QUESTION, CitationRecord
from kb.models import Statute, StatuteVersion
from accounts.permissions import is_manager
from core.actor import Actor
from laws.numbering import format_article_label


@dataclass(frozen=True)
class CitingCase(CaseKindMixin):
    case_id: int
    uid: str
    title: str
    status: str
    text: str
    exact_version: bool
    audit_type: str


@dataclass(frozen=True)
class CitingQuestion:
    question_id: int
    text: str
    exact_version: bool


@dataclass(frozen=True)
class CitingArticle:
    statute_id: int
    law_title: str
    short_title: str
    version_id: int
    version_date: dt.date | None
    article_no: int
    article_suffix: int
    text: str
    exact_version: bool
    # True when an article cites another article of its own statute.
    same_statute: bool

    @property
    def article_label(self) -> str:
        return format_article_label(self.article_no, self.article_suffix)


@dataclass(frozen=True)
class Backlinks:
    statute_id: int
    article_no: int
    article_suffix: int
    cases: tuple[CitingCase, ...]
    questions: tuple[CitingQuestion, ...]
    articles: tuple[CitingArticle, ...]

    @property
    def total(self) -> int:
        return len(self.cases) + len(self.questions) + len(self.articles)

    def to_json(self) -> dict:
        return {"law_id": self.statute_id, "article_no": self.article_no,
                "article_suffix": self.article_suffix, "total": self.total,
                "cases": [{"id": c.case_id, "uid": c.uid, "title": c.title, "kind": c.kind,
                           "status": c.status,
                           "text": c.text, "exact_version": c.exact_version}
                          for c in self.cases],
                "questions": [{"id": q.question_id, "text": q.text,
                               "exact_version": q.exact_version} for q in self.questions],
                "articles": [{"law_id": a.statute_id, "law_title": a.law_title,
                              "short_title": a.short_title, "version_id": a.version_id,
                              "version_date": a.version_date.isoformat() if a.version_date else None,
                              "article_no": a.article_no, "article_suffix": a.article_suffix,
                              "article_label": a.article_label, "text": a.text,
                              "exact_version": a.exact_version, "same_statute": a.same_statute}
                             for a in self.articles]}


def _statements(version: bool, drafts: bool) -> tuple:
    """(cases, questions, articles) citing the article :statute_id :article_no :suffix,
    and with `version` only of the stored version :version_id."""
    target = [CitationRecord.statute_id == bindparam("statute_id"),
              CitationRecord.article_no == bindparam("article_no"),
              CitationRecord.article_suffix == bindparam("suffix")]
    if version:
        # A reference to a text the library lacks (the 2006 审计法 §34, cited by the 2010
        # regulation) is no backlink of the stored version with that number.
        target += [CitationRecord.version_id == bindparam("version_id"),
                   CitationRecord.version_absent.is_(False)]
    cases = (select(Case.id, Case.uid, Case.title, Case.status, CitationRecord.text,
                    CitationRecord.exact_version, AuditType.name)
             .join(Case, Case.id == CitationRecord.source_id)
             .join(AuditType, AuditType.id == Case.audit_type_id)
             .where(*target, CitationRecord.source_kind == SOURCE_CASE)
             # The bureau's own cases before court rulings.
             .order_by(AuditType.name == COURT_CASE_TYPE, Case.case_date.desc(), Case.id))
    if not drafts:
        cases = cases.where(Case.status == STATUS_PUBLISHED)
    questions = (select(CitationRecord.source_id, CitationRecord.text, CitationRecord.exact_version)
                 .where(*target, CitationRecord.source_kind == SOURCE_QUESTION)
                 .order_by(CitationRecord.source_id))
    articles = (select(Statute.id, Statute.title, Statute.short_title, StatuteVersion.id,
                       StatuteVersion.version_date, CitationRecord.source_article_no,
                       CitationRecord.source_article_suffix, CitationRecord.text,
                       CitationRecord.exact_version)
                .join(Statute, Statute.id == CitationRecord.source_statute_id)
                .join(StatuteVersion, StatuteVersion.id == CitationRecord.source_version_id)
                .where(*target, CitationRecord.source_kind == SOURCE_ARTICLE)
                .order_by(Statute.id, StatuteVersion.version_date.desc(),
                          CitationRecord.source_article_no))
    return cases, questions, articles


# Built once (every article page reads backlinks): (of one version?, with drafts?) → statements.
_STATEMENTS = {(version, drafts): _statements(version, drafts)
               for version in (False, True) for drafts in (False, True)}
_VERSIONS_OF = select(StatuteVersion.statute_id, StatuteVersion.id, StatuteVersion.version_date) \
    .where(StatuteVersion.statute_id.in_(bindparam("statute_ids", expanding=True)))


class BacklinkQuery:
    """Reads backlinks.  Takes a session factory."""

    def __init__(self, sessions):
        self.sessions = sessions

    def backlinks(self, statute_id: int, article_no: int, *, article_suffix: int = 0,
                  version_id: int | None = None, viewer: Actor | None = None,
                  current_sources_only: bool = True) -> Backlinks:
        """Everything citing the article (of one version, or of any version when None).

        With `current_sources_only`, statute articles are taken from the newest version
        of each citing statute, so one provision amended three times is listed once."""
        editor = is_manager(viewer)
        cases, questions, articles = _STATEMENTS[(version_id is not None, editor)]
        target = {"statute_id": statute_id, "article_no": article_no, "suffix": article_suffix}
        if version_id is not None:
            target["version_id"] = version_id
        with self.sessions() as session:
            case_rows = session.execute(cases, target).all()
            question_rows = session.execute(questions, target).all()
            article_rows = session.execute(articles, target).all()
            if current_sources_only and article_rows:
                newest = _newest_versions(session, {row[0] for row in article_rows})
                article_rows = [row for row in article_rows if newest.get(row[0]) == row[3]]
        # Which article a question rests on is part of its 解析: others learn only that
        # questions cite the article, never their words.
        return Backlinks(statute_id, article_no, article_suffix,
                         tuple(CitingCase(*row) for row in _first_per(case_rows)),
                         tuple(CitingQuestion(q, text if editor else "", exact)
                               for q, text, exact in _first_per(question_rows)),
                         tuple(_citing_articles(article_rows, statute_id)))


def _citing_articles(rows, statute_id: int) -> list[CitingArticle]:
    """One per citing article (version, number, suffix), in the rows' order."""
    seen, found = set(), []
    for row in rows:
        key = (row[3], row[5], row[6])
        if key not in seen:
            seen.add(key)
            found.append(CitingArticle(*row, same_statute=row[0] == statute_id))
    return found


def _newest_versions(session, statute_ids: set[int]) -> dict[int, int]:
    """Statute id → id of its newest version (by date, undated versions oldest)."""
    newest: dict[int, tuple] = {}
    for statute_id, version_id, when in session.execute(
            _VERSIONS_OF, {"statute_ids": sorted(statute_ids)}):
        key = (when is not None, when or dt.date.min, version_id)
        if statute_id not in newest or key > newest[statute_id]:
            newest[statute_id] = key
    return {statute_id: key[2] for statute_id, key in newest.items()}


def _first_per(rows) -> list:
    """One row per source (a case citing an article twice is listed once)."""
    seen, kept = set(), []
    for row in rows:
        if row[0] not in seen:
            seen.add(row[0])
            kept.append(row)
    return kept
