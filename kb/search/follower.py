"""The feed follower: keeps this data directory's index in step with the search change feed
(kb.search.feed), whichever app server made the change.

One process per data directory follows (an advisory lock on `index/follower.lock`, which
the kernel releases when its holder dies, even by SIGKILL); the others only read the index
and keep trying for the lock, so one of them takes over within a poll when the holder
goes.  The follower runs as a thread in each web server process (`start`), polling every
`poll_seconds` and woken at once by a change made in its own process (`wake`).  A thread
rather than a process of its own: it is one small loop that needs the same domain
services the workers already open, gunicorn restarts workers that die, and the lock makes
one of them the follower whatever their number.

Each pass (`catch_up`): with no index (a new server) or a position below the pruned mark
(offline longer than the retention) or a feed row asking for it, rebuild from the
database — the old index, if any, keeps serving meanwhile, and the pages say the index is
being built; otherwise re-index the groups of the pending rows in one commit (a full
rebuild when they are too many) and save the new position with the index.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from core.errors import IndexBusy
from kb.search.cursor import HOLE_SECONDS, FeedCursor, HoleClock
from kb.search.feed import REBUILD_ALL, ChangeFeed
from kb.search.service import REBUILD_ABOVE, SearchService

log = logging.getLogger(__name__)
LOCK_FILE = "follower.lock"
POLL_SECONDS = 1.0
# How often a follower prunes feed rows older than the retention (any follower may: it is
# one DELETE, harmless when two run it).
PRUNE_SECONDS = 3600.0


@dataclass(frozen=True)
class CatchUp:
    """What one pass did: "rebuilt" (and why), "applied" N rows, or "idle"."""
    action: str
    applied: int = 0
    reason: str = ""
    position: int = 0


class FollowerLock:
    """An exclusive, non-blocking flock on one file; released by close or process death."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_acquire(self) -> bool:
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class IndexFollower:
    def __init__(self, search: SearchService, feed: ChangeFeed, *,
                 poll_seconds: float = POLL_SECONDS, hole_seconds: float = HOLE_SECONDS,
                 monotonic: Callable[[], float] = time.monotonic,
                 wall: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc)):
        self.search = search
        self.feed = feed
        self.poll_seconds = poll_seconds
        self.monotonic, self.wall = monotonic, wall
        self._pruned_at: float | None = None
        self.holes = HoleClock(monotonic, hole_seconds)
        self.lock = FollowerLock(search.store.root / LOCK_FILE)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # One pass

    def catch_up(self, *, build_if_missing: bool = True) -> CatchUp:
        """Bring the index up to the feed's head; only the lock holder may (returns "busy"
        when another process holds it)."""
        if not self.lock.try_acquire():
            return CatchUp("busy")
        cursor = FeedCursor.from_json(self.search.store.read_position())
        if not self.search.is_built():
            if not build_if_missing:
                return CatchUp("idle")
            return self._rebuild("新服务器或索引不存在")
        if cursor is None:
            return self._rebuild("索引没有记录变更位置")
        # The position is saved into the generation it was read from: if a rebuild elsewhere
        # (python -m kb index) swaps in a new one meanwhile, that one keeps its own position
        # and these rows are applied to it again, not taken as applied.
        generation = self.search.store.live_dir()
        snapshot = self.feed.read_after(cursor.watermark)
        if cursor.is_behind_pruning(snapshot):
            return self._rebuild("落后过多：所缺的变更已被清理")
        if cursor.is_ahead_of(snapshot):
            return self._rebuild("变更记录比索引的位置还旧：数据库已从备份恢复")
        pending = cursor.pending(snapshot.entries)
        groups = sorted({e.group for e in pending})
        if REBUILD_ALL in groups:
            return self._rebuild("管理员要求重建")
        if len(groups) > REBUILD_ABOVE:
            return self._rebuild(f"待应用的变更过多（{len(groups)} 项）")
        if groups:
            self.search.indexer.replace_groups(groups)
        advanced = cursor.advanced([e.id for e in pending], self.holes)
        if advanced != cursor:
            self.search.store.write_position(advanced.to_json(), generation)
        return CatchUp("applied" if pending else "idle", len(pending), position=advanced.watermark)

    def _rebuild(self, reason: str) -> CatchUp:
        log.info("rebuilding the search index from the database: %s", reason)
        self.search.rebuild()
        cursor = FeedCursor.from_json(self.search.store.read_position()) or FeedCursor()
        return CatchUp("rebuilt", reason=reason, position=cursor.watermark)

    # The thread

    def start(self) -> None:
        """Follow in a daemon thread of this process until `stop` (idempotent)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="search-feed-follower", daemon=True)
        self._thread.start()
        self.search.defer_updates(self.wake)

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self.search.defer_updates(None)
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self.lock.release()

    def _prune_now_and_then(self) -> None:
        if not self.lock.held:
            return
        if self._pruned_at is None or self.monotonic() - self._pruned_at >= PRUNE_SECONDS:
            self._pruned_at = self.monotonic()
            self.feed.prune(self.wall())

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.catch_up()
                self._prune_now_and_then()
            except IndexBusy:
                log.info("search index busy (a rebuild or an import elsewhere): next poll")
            except Exception:  # noqa: BLE001 - a failed pass is logged and retried next poll
                log.exception("search feed follower pass failed")
            self._wake.wait(self.poll_seconds)
            self._wake.clear()
