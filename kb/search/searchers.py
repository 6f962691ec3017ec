"""Open Whoosh searchers kept between searches, so a search does not open the index anew.

Opening a searcher reads the generation's table of contents and opens every segment's
files; the index changes rarely (a rebuild publishes a new generation directory, an update
or the change-feed follower commits a new table of contents in the same directory) and is
searched all the time.  An idle searcher is reused only while it still shows the live index:
the same generation directory and `up_to_date()` (Whoosh compares its generation with the
newest table of contents on disk, one directory listing).  A stale one is closed the next
time it is taken, so a refreshed index is searched from the next search on, as before.

Each searcher serves one search at a time (Whoosh readers are not shared between threads);
at most `size` stay open while idle, and `close` closes them all.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

# Idle searchers kept: one per concurrent search of a web worker's threads is plenty.
IDLE_SEARCHERS = 4


class SearcherPool:
    def __init__(self, size: int = IDLE_SEARCHERS):
        self.size = size
        self._idle: list[tuple[Path, object]] = []
        self._lock = threading.Lock()

    @contextmanager
    def searcher(self, path: Path, ix) -> Iterator:
        """A searcher of the live index `ix` (in directory `path`), returned to the pool after
        use, or closed if the search failed."""
        searcher = self._take(path) or ix.searcher()
        try:
            yield searcher
        except BaseException:
            searcher.close()
            raise
        self._give(path, searcher)

    def _take(self, path: Path):
        while True:
            with self._lock:
                if not self._idle:
                    return None
                held, searcher = self._idle.pop()
            if held == path and _up_to_date(searcher):
                return searcher
            searcher.close()

    def _give(self, path: Path, searcher) -> None:
        with self._lock:
            if len(self._idle) < self.size:
                self._idle.append((path, searcher))
                return
        searcher.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for _, searcher in idle:
            searcher.close()


def _up_to_date(searcher) -> bool:
    try:
        return searcher.up_to_date()
    except OSError:  # its generation directory is gone (swept after a rebuild)
        return False
