"""Index maintenance: generations swapped atomically, crashes leave the old index, one
statute updated or deleted, writers wait for locks with a timeout."""
import json
import shutil

import pytest

from core.errors import IndexBusy
from kb.importer import Importer
from kb.search import SearchService
from kb.search import indexer as indexer_module
from kb.search.store import POINTER


def generations(service):
    return sorted(p.name for p in service.store.root.iterdir() if p.name.startswith("gen-"))


def test_rebuild_swaps_in_a_new_generation_while_old_searchers_keep_reading(search_kb):
    service = search_kb.search
    old = service.store.live_dir()
    searcher = service.store.open_index().searcher()
    summary = service.rebuild()
    assert service.store.live_dir() == summary.directory != old
    assert generations(service) == [summary.directory.name]
    # A search that opened the old generation still reads it (POSIX keeps unlinked files).
    assert searcher.doc_count() == summary.documents
    searcher.close()
    assert service.search("样例审计法第二条").hits[0].article_no == 2


def test_a_failed_build_leaves_the_live_index_alone(search_kb, monkeypatch):
    service = search_kb.search
    live = service.store.live_dir()

    def broken(self):
        yield from []
        raise RuntimeError("database went away")

    monkeypatch.setattr(indexer_module.Indexer, "_all_documents", broken)
    with pytest.raises(RuntimeError):
        service.rebuild()
    assert service.store.live_dir() == live and generations(service) == [live.name]
    assert service.search("样例审计法第二条").hits


def test_stale_generations_of_crashed_builds_are_swept(search_kb):
    service = search_kb.search
    stale = service.store.root / "gen-crashed"
    stale.mkdir()
    service.rebuild()
    assert not stale.exists()


def test_an_index_of_another_schema_version_is_not_used(search_kb):
    service = search_kb.search
    pointer = service.store.root / POINTER
    data = json.loads(pointer.read_text())
    pointer.write_text(json.dumps({**data, "schema": 0}))
    assert not service.is_built()
    assert "python -m kb index" in service.search("审计").message


def test_update_and_delete_one_statute(search_kb, statutes_path, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(statutes_path, corpus)
    Importer(search_kb.db).import_path(corpus)
    service = search_kb.search
    service.rebuild()
    statute = search_kb.library.find_statute("样例审计署规定")
    source = next(corpus.rglob("样例审计署规定*.md"))
    source.write_text(source.read_text(encoding="utf-8") + "\n第三条 审计文书应当载明复核意见。\n",
                      encoding="utf-8")
    Importer(search_kb.db).import_path(corpus)
    assert not service.search("复核意见").hits
    assert service.update_statute(statute.id) == 4  # the statute and its three articles
    assert service.search("复核意见").hits[0].article_label == "第三条"
    service.delete_statute(statute.id)
    assert not service.search("复核意见").hits
    assert service.search("样例审计署规定").hits == [] or \
        service.search("样例审计署规定").hits[0].short_title != "样例审计署规定"


def test_writers_wait_for_the_lock_then_give_up(search_kb):
    service = search_kb.search
    impatient = SearchService(service.store.root, search_kb.db.session, lock_timeout=0.2)
    with service.store.maintenance():
        with pytest.raises(IndexBusy, match="请稍后再试"):
            impatient.update_statute(1)
        with pytest.raises(IndexBusy):
            impatient.rebuild()
    assert impatient.update_statute(1) > 0


def test_parallel_build_with_worker_processes(loaded_kb, monkeypatch):
    monkeypatch.setattr(indexer_module, "SERIAL_LIMIT", 0)
    monkeypatch.setattr(indexer_module, "CHUNK", 5)
    service = SearchService(loaded_kb.settings.index_dir, loaded_kb.db.session, workers=2)
    progress = []
    summary = service.rebuild(lambda done, total, name: progress.append((done, total)))
    # One segment per worker that received documents (which is timing, so at least one).
    assert summary.segments >= 1 and progress[-1][0] == progress[-1][1] == summary.documents
    assert service.search("样例审计法第四条").hits[0].article_no == 4
