"""Where the index lives on disk, which generation is live, and who may write it.

The index root holds generation directories (``gen-…``) and a ``CURRENT`` file naming the
live one.  A rebuild writes a new generation beside the live one and replaces ``CURRENT``
atomically (write a temporary file, then rename), so searches keep using the old index until
the new one is complete; a rebuild that dies half-way leaves ``CURRENT`` untouched and its
directory is swept away by the next rebuild.

Two locks, both waited for with a timeout and never forever: the maintenance lock
serialises rebuilds and incremental updates (an update made during a rebuild would otherwise
be lost when the rebuild's index, read from an older database state, is swapped in), and
Whoosh's own write lock inside a generation.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path

from whoosh import index
from whoosh.util.filelock import FileLock, try_for

from core.errors import IndexBusy, IndexUnavailable
from kb.search.schema import SCHEMA_VERSION
from kb.search.whoosh_internals import UpdateWriter

POINTER = "CURRENT"
# In a generation: how far that index has followed the change feed (kb.search.cursor).
POSITION = "feed-position.json"
# In the root while a full build runs: its process and progress, for the search pages.
BUILDING = "BUILDING"
MAINTENANCE_LOCK = "maintenance.lock"
GENERATION_PREFIX = "gen-"


class IndexStore:
    """The index root directory: the live generation, new generations, locks."""

    def __init__(self, root: Path, *, lock_timeout: float = 120.0, write_timeout: float = 30.0):
        self.root = Path(root)
        self.lock_timeout = lock_timeout
        self.write_timeout = write_timeout
        self._opened: tuple[Path, index.FileIndex] | None = None
        # The pointer's text and the live generation it named, once that was found to hold
        # an index: checking costs opening the index (its table of contents read and
        # unpickled), too much for every search; a new pointer is checked again.
        self._checked: tuple[str, Path] | None = None

    def _pointer_text(self) -> str | None:
        try:
            return (self.root / POINTER).read_text(encoding="utf-8")
        except OSError:
            return None

    def pointer(self) -> dict | None:
        try:
            data = json.loads(self._pointer_text() or "")
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def live_dir(self) -> Path | None:
        """The live generation, or None when there is none of this schema version."""
        text = self._pointer_text()
        checked = self._checked
        if checked is not None and checked[0] == text:
            return checked[1]
        try:
            data = json.loads(text or "")
        except ValueError:
            return None
        if not isinstance(data, dict) or data.get("schema") != SCHEMA_VERSION:
            return None
        path = self.root / str(data.get("dir", ""))
        if path.parent != self.root or not index.exists_in(str(path)):
            return None
        self._checked = (text, path)
        return path

    def is_built(self) -> bool:
        return self.live_dir() is not None

    def open_index(self) -> index.FileIndex:
        """The live index (a cheap handle: searchers and writers are opened from it per use)."""
        return self.open_live()[1]

    def open_live(self) -> tuple[Path, index.FileIndex]:
        """The live generation's directory and index."""
        path = self.live_dir()
        if path is None:
            raise IndexUnavailable("检索索引尚未建立：请先运行 python -m kb index")
        opened = self._opened
        if opened is None or opened[0] != path:
            opened = self._opened = (path, index.open_dir(str(path)))
        return opened

    def read_position(self) -> dict | None:
        """The live generation's feed position as saved (None: none saved, or no index)."""
        live = self.live_dir()
        try:
            return json.loads((live / POSITION).read_text(encoding="utf-8")) if live else None
        except (OSError, ValueError):
            return None

    def write_position(self, data: dict, directory: Path | None = None) -> None:
        """Save a feed position into `directory` (default: the live generation); nothing
        when that generation has been swept away by a newer one."""
        directory = directory or self.live_dir()
        if directory is not None and directory.is_dir():
            try:
                _write_atomically(directory / POSITION, data)
            except FileNotFoundError:
                pass  # swept while writing: the newer generation has its own position

    def mark_building(self, done: int, total: int) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        _write_atomically(self.root / BUILDING, {"pid": os.getpid(), "done": done, "total": total})

    def clear_building(self) -> None:
        (self.root / BUILDING).unlink(missing_ok=True)

    def building(self) -> tuple[int, int] | None:
        """(done, total) of a full build running on this data directory, else None (a
        marker left by a killed process does not count)."""
        try:
            data = json.loads((self.root / BUILDING).read_text(encoding="utf-8"))
            os.kill(int(data["pid"]), 0)
            return int(data["done"]), int(data["total"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def writer(self, ix: index.FileIndex, **options):
        """A Whoosh writer on `ix`, waiting at most `write_timeout` for its lock."""
        try:
            return UpdateWriter(ix, timeout=self.write_timeout, **options)
        except index.LockError:
            raise IndexBusy("检索索引正被其他进程写入，请稍后再试") from None

    @contextmanager
    def maintenance(self):
        """Hold the maintenance lock (rebuild or update), waiting at most `lock_timeout`."""
        self.root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.root / MAINTENANCE_LOCK))
        if not try_for(lambda: lock.acquire(blocking=False), self.lock_timeout, 0.1):
            raise IndexBusy("检索索引正在重建或更新，请稍后再试")
        try:
            yield
        finally:
            lock.release()

    def new_generation(self) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d%H%M%S")
        path = self.root / f"{GENERATION_PREFIX}{stamp}-{uuid.uuid4().hex[:8]}"
        path.mkdir(parents=True)
        return path

    def publish(self, path: Path, documents: int) -> None:
        """Make `path` the live generation, then remove every other generation.

        Call with the maintenance lock held.  Searches still reading an old generation keep
        their open files (POSIX); where removal fails it is retried after the next rebuild.
        """
        data = {"dir": path.name, "schema": SCHEMA_VERSION, "documents": documents,
                "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
        _write_atomically(self.root / POINTER, data)
        self.sweep(keep=path)

    def sweep(self, keep: Path | None) -> None:
        """Remove generations other than `keep` and stray pointer files (maintenance lock held)."""
        for child in self.root.iterdir():
            if child.name.startswith(GENERATION_PREFIX) and child != keep:
                shutil.rmtree(child, ignore_errors=True)
            elif child.name.startswith(POINTER + ".") and child.name.endswith(".tmp"):
                child.unlink(missing_ok=True)


def _write_atomically(path: Path, data: dict) -> None:
    """Write JSON to a temporary file beside `path`, then rename it into place."""
    temporary = path.with_name(f"{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    with open(temporary, "w", encoding="utf-8") as out:
        json.dump(data, out)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)
