"""The search service the command line and the web app use: search, and keep the index
in step with the library (build, rebuild, update or delete one statute or case).

Built once per process with the index directory and a session factory.  Searches reuse
open Whoosh searchers while they show the live index (`kb.search.searchers`), so a rebuild
or update is seen by the next search; `close` closes them.
"""
from __future__ import annotations

import logging
import time
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from core.errors import IndexUnavailable
from kb.search.analysis import tokenizer
from kb.search.cursor import FeedCursor
from kb.search.documents import DocumentProvider, StatuteDocuments, statute_group
from kb.search.feed import ChangeFeed
from kb.search.indexer import BuildSummary, Indexer, ProgressCallback
from kb.search.lexicon import Lexicon
from kb.search.results import SearchFilters, SearchResponse
from kb.search.retrieval import Retrieval
from kb.search.scope import DocsetCache, Scope
from kb.search.scoring import Scorer, ScoringCache, core_groups
from kb.search.searchers import SearcherPool
from kb.search.stored import StoredCache
from kb.search.store import IndexStore

log = logging.getLogger(__name__)
MAX_PER_PAGE = 100
MAX_PAGE = 1000
# An import touching more statutes than this rebuilds the index instead of updating each.
REBUILD_ABOVE = 300
INTERNAL_ERROR = "检索时出现内部错误，已记录；请换个说法再试"


@dataclass(frozen=True)
class IndexStatus:
    """Whether searches can be answered, and a full build's (done, total) while one runs."""
    ready: bool
    building: tuple[int, int] | None

    @property
    def message(self) -> str:
        if self.building:
            return building_message(self.building)
        return "" if self.ready else "检索索引尚未建立"


def building_message(building: tuple[int, int]) -> str:
    done, total = building
    progress = f"（已完成 {done * 100 // total}%，{done:,}/{total:,} 篇）" if total else ""
    return f"索引正在建立{progress}，完成后即可检索，请稍后再试"


class SearchService:
    def __init__(self, index_dir: Path, sessions, *, providers: list[DocumentProvider] = (),
                 workers: int | None = None, lock_timeout: float = 120.0):
        self.store = IndexStore(index_dir, lock_timeout=lock_timeout)
        self.indexer = Indexer(self.store, [StatuteDocuments(sessions), *providers], workers)
        self.feed = ChangeFeed(sessions)
        self._lexicon: tuple[tuple, Lexicon] | None = None
        self._scoring = ScoringCache()
        self._docsets = DocsetCache()
        # Called with each search's duration in seconds (the web app's metrics).
        self.timers: list[Callable[[float], None]] = []
        # Set while a feed follower runs in this process (kb.search.follower): content
        # changes wake it instead of writing the index from the request's thread.
        self._deferred: Callable[[], None] | None = None
        self._searchers = SearcherPool()
        self._stored = StoredCache()
        # Closed with the service, or when it is collected (no file left to the collector).
        self._closer = weakref.finalize(self, self._searchers.close)

    def close(self) -> None:
        """Close the searchers kept open between searches (searching again reopens them)."""
        self._searchers.close()

    # Index maintenance

    def is_built(self) -> bool:
        return self.store.is_built()

    def index_status(self) -> IndexStatus:
        return IndexStatus(self.is_built(), self.store.building())

    def rebuild(self, progress: ProgressCallback | None = None) -> BuildSummary:
        """Build the whole index anew from the database and save, with it, the feed
        position it includes (the feed's rows as read before the documents were)."""
        progress = progress or (lambda done, total, name: None)
        snapshot = self.feed.snapshot()
        marked = [0.0]

        def report(done: int, total: int, name: str) -> None:
            if time.monotonic() - marked[0] > 0.5 or done >= total:
                self.store.mark_building(done, total)
                marked[0] = time.monotonic()
            progress(done, total, name)

        self.store.mark_building(0, 0)
        try:
            return self.indexer.rebuild(report, before_publish=lambda directory: self.store.write_position(
                FeedCursor.after_rebuild(snapshot).to_json(), directory))
        finally:
            self.store.clear_building()

    def update_statute(self, statute_id: int) -> int:
        """Re-index one statute after an import (all its versions); returns its document count."""
        return self.indexer.replace_group(statute_group(statute_id))

    def delete_statute(self, statute_id: int) -> None:
        self.indexer.delete_group(statute_group(statute_id))

    def update_group(self, group: str) -> int:
        """Re-index any provider's group ("case:12"); a group that no longer exists is removed."""
        return self.indexer.replace_group(group)

    def delete_group(self, group: str) -> None:
        self.indexer.delete_group(group)

    def defer_updates(self, wake: Callable[[], None] | None) -> None:
        """While a feed follower runs in this process, content changes only `wake` it (it
        applies the feed row the change wrote); None: update the index directly again."""
        self._deferred = wake

    def follower(self, group_of: Callable[[int], str]) -> Callable[[str, int], None]:
        """A listener for a content service (`CaseService.listeners`): re-index the changed
        owner at once, or wake this process's feed follower to do it.  The change itself
        is already committed (with its feed row), so an index failure is logged, not
        raised; the feed or the next `rebuild` repairs it.  Without an index, nothing to do."""
        def follow(event: str, owner_id: int) -> None:
            if self._deferred is not None:
                self._deferred()
                return
            if not self.is_built():
                return
            try:
                self.update_group(group_of(owner_id))
            except Exception:  # noqa: BLE001 - the save stands; the index catches up on rebuild
                log.exception("search index not updated after %s of %s", event, group_of(owner_id))
        return follow

    def refresh_statutes(self, statute_ids: Iterable[int],
                         progress: ProgressCallback | None = None, *,
                         build_if_missing: bool = False) -> int:
        """Bring the index up to date after an import touched these statutes: their
        documents replaced in one commit, or one full rebuild when they are many.  Without an index, build one
        if asked, else leave it to the first `rebuild`.  Returns the statutes handled."""
        ids = sorted(set(statute_ids))
        built = self.is_built()
        if not ids or not (built or build_if_missing):
            return 0
        progress = progress or (lambda done, total, name: None)
        if not built or len(ids) > REBUILD_ABOVE:
            self.rebuild(progress)
            return len(ids)
        self.indexer.replace_groups([statute_group(s) for s in ids],
                                    lambda done, total, group: progress(done, total, f"更新检索索引 {group}"))
        return len(ids)

    def warm(self) -> None:
        """Load jieba's dictionary and the live index's statute names and priors now, so the
        first real search does not wait for them (about a second); safe to call any time."""
        tokenizer()
        if self.is_built():
            self.search("审计")

    def preload(self) -> int:
        """Decode the postings of the index's most frequent words into this process's
        cache (ScoringCache.preload: a few seconds of one core over the whole corpus), so
        that searches after a server starts cost what they cost later; returns how many
        postings were decoded (0 without an index).  The server runs it in the background."""
        try:
            path, ix = self.store.open_live()
            with self._searchers.searcher(path, ix) as searcher:
                return self._scoring.preload(searcher)
        except IndexUnavailable:
            return 0
        except Exception:  # noqa: BLE001 - a failed preload only leaves the cache cold
            log.exception("search postings preload failed")
            return 0

    # Searching

    def search(self, query: str, filters: SearchFilters | None = None, page: int = 1,
               per_page: int = 10) -> SearchResponse:
        """Hits for any string; problems come back as `message`, never as an exception."""
        page = min(max(1, int(page)), MAX_PAGE)
        per_page = min(max(1, int(per_page)), MAX_PER_PAGE)
        filters = filters or SearchFilters()
        started = time.perf_counter()
        try:
            return self._search(query, filters, page, per_page)
        finally:
            for timer in self.timers:
                timer(time.perf_counter() - started)

    def _search(self, query: str, filters: SearchFilters, page: int,
                per_page: int) -> SearchResponse:
        try:
            path, ix = self.store.open_live()
        except IndexUnavailable as error:
            building = self.store.building()
            message = building_message(building) if building else str(error)
            return SearchResponse(query=query, page=page, per_page=per_page, message=message,
                                  index_building=building is not None)
        try:
            with self._searchers.searcher(path, ix) as searcher:
                generation = (str(path), searcher.reader().generation())
                lexicon = self._lexicon_for(generation, searcher)
                scorer = Scorer(searcher, self._scoring, core_groups(lexicon.core_ids))
                scope = Scope(searcher, scorer, self._docsets, generation)
                return Retrieval(searcher, lexicon, scope, scorer, self._stored.reader(searcher),
                                 filters, page, per_page).run(query or "")
        except Exception:  # noqa: BLE001 - a search must answer; the failure is logged
            log.exception("search failed for %r", query)
            return SearchResponse(query=query, page=page, per_page=per_page, message=INTERNAL_ERROR)

    def _lexicon_for(self, generation: tuple, searcher) -> Lexicon:
        if self._lexicon is None or self._lexicon[0] != generation:
            self._lexicon = (generation, Lexicon.load(searcher))
        return self._lexicon[1]
