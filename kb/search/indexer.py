"""Building and updating the index from document providers.

A full build uses every core: the parent process reads documents from the database and
hands them out in chunks; each worker process cuts words with jieba and writes its own Whoosh
segment (through `kb.search.whoosh_internals`); the parent then commits the segments as one
index generation and publishes it (`IndexStore.publish`).  jieba and Whoosh's per-posting
work are both pure Python, so one process would need about three minutes for the whole corpus.

Incremental updates (one statute, one case) run in-process: delete the owner's group,
add its documents again, commit.
"""
from __future__ import annotations

import multiprocessing
import os
import queue
import shutil
import threading
import time
import traceback
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from whoosh import index

from core.errors import KbError
from core.progress import ProgressCallback
from kb.search import schema as f
from kb.search.documents import DocumentProvider, IndexDocument
from kb.search.fields import whoosh_fields
from kb.search.schema import build_schema
from kb.search.store import IndexStore
from kb.search.whoosh_internals import (BulkSegmentWriter, codec, commit_segments, drop_emptied,
                                        finish_segment)

CHUNK = 500
# Below this many documents one process builds faster than starting workers.
SERIAL_LIMIT = 5000
# Whoosh's in-memory posting pool per worker before it spills sorted runs to disk.
POOL_MB = 1024


class IndexBuildFailed(KbError):
    """A worker failed; the live index is untouched."""


@dataclass(frozen=True)
class BuildSummary:
    documents: int
    segments: int
    seconds: float
    directory: Path


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def _chunks(documents: Iterator[IndexDocument], size: int) -> Iterator[list[IndexDocument]]:
    while chunk := list(islice(documents, size)):
        yield chunk


def _exit_with(parent: int) -> None:
    """Watchdog thread of a worker: a killed build must not leave its workers waiting forever
    (a worker can be blocked half-way through reading a chunk its parent never finished)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _segment_worker(directory: str, inbox, results, parent: int) -> None:
    """Worker process: index chunks from `inbox` into one segment until a None arrives."""
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    try:
        writer = BulkSegmentWriter(index.open_dir(directory), POOL_MB)
        while (chunk := inbox.get()) is not None:
            for doc in chunk:
                writer.add_document(**whoosh_fields(doc))
            results.put(("progress", len(chunk)))
        results.put(("done", finish_segment(writer)))
    except BaseException:  # noqa: BLE001 - reported to the parent, which aborts the build
        results.put(("error", traceback.format_exc()))


class ParallelBuild:
    """One full build into a fresh directory with `workers` processes."""

    def __init__(self, directory: Path, workers: int, progress: ProgressCallback):
        self.directory = directory
        self.workers = workers
        self.progress = progress
        context = multiprocessing.get_context("spawn")
        self.inbox = context.Queue(maxsize=workers * 3)
        self.results = context.Queue()
        self.processes = [context.Process(target=_segment_worker, daemon=True,
                                          args=(str(directory), self.inbox, self.results,
                                                os.getpid()))
                          for _ in range(workers)]
        self.done = 0
        self.segments: list = []
        self.finished = 0

    def run(self, documents: Iterator[IndexDocument], total: int) -> int:
        index.create_in(str(self.directory), build_schema())
        for process in self.processes:
            process.start()
        try:
            for chunk in _chunks(documents, CHUNK):
                self._put(chunk, total)
            for _ in self.processes:
                self._put(None, total)
            while self.finished < len(self.processes):
                self._wait(total)
        except BaseException:
            for process in self.processes:
                process.terminate()
            raise
        finally:
            for process in self.processes:
                process.join()
        self._commit()
        return self.done

    def _put(self, item, total: int) -> None:
        while True:
            self._drain(total)
            try:
                self.inbox.put(item, timeout=0.2)
                return
            except queue.Full:
                if not all(p.is_alive() for p in self.processes):
                    raise IndexBuildFailed("建立检索索引失败：分词进程意外退出") from None

    def _wait(self, total: int) -> None:
        try:
            self._handle(self.results.get(timeout=0.5), total)
        except queue.Empty:
            if sum(p.is_alive() for p in self.processes) < len(self.processes) - self.finished:
                raise IndexBuildFailed("建立检索索引失败：分词进程意外退出") from None

    def _drain(self, total: int) -> None:
        while True:
            try:
                self._handle(self.results.get_nowait(), total)
            except queue.Empty:
                return

    def _handle(self, message: tuple, total: int) -> None:
        kind, value = message
        if kind == "progress":
            self.done += value
            # The last stretch is the workers sorting and writing their segments.
            self.progress(self.done, total, "分词并写入索引" if self.done < total else "整理索引段")
        elif kind == "done":
            self.finished += 1
            if value is not None:
                self.segments.append(value)
            self.progress(self.done, total, f"索引段完成 {self.finished}/{len(self.processes)}")
        else:
            raise IndexBuildFailed(f"建立检索索引失败：{value.strip().splitlines()[-1]}")

    def _commit(self) -> None:
        """Commit the workers' segments as the new index's first generation."""
        commit_segments(index.open_dir(str(self.directory)), self.segments)


class SerialBuild:
    """A full build in this process: for small libraries, where starting workers costs more."""

    def __init__(self, directory: Path, progress: ProgressCallback):
        self.directory = directory
        self.progress = progress
        self.segments = [None]

    def run(self, documents: Iterator[IndexDocument], total: int) -> int:
        ix = index.create_in(str(self.directory), build_schema())
        writer = ix.writer(codec=codec(), limitmb=POOL_MB)
        done = 0
        try:
            for chunk in _chunks(documents, CHUNK):
                for doc in chunk:
                    writer.add_document(**whoosh_fields(doc))
                done += len(chunk)
                self.progress(done, total, "分词并写入索引")
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return done


class Indexer:
    """Index maintenance over a store and the providers of documents."""

    def __init__(self, store: IndexStore, providers: Iterable[DocumentProvider],
                 workers: int | None = None):
        self.store = store
        self.providers = list(providers)
        self.workers = workers or default_workers()

    def _provider(self, group: str) -> DocumentProvider:
        for provider in self.providers:
            if group.startswith(provider.prefix):
                return provider
        raise KbError(f"没有负责“{group}”的索引内容来源")

    def rebuild(self, progress: ProgressCallback | None = None,
                before_publish: Callable[[Path], None] | None = None) -> BuildSummary:
        """Build a complete new generation and swap it in; the old one serves until then.
        `before_publish(directory)` adds files to the new generation (its feed position)."""
        progress = progress or (lambda done, total, name: None)
        start = time.perf_counter()
        with self.store.maintenance():
            self.store.sweep(keep=self.store.live_dir())
            directory = self.store.new_generation()
            try:
                total = sum(p.count() for p in self.providers)
                build = (SerialBuild(directory, progress)
                         if self.workers == 1 or total < SERIAL_LIMIT
                         else ParallelBuild(directory, self.workers, progress))
                documents = build.run(self._all_documents(), total)
                if before_publish is not None:
                    before_publish(directory)
            except BaseException:
                shutil.rmtree(directory, ignore_errors=True)
                raise
            self.store.publish(directory, documents)
        return BuildSummary(documents, len(build.segments), time.perf_counter() - start, directory)

    def _all_documents(self) -> Iterator[IndexDocument]:
        for provider in self.providers:
            yield from provider.documents(provider.groups())

    def replace_group(self, group: str) -> int:
        """Re-index one owner's documents (none left: the group is deleted); returns the count."""
        return self.replace_groups([group])

    def replace_groups(self, groups: list[str], progress: ProgressCallback | None = None) -> int:
        """Re-index these owners' documents in one writer, committed once, writing one new
        segment of theirs alone; returns the document count."""
        progress = progress or (lambda done, total, name: None)
        with self.store.maintenance():
            ix = self.store.open_index()
            fields = []
            for done, group in enumerate(groups, start=1):
                fields.append([whoosh_fields(doc) for doc in self._provider(group).documents([group])])
                progress(done, len(groups), group)
            writer = self.store.writer(ix, codec=codec())
            try:
                for group, documents in zip(groups, fields):
                    writer.delete_by_term(f.GROUP, group)
                    for item in documents:
                        writer.add_document(**item)
            except BaseException:
                writer.cancel()
                raise
            writer.commit(mergetype=drop_emptied)
            return sum(len(documents) for documents in fields)

    def delete_group(self, group: str) -> None:
        with self.store.maintenance():
            writer = self.store.writer(self.store.open_index(), codec=codec())
            writer.delete_by_term(f.GROUP, group)
            writer.commit()
