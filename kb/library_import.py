"""Importing statutes as one operation: the import itself, then what depends on the
statutes — the references relinked (new statutes change what citations in the library,
cases and questions resolve to; after one statute's intake only what it can change) and
the search index refreshed for the statutes touched.

The command line, the browser's import job and the demo all import through here, so the
follow-up work is written once.  Callers see progress per phase: `progress(title)` gives
the (done, total, name) callback of the phase called `title`.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from core.actor import Actor
from core.db import Database
from kb.citations.resolver import LibrarySnapshot
from kb.citations.store import CitationStore, LinkSummary
from kb.importer import ImportSummary, Importer, ProgressCallback
from kb.library_changes import clear_initial_import
from kb.search import SearchService
from laws.model import ParsedDocument

IMPORT_PHASE = "导入法规"
LINK_PHASE = "链接引用"
INDEX_PHASE = "更新检索索引"
FOLLOW_UP_PHASE = "后续处理"

# A phase's title → the progress callback of that phase.
PhaseProgress = Callable[[str], ProgressCallback]
# A further step run after every successful import (tests and features add theirs).
AfterImport = Callable[[ImportSummary, ProgressCallback], None]


def quiet(title: str) -> ProgressCallback:
    return lambda done, total, name: None


@dataclass(frozen=True)
class ImportOutcome:
    summary: ImportSummary
    # The relink, when one was due (a statute changed, an earlier link left unfinished,
    # or asked for); None when nothing needed it.
    link: LinkSummary | None
    link_seconds: float
    # The relink finished what an earlier, interrupted run left pending.
    link_was_unfinished: bool
    # Statutes re-indexed; and whether there is still no index (none was asked for).
    reindexed: int
    index_missing: bool


class LibraryImport:
    def __init__(self, db: Database, citations: CitationStore, search: SearchService):
        self.db = db
        self.citations = citations
        self.search = search
        self.after_import: list[AfterImport] = []

    def import_path(self, path: str | Path, progress: PhaseProgress = quiet, *,
                    relink: bool = False, build_index: bool = False,
                    actor: Actor | None = None) -> ImportOutcome:
        """Import a corpus folder or file and bring the references and the index up to
        date.  `relink` relinks even when nothing changed; `build_index` builds a missing
        index (else it is left to the first `rebuild`)."""
        summary = Importer(self.db, progress(IMPORT_PHASE), actor).import_path(Path(path))
        return self._follow_up(summary, progress, relink, build_index)

    def import_document(self, doc: ParsedDocument, digests: dict[str, str],
                        progress: PhaseProgress = quiet, actor: Actor | None = None) -> ImportOutcome:
        """Store one statute read from an uploaded file (kb.intake), then the same follow-up,
        the link incremental when the library was fully linked before."""
        before = self.linked_snapshot()
        summary = Importer(self.db, actor=actor).import_document(doc, digests)
        return self._follow_up(summary, progress, False, False, before)

    def linked_snapshot(self) -> LibrarySnapshot | None:
        """The linker's snapshot, taken before an import, when the library is linked and no
        link is pending: then the import's link need only redo what it can change
        (CitationStore.link_statutes); None when a full link is due anyway."""
        if self.citations.is_link_pending() or not self.citations.is_library_linked():
            return None
        return self.citations.linker.snapshot()

    def follow_up(self, statute_ids: set[int], before: LibrarySnapshot | None = None) -> ImportOutcome:
        """The follow-up of a change made outside an import (a version replaced or
        withdrawn, kb.version_admin): relink, re-index these statutes, the after-import steps.
        With `before` (`linked_snapshot()` taken before the change) the relink is
        incremental, as after an intake."""
        return self._follow_up(ImportSummary(statutes_touched=set(statute_ids)), quiet, False, False, before)

    def _follow_up(self, summary: ImportSummary, progress: PhaseProgress, relink: bool,
                   build_index: bool, before: LibrarySnapshot | None = None) -> ImportOutcome:
        changed = bool(summary.new_versions or summary.updated_versions)
        pending = self.citations.is_link_pending()
        started = time.perf_counter()
        if pending and before is not None and not relink:
            link = self.citations.link_statutes(summary.statutes_touched, before, progress(LINK_PHASE))
        elif pending or relink:
            link = self.citations.link_library(progress(LINK_PHASE))
        else:
            link = None
        if link is not None:
            with self.db.session() as session, session.begin():
                clear_initial_import(session)
        link_seconds = time.perf_counter() - started
        reindexed = self.search.refresh_statutes(summary.statutes_touched, progress(INDEX_PHASE),
                                                 build_if_missing=build_index)
        for step in self.after_import:
            step(summary, progress(FOLLOW_UP_PHASE))
        return ImportOutcome(summary, link, link_seconds, pending and not changed, reindexed,
                             not self.search.is_built())
