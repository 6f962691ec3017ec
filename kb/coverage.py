"""What the library lacks (issue H, coverage report): the statutes the guide, the cases and
the questions cite that the library does not hold, grouped by the name as cited, with counts
— so an administrator sees what to add first — and the statutes held whose version in force
when a case was written is not.

Read from what is already stored: the citation records of cases and questions (kept
resolved by `python -m kb link` and every save) and the guide's basis articles (resolved
here against the library).  Citations between statutes are counted beside a name, not
listed on their own: the library's regulations cite hundreds of local rules nobody audits.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accounts.permissions import is_admin
from core.actor import Actor
from core.errors import PermissionDenied
from kb.cases.models import Case
from kb.citations.models import SOURCE_ARTICLE, SOURCE_CASE, SOURCE_QUESTION, CitationRecord
from kb.citations.names import normalise_name
from kb.citations.resolver import LibrarySnapshot
from kb.guide.models import GuideBasis, GuideEntry
from kb.models import Statute

SOURCE_GUIDE = "guide"
SOURCE_NAMES = {SOURCE_GUIDE: "定性指引", SOURCE_CASE: "案例", SOURCE_QUESTION: "试题"}
# Citing texts listed under each missing statute (the counts cover all of them).
MAX_EXAMPLES = 5


@dataclass(frozen=True)
class CitingText:
    kind: str           # guide / case / question
    key: str            # the guide entry's slug, the case's or the question's id
    label: str
    citation: str       # the reference as written


@dataclass(frozen=True)
class MissingStatute:
    name: str
    total: int                      # citations from the guide, cases and questions
    by_kind: dict[str, int]
    texts: int                      # distinct citing texts
    from_statutes: int              # citations from articles of the library's statutes
    examples: tuple[CitingText, ...]


@dataclass(frozen=True)
class MissingVersion:
    statute_id: int
    title: str
    citations: int
    earliest: dt.date | None        # the dates of the citing texts
    latest: dt.date | None


@dataclass(frozen=True)
class CoverageReport:
    statutes: tuple[MissingStatute, ...]
    versions: tuple[MissingVersion, ...]
    citations_checked: int


class CoverageService:
    def __init__(self, sessions):
        self.sessions = sessions

    def report(self, actor: Actor) -> CoverageReport:
        if not is_admin(actor):
            raise PermissionDenied("只有系统管理员可以查看法规库缺口")
        with self.sessions() as session:
            snapshot = LibrarySnapshot.load(session)
            counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
            texts: dict[str, set] = defaultdict(set)
            examples: dict[str, list[CitingText]] = defaultdict(list)
            shown: dict[str, str] = {}
            checked = 0
            for citing in self._records(session) + self._guide(session, snapshot):
                checked += 1
                if citing is None:
                    continue
                name, text = citing
                key = normalise_name(name)
                shown.setdefault(key, name)
                counts[key][text.kind] += 1
                if (text.kind, text.key) not in texts[key]:
                    texts[key].add((text.kind, text.key))
                    if len(examples[key]) < MAX_EXAMPLES:
                        examples[key].append(text)
            from_statutes = self._from_statutes(session, set(counts))
            statutes = sorted((MissingStatute(shown[k], sum(c.values()), dict(c), len(texts[k]),
                                              from_statutes.get(k, 0), tuple(examples[k]))
                               for k, c in counts.items()),
                              key=lambda m: (-m.texts, -m.total, m.name))
            return CoverageReport(tuple(statutes), tuple(self._versions(session)), checked)

    @staticmethod
    def _records(session: Session) -> list[tuple[str, CitingText] | None]:
        """Cases' and questions' citations: (name, citing text) when the statute is not held."""
        titles = dict(session.execute(select(Case.id, Case.title)).all())
        rows = session.execute(select(
            CitationRecord.source_kind, CitationRecord.source_id, CitationRecord.cited_name,
            CitationRecord.text, CitationRecord.statute_id).where(
            CitationRecord.source_kind.in_((SOURCE_CASE, SOURCE_QUESTION))).order_by(CitationRecord.id)).all()
        found = []
        for kind, source_id, name, text, statute_id in rows:
            if statute_id is not None or not name:
                found.append(None)
                continue
            label = titles.get(source_id, f"案例 {source_id}") if kind == SOURCE_CASE else f"试题 {source_id}"
            found.append((name, CitingText(kind, str(source_id), label, text)))
        return found

    @staticmethod
    def _guide(session: Session, snapshot: LibrarySnapshot) -> list[tuple[str, CitingText] | None]:
        rows = session.execute(select(GuideBasis.law, GuideBasis.article_no, GuideEntry.slug, GuideEntry.title)
                               .join(GuideEntry, GuideEntry.id == GuideBasis.entry_id)
                               .order_by(GuideEntry.position, GuideBasis.id)).all()
        found = []
        for law, article_no, slug, title in rows:
            if snapshot.statute_for(normalise_name(law)) is not None:
                found.append(None)
                continue
            found.append((law, CitingText(SOURCE_GUIDE, slug, title, f"《{law}》第{article_no}条")))
        return found

    @staticmethod
    def _from_statutes(session: Session, names: set[str]) -> dict[str, int]:
        if not names:
            return {}
        counts: dict[str, int] = defaultdict(int)
        for name, count in session.execute(
                select(CitationRecord.cited_name, func.count()).where(
                    CitationRecord.source_kind == SOURCE_ARTICLE, CitationRecord.statute_id.is_(None))
                .group_by(CitationRecord.cited_name)):
            key = normalise_name(name or "")
            if key in names:
                counts[key] += count
        return counts

    @staticmethod
    def _versions(session: Session) -> list[MissingVersion]:
        """Statutes held, cited by cases or questions at a date whose version is not held."""
        rows = session.execute(select(
            Statute.id, Statute.title, func.count(CitationRecord.id), func.min(CitationRecord.text_date),
            func.max(CitationRecord.text_date)).join(Statute, Statute.id == CitationRecord.statute_id).where(
            CitationRecord.source_kind.in_((SOURCE_CASE, SOURCE_QUESTION)),
            CitationRecord.version_absent.is_(True)).group_by(Statute.id, Statute.title)).all()
        missing = [MissingVersion(sid, title, count, earliest, latest)
                   for sid, title, count, earliest, latest in rows]
        return sorted(missing, key=lambda m: (-m.citations, m.title))
