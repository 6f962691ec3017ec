"""The citations table: what cites what, kept for backlinks (an article page lists the
cases, questions and statute articles that cite it).

Cases and questions record their references on every save (`record`); the references
inside the statutes themselves are computed for the whole library at once (`link_library`,
run by `python -m kb link` and after `python -m kb import`), or after one statute's intake
for only what it can change (`link_statutes`, the same rows in a fraction of the time).
Rows keep the reference as written, so a later link run re-resolves them against a
changed library.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Iterable

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session

from kb.citations.finder import Reference, ReferenceFinder, ScanContext
from kb.citations.linker import Citation, CitationLinker, make_citation
from kb.citations.models import SOURCE_ARTICLE, SOURCE_KINDS, CitationRecord, StatuteRepeal
from kb.citations.names import normalise_name
from kb.citations.repeals import decision_repeals, repeal_clauses
from kb.citations.resolver import LibrarySnapshot, names_reaching, resolve
from core.errors import InvalidInput
from core.progress import ProgressCallback
from kb.legal_time.apply import REPEAL_CLAUSE, REPEAL_DECISION, apply_repeals, data_repeal_rows
from kb.legal_time.data import load_data
from kb.models import (KIND_ARTICLE, KIND_PASSAGE, TASK_LINK, LibraryTask, Statute, StatuteVersion,
                       Unit)

_BATCH = 5000
# Ids or names per IN (…) list, well below any database's limit on bound parameters.
_IN_CHUNK = 500
# What normalise_name drops or rewrites inside a name: a text holds a name's key only as
# the pieces between these (and with its whitespace removed).
_NAME_BREAKS = re.compile(r"[《》〈〉<>＜＞（）()“”\"'‘’]")
_TEXT_SPACES = (" ", "\u3000", "\n", "\r", "\t", "\xa0")


@dataclass
class LinkSummary:
    versions: int = 0
    articles: int = 0
    citations: int = 0
    unresolved: int = 0
    repeals: int = 0
    rechecked: int = 0
    unresolved_names: dict[str, int] = field(default_factory=dict)


def citation_row(citation: Citation, source_kind: str, source_id: int,
                 text_date: dt.date | None, **source) -> dict:
    return {
        "source_kind": source_kind, "source_id": source_id,
        "source_statute_id": source.get("statute_id"),
        "source_version_id": source.get("version_id"),
        "source_article_no": source.get("article_no"),
        "source_article_suffix": source.get("article_suffix", 0),
        "start": citation.start, "end": citation.end, "text": citation.text[:400],
        "cited_name": (citation.cited_name or citation.short_title)[:300],
        "article_no": citation.article_no, "article_suffix": citation.article_suffix,
        "paragraph": citation.paragraph, "item": citation.item, "implied": citation.implied,
        "version_year": citation.version_year, "text_date": text_date,
        "statute_id": citation.statute_id, "version_id": citation.version_id,
        "status": citation.status, "exact_version": citation.exact_version,
        "version_absent": citation.version_absent,
    }


def amended_statute(title: str) -> str | None:
    """The statute an amendment amends (中华人民共和国刑法修正案（十一） → 刑法), else None."""
    if "修正案" not in title:
        return None
    return normalise_name(title.split("修正案")[0]) or None


class CitationStore:
    """Writes the citations table.  Takes a session factory and the linker."""

    def __init__(self, sessions, linker: CitationLinker):
        self.sessions = sessions
        self.linker = linker

    # -- cases and questions ---------------------------------------------------------
    def record(self, session: Session, source_kind: str, source_id: int,
               citations: Iterable[Citation], text_date: dt.date | None) -> None:
        """Replace the stored references of one source, inside the caller's transaction."""
        if source_kind not in SOURCE_KINDS or source_kind == SOURCE_ARTICLE:
            raise InvalidInput(f"不支持的引用来源类型：{source_kind}")
        session.execute(delete(CitationRecord).where(CitationRecord.source_kind == source_kind,
                                                     CitationRecord.source_id == source_id))
        rows = [citation_row(c, source_kind, source_id, text_date) for c in citations]
        if rows:
            session.execute(insert(CitationRecord), rows)

    def record_text(self, source_kind: str, source_id: int, text: str,
                    on: dt.date | None = None) -> list[Citation]:
        """Find, resolve and store the references of a text (a question's explanation)."""
        citations = self.linker.cite(text, on)
        with self.sessions() as session, session.begin():
            self.record(session, source_kind, source_id, citations, on)
        return citations

    def forget(self, session: Session, source_kind: str, source_id: int) -> None:
        session.execute(delete(CitationRecord).where(CitationRecord.source_kind == source_kind,
                                                     CitationRecord.source_id == source_id))

    # -- the whole library -----------------------------------------------------------
    def is_library_linked(self) -> bool:
        """Whether the references inside the statutes have been computed (a library
        imported without a link run has none, and its article pages no links)."""
        with self.sessions() as session:
            return session.scalars(select(CitationRecord.id).where(
                CitationRecord.source_kind == SOURCE_ARTICLE).limit(1)).first() is not None

    def is_link_pending(self) -> bool:
        """Whether an import changed statutes and no link has completed since (a run
        killed while linking leaves this set; the next import run finishes the link)."""
        with self.sessions() as session:
            return session.get(LibraryTask, TASK_LINK) is not None

    def link_library(self, progress: ProgressCallback | None = None) -> LinkSummary:
        """Recompute repeals and the references inside every statute, then re-resolve
        the stored references of cases and questions; clears the import's link mark in
        the transaction that stores the result."""
        progress = progress or (lambda done, total, name: None)
        summary = LinkSummary()
        with self.sessions() as session:
            mark = session.get(LibraryTask, TASK_LINK)
            generation = mark.generation if mark else None
        with self.sessions() as session, session.begin():
            summary.repeals = self._rebuild_repeals(session)
        snapshot = self.linker.snapshot(refresh=True)
        with self.sessions() as session:
            snapshot.preload_articles(session)
            rows = self._statute_rows(session, snapshot, summary, progress)
        with self.sessions() as session, session.begin():
            session.execute(delete(CitationRecord).where(
                CitationRecord.source_kind == SOURCE_ARTICLE))
            for i in range(0, len(rows), _BATCH):
                session.execute(insert(CitationRecord), rows[i:i + _BATCH])
            summary.rechecked = self._reresolve_others(session, snapshot)
            if generation is not None:
                session.execute(delete(LibraryTask).where(LibraryTask.name == TASK_LINK,
                                                          LibraryTask.generation == generation))
        return summary

    def link_statutes(self, statute_ids: Iterable[int], before: LibrarySnapshot,
                      progress: ProgressCallback | None = None) -> LinkSummary:
        """After an import changed these statutes, bring repeals and citations to what
        `link_library` would make of the library, redoing only what the change can reach.

        `before` is the linker's snapshot from before the import (its names).  Redone: the
        repeal clauses of the statutes changed, and the repeal of every statute they (used
        to) repeal; every version of the statutes changed; every other version that holds
        a reference by a name of a statute changed or newly repealed, or whose text holds a
        name the library newly knows (or no longer knows), found through the citations
        table and one text scan; the references of cases and questions by those names."""
        progress = progress or (lambda done, total, name: None)
        touched = set(statute_ids)
        summary = LinkSummary()
        with self.sessions() as session:
            mark = session.get(LibraryTask, TASK_LINK)
            generation = mark.generation if mark else None
        with self.sessions() as session, session.begin():
            repealed, affected = self._relink_repeals(session, touched, summary)
        snapshot = self.linker.snapshot(refresh=True)
        changed_keys = before.names.keys() ^ snapshot.names.keys()
        names = names_reaching(before.names.keys_of(affected) | snapshot.names.keys_of(affected)
                               | repealed | changed_keys)
        with self.sessions() as session:
            versions = self._versions_to_relink(session, snapshot, touched, affected, names,
                                                changed_keys)
            rows = self._version_rows(session, snapshot, versions, summary, progress)
        with self.sessions() as session, session.begin():
            for chunk in _chunks([v for v, _ in versions]):
                session.execute(delete(CitationRecord).where(
                    CitationRecord.source_kind == SOURCE_ARTICLE,
                    CitationRecord.source_version_id.in_(chunk)))
            for i in range(0, len(rows), _BATCH):
                session.execute(insert(CitationRecord), rows[i:i + _BATCH])
            summary.rechecked = self._reresolve_others(session, snapshot, names, affected)
            if generation is not None:
                session.execute(delete(LibraryTask).where(LibraryTask.name == TASK_LINK,
                                                          LibraryTask.generation == generation))
        return summary

    def _relink_repeals(self, session: Session, touched: set[int],
                        summary: LinkSummary) -> tuple[set[str], set[int]]:
        """The repeal clauses of the statutes changed found again; each statute whose
        repeal that can change (theirs, and those named in their old or new clauses)
        re-derived, and each statute still carrying a repeal by one of them.  Returns (the
        names repealed before or now, the statutes re-derived)."""
        ids = list(touched)
        mine = (StatuteRepeal.by_statute_id.in_(ids),
                StatuteRepeal.source.in_((REPEAL_CLAUSE, REPEAL_DECISION)))
        names = set(session.scalars(select(StatuteRepeal.name).where(*mine)))
        session.execute(delete(StatuteRepeal).where(*mine))
        rows = _found_repeals(session, ids)
        if rows:
            session.execute(insert(StatuteRepeal), rows)
        summary.repeals = len(rows)
        names |= {row["name"] for row in rows}
        # A withdrawn version's repeal rows went with it (ON DELETE CASCADE): the statutes
        # its clause repealed are found by the repeal they still carry.
        titles = set(session.scalars(select(Statute.title).where(Statute.id.in_(ids))))
        affected = touched | {statute_id for statute_id, title, repealed_by in session.execute(
            select(Statute.id, Statute.title, Statute.repealed_by))
            if normalise_name(title) in names or repealed_by in titles}
        apply_repeals(session, affected)
        return names, affected

    def _versions_to_relink(self, session: Session, snapshot: LibrarySnapshot, touched: set[int],
                            affected: set[int], names: set[str],
                            changed_keys: set[str]) -> list[tuple[int, int]]:
        """(version id, statute id) of every version whose references can have changed."""
        found = {(v.id, statute_id) for statute_id in touched
                 if statute_id in snapshot.statutes for v in snapshot.statutes[statute_id].versions}
        article = CitationRecord.source_kind == SOURCE_ARTICLE
        pairs = select(CitationRecord.source_version_id, CitationRecord.source_statute_id).distinct()
        for chunk in _chunks(sorted(names)):
            found.update(session.execute(pairs.where(article, CitationRecord.cited_name.in_(chunk))))
        for chunk in _chunks(sorted(affected)):
            found.update(session.execute(pairs.where(article, CitationRecord.statute_id.in_(chunk))))
        probes = {_probe(key) for key in changed_keys} - {""}
        if probes:
            text = Unit.text
            for space in _TEXT_SPACES:
                text = func.replace(text, space, "")
            found.update(session.execute(
                select(Unit.version_id, StatuteVersion.statute_id).distinct()
                .join(StatuteVersion, Unit.version_id == StatuteVersion.id)
                .where(Unit.kind == KIND_ARTICLE,
                       or_(*(text.contains(probe, autoescape=True) for probe in sorted(probes))))))
        return sorted(found)

    def _rebuild_repeals(self, session: Session) -> int:
        """Repeal clauses and 关于废止 decisions of the library, the shipped data file's
        repeals; then each statute's repeal (kb.legal_time.apply)."""
        session.execute(delete(StatuteRepeal))
        rows = data_repeal_rows(load_data()) + _found_repeals(session)
        if rows:
            session.execute(insert(StatuteRepeal), rows)
        apply_repeals(session)
        return len(rows)

    def _statute_rows(self, session: Session, snapshot: LibrarySnapshot, summary: LinkSummary,
                      progress: ProgressCallback) -> list[dict]:
        versions = session.execute(select(StatuteVersion.id, StatuteVersion.statute_id)
                                   .order_by(StatuteVersion.id)).all()
        return self._version_rows(session, snapshot, versions, summary, progress)

    def _version_rows(self, session: Session, snapshot: LibrarySnapshot, versions,
                      summary: LinkSummary, progress: ProgressCallback) -> list[dict]:
        """The references inside these statute versions ((version id, statute id) pairs),
        each version read in article order: 以下简称… carries from article to article."""
        finder = ReferenceFinder(snapshot.names)
        rows: list[dict] = []
        for done, (version_id, statute_id) in enumerate(versions, 1):
            statute = snapshot.statutes[statute_id]
            version = next(v for v in statute.versions if v.id == version_id)
            context = ScanContext(in_statute=True, amends=amended_statute(statute.title))
            units = session.execute(select(Unit.id, Unit.article_no, Unit.article_suffix, Unit.text)
                                    .where(Unit.version_id == version_id,
                                           Unit.kind == KIND_ARTICLE).order_by(Unit.seq))
            for unit_id, number, suffix, text in units:
                summary.articles += 1
                source = {"statute_id": statute_id, "version_id": version_id,
                          "article_no": number, "article_suffix": suffix}
                for ref in finder.find(text, context):
                    rows.append(self._statute_row(snapshot, ref, statute, version, unit_id,
                                                  source, summary))
            summary.versions += 1
            if done % 50 == 0 or done == len(versions):
                progress(done, len(versions), statute.short_title)
        return rows

    @staticmethod
    def _statute_row(snapshot, ref: Reference, statute, version, unit_id, source,
                     summary: LinkSummary) -> dict:
        on = version.in_force_from
        citation = make_citation(ref, resolve(snapshot, ref, on, (statute, version)), on)
        summary.citations += 1
        if not citation.resolved:
            summary.unresolved += 1
            key = citation.law_title
            summary.unresolved_names[key] = summary.unresolved_names.get(key, 0) + 1
        row = citation_row(citation, SOURCE_ARTICLE, unit_id, on, **source)
        if ref.own:
            row["cited_name"] = normalise_name(statute.title)[:300]
        return row

    def _reresolve_others(self, session: Session, snapshot: LibrarySnapshot,
                          names: set[str] | None = None, statute_ids: set[int] | None = None) -> int:
        """Re-resolve the references of cases and questions: all of them, or those by one
        of `names` or resolved to one of `statute_ids`."""
        others = select(CitationRecord).where(CitationRecord.source_kind != SOURCE_ARTICLE)
        if names is None:
            records = session.scalars(others).all()
        else:
            found = {}
            for chunk in _chunks(sorted(names)):
                found.update((r.id, r) for r in session.scalars(
                    others.where(CitationRecord.cited_name.in_(chunk))))
            for chunk in _chunks(sorted(statute_ids or ())):
                found.update((r.id, r) for r in session.scalars(
                    others.where(CitationRecord.statute_id.in_(chunk))))
            records = list(found.values())
        for record in records:
            ref = Reference(record.start, record.end, record.text, record.cited_name, False,
                            record.article_no, record.article_suffix,
                            version_year=record.version_year)
            # As `record` stores it (an unknown statute's reference is no exact version).
            citation = make_citation(ref, resolve(snapshot, ref, record.text_date), record.text_date)
            record.statute_id, record.version_id = citation.statute_id, citation.version_id
            record.status, record.exact_version = citation.status, citation.exact_version
            record.version_absent = citation.version_absent
        return len(records)


def _found_repeals(session: Session, statute_ids: list[int] | None = None) -> list[dict]:
    """Rows of the repeal clauses and 关于废止 decisions in the library (or in these statutes)."""
    query = (select(Unit.text, Unit.article_no, StatuteVersion.id, StatuteVersion.statute_id,
                    StatuteVersion.effective_date, StatuteVersion.promulgated,
                    StatuteVersion.version_date, Statute.title)
             .join(StatuteVersion, Unit.version_id == StatuteVersion.id)
             .join(Statute, Statute.id == StatuteVersion.statute_id)
             .where(Unit.text.contains("废止"), (Unit.kind == KIND_ARTICLE)
                    | (Statute.title.contains("关于废止") & (Unit.kind == KIND_PASSAGE))))
    if statute_ids is not None:
        query = query.where(StatuteVersion.statute_id.in_(statute_ids))
    rows = []
    for text, number, version_id, statute_id, effective, promulgated, dated, title in session.execute(query):
        on = effective or promulgated or dated
        if number is None:
            clauses, source = decision_repeals([text], on), REPEAL_DECISION
        else:
            clauses, source = repeal_clauses(text, on, normalise_name(title)), REPEAL_CLAUSE
        for clause in clauses:
            rows.append({"name": clause.name, "title": clause.title[:300],
                         "repealed_on": clause.repealed_on, "by_statute_id": statute_id,
                         "by_version_id": version_id, "by_article_no": number,
                         "source": source, "by_title": None, "note": None})
    return rows


def _probe(key: str) -> str:
    """The longest piece of a name's key that any text writing the name contains verbatim
    (whitespace aside): between the brackets and quotes normalise_name rewrites."""
    return max(_NAME_BREAKS.split(key), key=len)


def _chunks(items: list) -> Iterable[list]:
    for i in range(0, len(items), _IN_CHUNK):
        yield items[i:i + _IN_CHUNK]
