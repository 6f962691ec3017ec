"""Import statute files into the library: one transaction for the whole import, idempotent.

The files are read and parsed first (the long part, with progress, nothing written yet),
then every document is stored in one write transaction, so a process killed in the middle
of an import (a worker's SIGKILL, a power cut) leaves the library as it was before the
import, and a finished one leaves all of it: never half.  On SQLite that transaction holds
the database's one writer while it runs (seconds for a few files, about 85 s for the whole
corpus, whose parsed documents take about 350 MB until written); on PostgreSQL others keep
writing.

A file whose bytes are unchanged since the last import is not even parsed.  A changed
file replaces the version it went into.  A second file with the same statute, date and
body (the corpus files some laws under two branches) is recorded as another source of
the same version.  Whatever goes wrong with one document is a warning (its savepoint is
rolled back); it never stops the import and never leaves half a statute behind.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from core.actor import Actor
from core.db import Database
from core.progress import ProgressCallback
from core.transactions import write_session
from kb.legal_time.apply import refresh_dates
from kb.legal_time.data import load_data
from kb.legal_time.rules import by_start
from kb.library_changes import record_import, record_initial_import
from kb.search.documents import statute_group
from kb.search.feed import record_search_change, record_search_changes
from kb.models import (KIND_ARTICLE, KIND_HEADING, KIND_PASSAGE, STATUS_AMENDED,
                       STATUS_CURRENT, STATUS_REPEALED, TASK_LINK, SourceFile, Statute,
                       StatuteAlias, StatuteVersion, Unit, mark_task)
from laws.corpus import CorpusError, find_sources, load_documents
from laws.model import Article, Heading, ParsedDocument, SourceWarning
from laws.parser import significant_chars
from laws.titles import normalise_title

# The progress line while every document is written in the one transaction.
WRITING = "写入数据库（一个事务，全部写入或全不写入）"
# Bump when the parser changes what it stores, so a re-import re-parses every file.
PARSER_REVISION = "2"  # 2: 施行日期 only where a text or header states it


@dataclass
class ImportSummary:
    files: int = 0
    documents: int = 0
    new_versions: int = 0
    updated_versions: int = 0
    unchanged: int = 0
    duplicates: int = 0
    skipped: int = 0
    articles: int = 0
    statutes_touched: set[int] = field(default_factory=set)
    warnings: list[SourceWarning] = field(default_factory=list)
    # Filled in at the end from the whole library.
    total_statutes: int = 0
    total_versions: int = 0
    total_articles: int = 0


def file_digest(data: bytes) -> str:
    return hashlib.sha256(PARSER_REVISION.encode() + b"\0" + data).hexdigest()


def body_signature(doc: ParsedDocument) -> str:
    """Hash of the document's text as stored (labels and text, whitespace ignored)."""
    digest = hashlib.sha256()
    for unit in doc.units:
        if isinstance(unit, Article):
            digest.update(significant_chars(unit.label + unit.text).encode())
        else:
            digest.update(significant_chars(unit.text).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def unit_rows(doc: ParsedDocument, version_id: int) -> list[dict]:
    rows = []
    for seq, unit in enumerate(doc.units):
        row = {"version_id": version_id, "seq": seq, "line": unit.line, "depth": None,
               "article_no": None, "article_suffix": 0, "passage_no": None, "label": "",
               "heading_path": []}
        if isinstance(unit, Heading):
            row.update(kind=KIND_HEADING, depth=unit.depth, text=unit.text)
        elif isinstance(unit, Article):
            row.update(kind=KIND_ARTICLE, article_no=unit.number, article_suffix=unit.suffix,
                       label=unit.label, heading_path=list(unit.heading_path), text=unit.text)
        else:
            row.update(kind=KIND_PASSAGE, passage_no=unit.number, label=unit.label,
                       heading_path=list(unit.heading_path), text=unit.text)
        rows.append(row)
    return rows


def events_json(doc: ParsedDocument) -> list[dict]:
    return [{"date": e.date.isoformat() if e.date else None, "kind": e.kind, "text": e.text}
            for e in doc.events]


class Importer:
    """Imports a folder or a file of statutes into a Database."""

    def __init__(self, db: Database, progress: ProgressCallback | None = None,
                 actor: Actor | None = None):
        self.db = db
        self.progress = progress or (lambda done, total, name: None)
        # Who imports, for the 法规动态 (None: the system).
        self.actor = actor
        # Into an empty library: one summary entry instead of one per statute.
        self.initial = False

    def import_path(self, path: Path) -> ImportSummary:
        files = find_sources(path)
        if not files:
            raise CorpusError(f"路径中没有法规文件（*.md）：{path}")
        summary = ImportSummary(files=len(files))
        with self.db.session() as session:
            known = dict(session.execute(select(SourceFile.path, SourceFile.sha256)).all())
            self.initial = session.scalar(select(Statute.id).limit(1)) is None
        digests: dict[str, str] = {}

        def unchanged(shown: str, data: bytes) -> bool:
            digests[shown] = file_digest(data)
            return known.get(shown) == digests[shown]

        documents = []
        done = 0
        for loaded in load_documents(path, unchanged=unchanged):
            done += loaded.files
            self.progress(done, len(files), loaded.name)
            summary.warnings.extend(loaded.warnings)
            if loaded.unchanged:
                summary.unchanged += 1
            elif loaded.document is None:
                summary.skipped += 1
            else:
                summary.documents += 1
                documents.append(loaded.document)
        if documents or self.initial:
            self.progress(done, len(files), WRITING)
            self._store_all(documents, digests, summary)
        self._totals(summary)
        return summary

    def _store_all(self, documents: list[ParsedDocument], digests: dict[str, str],
                   summary: ImportSummary) -> None:
        """Every parsed document, then the dates, statuses and 法规动态, in one transaction."""
        with write_session(self.db.session) as session:
            for doc in documents:
                self._store(session, doc, digests, summary)
            _refresh(session, summary.statutes_touched)
            # One feed row per statute stored or refreshed, in the import's transaction.
            record_search_changes(session, map(statute_group, summary.statutes_touched))
            if self.initial and summary.statutes_touched:
                record_initial_import(session, len(summary.statutes_touched),
                                      summary.new_versions)

    def _store(self, session: Session, doc: ParsedDocument, digests: dict[str, str],
               summary: ImportSummary) -> None:
        summary.warnings.extend(doc.warnings)
        try:
            with session.begin_nested():
                statute_id, outcome = store_document(session, doc, digests)
                if outcome != "duplicate":
                    mark_task(session, TASK_LINK)
                if not self.initial:
                    record_import(session, statute_id, doc.sources, outcome, self.actor)
        except SQLAlchemyError as error:
            summary.skipped += 1
            summary.warnings.append(SourceWarning(doc.path, None, f"写入数据库失败，已回滚：{error.__class__.__name__}"))
            return
        session.expunge_all()  # the import holds no ORM rows beyond the document at hand
        _count(summary, doc, statute_id, outcome)

    def import_document(self, doc: ParsedDocument, digests: dict[str, str]) -> ImportSummary:
        """Store one document read from an uploaded file (kb.intake) in one transaction,
        dates and statuses refreshed in the same one: it is all there or not at all."""
        summary = ImportSummary(files=1, documents=1, warnings=list(doc.warnings))
        with self.db.session() as session, session.begin():
            statute_id, outcome = store_document(session, doc, digests)
            if outcome != "duplicate":
                mark_task(session, TASK_LINK)
            _refresh(session, {statute_id})
            record_search_change(session, statute_group(statute_id))
            record_import(session, statute_id, doc.sources, outcome, self.actor)
        _count(summary, doc, statute_id, outcome)
        self._totals(summary)
        return summary

    def _totals(self, summary: ImportSummary) -> None:
        with self.db.session() as session:
            from kb.library import library_counts
            counts = library_counts(session)
        summary.total_statutes, summary.total_versions, summary.total_articles = counts


def _count(summary: ImportSummary, doc: ParsedDocument, statute_id: int, outcome: str) -> None:
    summary.statutes_touched.add(statute_id)
    if outcome == "new":
        summary.new_versions += 1
    elif outcome == "updated":
        summary.updated_versions += 1
    else:
        summary.duplicates += 1
    if outcome != "duplicate":
        summary.articles += len(doc.articles)


def _refresh(session: Session, statute_ids: set[int]) -> None:
    refresh_dates(session, load_data(), statute_ids)
    for statute_id in statute_ids:
        refresh_statuses(session, statute_id)
    infer_branches(session)


def store_document(session: Session, doc: ParsedDocument,
                   digests: dict[str, str]) -> tuple[int, str]:
    """Store one parsed document; returns (statute id, "new" | "updated" | "duplicate")."""
    statute = _statute_for(session, doc)
    signature = body_signature(doc)
    version = session.scalars(
        select(StatuteVersion).join(SourceFile).where(SourceFile.path.in_(doc.sources))).first()
    outcome = "updated"
    if version is None:
        same_date = session.scalars(select(StatuteVersion).where(
            StatuteVersion.statute_id == statute.id,
            StatuteVersion.version_date.is_(None) if doc.version_date is None
            else StatuteVersion.version_date == doc.version_date)).all()
        version = next((v for v in same_date if v.content_hash == signature), None)
        if version is not None:
            _attach_duplicate(session, version, doc, digests)
            return statute.id, "duplicate"
        if same_date:
            doc.warnings.append(SourceWarning(doc.path, None, f"与已导入的 {same_date[0].source_path} 版本日期相同但正文不同，另存为一个版本"))
        version = StatuteVersion(statute=statute, source_path=doc.path)
        session.add(version)
        outcome = "new"
    version.version_date = doc.version_date
    version.promulgated = doc.promulgated
    version.effective_date = doc.effective_date
    version.effective_source = doc.effective_source
    version.effective_note = None
    version.content_hash = signature
    version.header_lines = doc.header_lines
    version.events = events_json(doc)
    version.part_titles = doc.part_titles
    version.warnings = [str(w) for w in doc.warnings]
    version.article_count = len(doc.articles)
    session.flush()
    session.execute(delete(Unit).where(Unit.version_id == version.id))
    session.execute(delete(SourceFile).where(SourceFile.version_id == version.id))
    session.execute(delete(SourceFile).where(SourceFile.path.in_(doc.sources)))
    rows = unit_rows(doc, version.id)
    if rows:
        session.execute(insert(Unit), rows)
    session.execute(insert(SourceFile), [
        {"path": p, "sha256": digests.get(p, ""), "version_id": version.id} for p in doc.sources])
    return statute.id, outcome


def _attach_duplicate(session: Session, version: StatuteVersion, doc: ParsedDocument,
                      digests: dict[str, str]) -> None:
    """Record another file of an already stored version; keep header lines it adds."""
    known = {significant_chars(line) for line in version.header_lines}
    extra = [line for line in doc.header_lines if significant_chars(line) not in known]
    if extra:
        version.header_lines = version.header_lines + extra
    session.execute(delete(SourceFile).where(SourceFile.path.in_(doc.sources)))
    session.execute(insert(SourceFile), [
        {"path": p, "sha256": digests.get(p, ""), "version_id": version.id} for p in doc.sources])


def _statute_for(session: Session, doc: ParsedDocument) -> Statute:
    key = normalise_title(doc.title)
    statute = session.scalars(select(Statute).where(Statute.key == key)).first()
    if statute is None:
        statute = Statute(key=key, title=doc.title, short_title=doc.short_title, level=doc.level,
                          branch=doc.branch, region=doc.region, authority=doc.authority)
        session.add(statute)
        session.flush()
    elif statute.branch is None and doc.branch:
        statute.branch = doc.branch
    have = set(session.scalars(select(StatuteAlias.alias).where(StatuteAlias.statute_id == statute.id)))
    for alias in doc.aliases:
        if alias not in have:
            session.add(StatuteAlias(statute_id=statute.id, alias=alias))
            have.add(alias)
    return statute


def refresh_statuses(session: Session, statute_id: int) -> None:
    """The version that took effect last is 现行有效, older ones 已修改 (all 已废止 once
    repealed).  The stored status serves search's "current versions" filter; pages
    compute the status on a date (尚未施行 too) with kb.legal_time.rules."""
    statute = session.get(Statute, statute_id)
    versions = by_start(statute.versions)
    for i, version in enumerate(versions):
        if statute.repealed_on:
            version.status = STATUS_REPEALED
        else:
            version.status = STATUS_CURRENT if i == len(versions) - 1 else STATUS_AMENDED


_BOOK_TITLE = re.compile(r"《([^》]{2,60})》")


def infer_branches(session: Session) -> None:
    """Give regulations, interpretations and rules the legal branch of the law they implement:
    the law named in their title, else the first law their first article cites."""
    laws = {s.short_title: s.branch for s in session.scalars(
        select(Statute).where(Statute.level == "法律", Statute.branch.is_not(None)))}
    if not laws:
        return
    names = sorted(laws, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(n) for n in names))
    # The first article of each such statute's newest version with articles, in one query.
    ranked = (select(StatuteVersion.statute_id, Unit.text, func.row_number().over(
        partition_by=StatuteVersion.statute_id, order_by=(Unit.version_id.desc(), Unit.seq)).label("n"))
        .join(StatuteVersion, Unit.version_id == StatuteVersion.id)
        .join(Statute, Statute.id == StatuteVersion.statute_id)
        .where(Statute.branch.is_(None), Unit.kind == KIND_ARTICLE).subquery())
    firsts = dict(session.execute(select(ranked.c.statute_id, ranked.c.text).where(ranked.c.n == 1)).all())
    for statute in session.scalars(select(Statute).where(Statute.branch.is_(None))):
        match = pattern.search(statute.title.replace("中华人民共和国", ""))
        if match is None:
            cited = " ".join(_BOOK_TITLE.findall(firsts.get(statute.id) or "")).replace("中华人民共和国", "")
            match = pattern.search(cited)
        if match:
            statute.branch = laws[match.group(0)]
