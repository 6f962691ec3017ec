"""The search change feed and its follower: rows written in the change's own transaction,
in order; each data directory's index follows them, resumes where it stopped (a copied
index too), rebuilds when it is new, asked to, or behind the pruned rows; one follower per
data directory."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest
from sqlalchemy import select

from accounts.permissions import actor_of
from accounts.user import ROLE_TRAINER, User
from core.db import scratch_database
from core.errors import StaleEdit
from core.settings import Settings
from kb.cases.values import CaseInput
from kb.guide.values import BasisInput, GuideInput
from kb.importer import Importer
from kb.search import SearchFilters
from kb.search.cursor import FeedCursor, HoleClock
from kb.search.feed import REBUILD_ALL, FeedEntry, FeedSlice, SearchChange, record_search_change
from quizzes.services import open_services
from tests.support.environment import FAST_ACCOUNTS


@pytest.fixture
def open_server(settings, clock, tmp_path):
    """Factory: another app server on the same database with its own data directory."""
    opened = []

    def make(name: str):
        other = Settings(data_dir=tmp_path / name, database_url=settings.database_url,
                         corpus_path=settings.corpus_path)
        server = open_services(other, clock=clock, accounts=FAST_ACCOUNTS)
        opened.append(server)
        return server
    yield make
    for server in opened:
        server.close()


@pytest.fixture
def trainer(loaded_kb):
    with loaded_kb.db.session() as session, session.begin():
        user = User(username="trainer1", display_name="培训员", role=ROLE_TRAINER, password_hash="!")
        session.add(user)
        session.flush()
        return actor_of(user)


def case_input(**overrides) -> CaseInput:
    fields = dict(title="某局虚列支出套取资金案", audit_type="预算执行",
                  body="## 定性\n\n该局以虚列支出方式套取财政资金设立账外账户。",
                  tags=("虚列支出",), case_date=dt.date(2023, 5, 1), source="测试", summary="")
    fields.update(overrides)
    return CaseInput(**fields)


def feed_groups(kb) -> list[str]:
    with kb.db.session() as session:
        return list(session.scalars(select(SearchChange.group).order_by(SearchChange.id)))


def found(server, words: str) -> list[str]:
    return [h.law_title for h in server.search.search(words, SearchFilters(kinds=("case",))).hits]


def test_every_change_writes_its_feed_row_in_order(loaded_kb, trainer):
    statute_rows = feed_groups(loaded_kb)
    assert statute_rows and all(g.startswith("statute:") for g in statute_rows)
    case = loaded_kb.cases.create_case(trainer, case_input())
    published = loaded_kb.cases.publish_case(trainer, case.id, case.revision)
    loaded_kb.cases.unpublish_case(trainer, case.id, published.revision)
    entry = loaded_kb.guide.create_entry(trainer, GuideInput(
        slug="xu-lie", title="虚列支出", keywords=("虚列支出",), description="虚列支出的定性",
        characterisation=(BasisInput("样例审计法", 2),), sanction=(BasisInput("样例审计法", 3),)))
    loaded_kb.guide.delete_entry(trainer, entry.id, entry.revision)
    loaded_kb.cases.delete_case(trainer, case.id, published.revision + 1)
    assert feed_groups(loaded_kb)[len(statute_rows):] == [
        f"case:{case.id}"] * 3 + [f"guide:{entry.id}"] * 2 + [f"case:{case.id}"]


def test_renaming_an_audit_type_records_its_cases(loaded_kb, trainer, open_server):
    other = open_server("server-b")
    other.follower.catch_up()
    case = loaded_kb.cases.create_case(trainer, case_input(), publish=True)
    other.follower.catch_up()
    type_id = next(t.id for t in loaded_kb.audit_types.list_types() if t.name == "预算执行")
    loaded_kb.audit_types.rename_type(trainer, type_id, "预算执行审计")
    assert feed_groups(loaded_kb)[-1] == f"case:{case.id}"
    assert other.follower.catch_up().applied == 1
    hits = other.search.search("虚列支出 套取", SearchFilters(kinds=("case",))).hits
    assert [h.short_title for h in hits] == ["预算执行审计"]


def test_a_rolled_back_save_writes_no_feed_row(loaded_kb, trainer):
    before = feed_groups(loaded_kb)

    def fail(session, event, case_id):
        raise RuntimeError("写入中途失败")
    loaded_kb.cases.recorders.append(fail)
    with pytest.raises(RuntimeError):
        loaded_kb.cases.create_case(trainer, case_input())
    loaded_kb.cases.recorders.remove(fail)
    assert feed_groups(loaded_kb) == before
    assert loaded_kb.cases.list_cases(trainer).total == 0
    case = loaded_kb.cases.create_case(trainer, case_input())
    with pytest.raises(StaleEdit):
        loaded_kb.cases.publish_case(trainer, case.id, case.revision + 5)
    assert feed_groups(loaded_kb) == before + [f"case:{case.id}"]


def test_a_change_on_one_server_is_found_on_the_other(loaded_kb, trainer, open_server):
    loaded_kb.search.rebuild()
    other = open_server("server-b")
    assert other.follower.catch_up().action == "rebuilt"
    case = loaded_kb.cases.create_case(trainer, case_input(), publish=True)
    assert found(loaded_kb, "虚列支出 套取") == [case.title]  # its own server, at once
    assert found(other, "虚列支出 套取") == []
    outcome = other.follower.catch_up()
    assert (outcome.action, outcome.applied) == ("applied", 1)
    assert found(other, "虚列支出 套取") == [case.title]
    loaded_kb.cases.unpublish_case(trainer, case.id, case.revision)
    other.follower.catch_up()
    assert found(other, "虚列支出 套取") == []


def test_a_restarted_or_copied_index_resumes_from_its_position(loaded_kb, trainer, open_server, tmp_path):
    other = open_server("server-b")
    other.follower.catch_up()
    other.follower.stop()  # the process ends: the lock is released, the position stays
    case = loaded_kb.cases.create_case(trainer, case_input(), publish=True)
    restarted = open_server("server-b")
    outcome = restarted.follower.catch_up()
    assert (outcome.action, outcome.applied) == ("applied", 1)
    assert restarted.follower.catch_up().action == "idle"
    shutil.copytree(other.settings.index_dir, tmp_path / "server-c" / "index")
    copy = open_server("server-c")
    loaded_kb.cases.update_case(trainer, case.id, case_input(title="某局虚列支出案（修订）"), case.revision)
    assert copy.follower.catch_up().action == "applied"
    assert found(copy, "虚列支出 套取") == ["某局虚列支出案（修订）"]


def test_a_server_behind_the_pruned_rows_rebuilds(loaded_kb, trainer, open_server, clock):
    other = open_server("server-b")
    other.follower.catch_up()
    other.follower.stop()
    case = loaded_kb.cases.create_case(trainer, case_input(), publish=True)
    loaded_kb.cases.update_case(trainer, case.id, case_input(title="第二次保存"), case.revision)
    # Rows are stamped with the database writer's wall time, not the test clock.
    assert loaded_kb.search.feed.prune(dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=30)) > 0
    assert feed_groups(loaded_kb) == [f"case:{case.id}"]  # the newest row is kept
    back = open_server("server-b")
    outcome = back.follower.catch_up()
    assert outcome.action == "rebuilt" and "清理" in outcome.reason
    assert found(back, "虚列支出 套取") == ["第二次保存"]
    assert back.follower.catch_up().action == "idle"


def test_a_requested_rebuild_reaches_every_server(loaded_kb, open_server):
    other = open_server("server-b")
    other.follower.catch_up()
    loaded_kb.search.feed.request_rebuild()
    assert feed_groups(loaded_kb)[-1] == REBUILD_ALL
    assert other.follower.catch_up().reason == "管理员要求重建"
    assert other.follower.catch_up().action == "idle"


def test_an_index_ahead_of_the_feed_rebuilds(loaded_kb, open_server, trainer):
    other = open_server("server-b")
    other.follower.catch_up()
    loaded_kb.cases.create_case(trainer, case_input(), publish=True)
    other.follower.catch_up()
    with loaded_kb.db.session() as session, session.begin():  # as a restored older backup
        newest = session.scalar(select(SearchChange).order_by(SearchChange.id.desc()).limit(1))
        session.delete(newest)
    outcome = other.follower.catch_up()
    assert outcome.action == "rebuilt" and "恢复" in outcome.reason


def test_a_new_server_builds_and_only_one_process_follows(loaded_kb, open_server):
    first = open_server("server-b")
    assert not first.search.is_built()
    assert first.follower.catch_up(build_if_missing=False).action == "idle"
    assert first.follower.catch_up().action == "rebuilt" and first.search.is_built()
    second = open_server("server-b")  # another worker process of the same server
    assert second.follower.catch_up().action == "busy"
    first.follower.stop()
    assert second.follower.catch_up().action == "idle"


def test_searches_say_the_index_is_being_built(kb):
    kb.search.store.mark_building(1200, 4800)
    response = kb.search.search("审计")
    assert response.index_building and "索引正在建立" in response.message and "25%" in response.message
    assert kb.search.index_status().building == (1200, 4800)
    kb.search.store.clear_building()
    response = kb.search.search("审计")
    assert not response.index_building and "尚未建立" in response.message


def test_a_build_marker_left_by_a_dead_process_is_ignored(kb):
    kb.search.store.mark_building(1, 2)
    marker = kb.search.store.root / "BUILDING"
    marker.write_text('{"pid": 999999999, "done": 1, "total": 2}', encoding="utf-8")
    assert kb.search.index_status().building is None


class Ticks:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_missing_number_is_waited_for_then_passed_over():
    ticks = Ticks()
    entries = [FeedEntry(5, "case:1"), FeedEntry(7, "case:2")]  # 6 not committed yet
    for arrives in (True, False):
        holes = HoleClock(ticks, hole_seconds=30)
        ticks.now = 0.0
        cursor = FeedCursor(watermark=4)
        cursor = cursor.advanced([e.id for e in cursor.pending(entries)], holes)
        assert cursor == FeedCursor(5, frozenset({7}))
        ticks.now = 29
        if arrives:  # a slow transaction commits late: its change is applied
            late = entries + [FeedEntry(6, "case:3")]
            assert [e.id for e in cursor.pending(late)] == [6]
            assert cursor.advanced([6], holes) == FeedCursor(7)
        else:  # still waiting at 29 s, passed over (a rollback) after 30 s
            assert cursor.advanced([], holes) == cursor
            ticks.now = 31
            assert cursor.advanced([], holes) == FeedCursor(7)


def test_a_rebuild_position_covers_the_snapshot():
    snapshot = FeedSlice(tuple(FeedEntry(i, "") for i in (4, 5, 6, 8)), pruned_through=3, head=8)
    assert FeedCursor.after_rebuild(snapshot) == FeedCursor(6, frozenset({8}))


def test_a_position_is_saved_and_read_as_json():
    cursor = FeedCursor(12, frozenset({14, 15}))
    assert FeedCursor.from_json(cursor.to_json()) == cursor
    assert FeedCursor.from_json({"nonsense": 1}) is None
    assert FeedCursor.from_json(None) is None


def test_an_import_records_each_statute_it_touched(kb, statutes_path):
    Importer(kb.db).import_path(statutes_path)
    groups = feed_groups(kb)
    with kb.db.session() as session:
        from kb.models import Statute
        ids = set(session.scalars(select(Statute.id)))
    assert {f"statute:{i}" for i in ids} == set(groups)


def open_pair(url: str, tmp_path, clock, statutes_path) -> list:
    """Two servers (data directories) on the database at `url`, statutes imported."""
    opened = [open_services(Settings(data_dir=tmp_path / name, database_url=url,
                                     corpus_path=statutes_path), clock=clock, accounts=FAST_ACCOUNTS)
              for name in ("a", "b")]
    Importer(opened[0].db).import_path(statutes_path)
    return opened


@pytest.fixture
def servers_on(backend_url, tmp_path, clock, statutes_path):
    """Two servers on one database of each backend in turn."""
    opened = open_pair(backend_url, tmp_path, clock, statutes_path)
    yield opened
    for server in opened:
        server.close()


@pytest.fixture
def servers_on_postgres(postgres_server, tmp_path, clock, statutes_path):
    """Two servers on PostgreSQL, where transactions commit in another order than their
    rows were numbered (SQLite has one writer at a time)."""
    url, drop = scratch_database(postgres_server)
    opened = open_pair(url, tmp_path, clock, statutes_path)
    yield opened
    for server in opened:
        server.close()
    drop()


def test_a_row_committed_late_is_still_applied(servers_on_postgres):
    a, b = servers_on_postgres
    assert b.follower.catch_up().action == "rebuilt"
    slow = a.db.session()
    slow.begin()
    record_search_change(slow, "guide:1")
    slow.flush()  # its number is taken; the transaction is still open
    with a.db.session() as session, session.begin():
        record_search_change(session, "guide:2")
    first = b.follower.catch_up()
    assert (first.action, first.applied) == ("applied", 1)  # guide:2; guide:1's number is a hole
    assert FeedCursor.from_json(b.search.store.read_position()).watermark < a.search.feed.head()
    slow.commit()
    slow.close()
    late = b.follower.catch_up()
    assert late.action == "applied"
    assert b.follower.catch_up().action == "idle"
    assert FeedCursor.from_json(b.search.store.read_position()).watermark == a.search.feed.head()


def test_pruning_on_both_databases(servers_on):
    a, b = servers_on
    b.follower.catch_up()
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=30)
    assert a.search.feed.prune(later) > 0
    assert a.search.feed.prune(later) == 0
    head = a.search.feed.head()
    assert a.search.feed.read_after(0).pruned_through == head - 1
    assert b.follower.catch_up().action == "idle"  # its position was at the head
