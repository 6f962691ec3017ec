"""法规动态 and 关注: every import or intake that changes the library is recorded in its own
transaction (the corpus's first import as one entry), listed newest first with filters;
a follower of a statute hears of its new versions and repeals once, in the inbox and by
email when they have email notices on."""
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from accounts.permissions import actor_of, system_actor
from accounts.user_admin import NewUser
from core.errors import Conflict, InvalidInput, StatuteNotFound
from kb.intake import IntakeMetadata
from kb.library_changes import LibraryChange
from quizzes.notify.library import LibraryNotices
from quizzes.notify.models import CHANNEL_EMAIL, OutboxMessage
from quizzes.notify.notifier import Notifier
from tests.support.environment import PASSWORD
from tests.support.statute_files import write_docx, write_txt
from tests.support.work_queue import run_queue

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SAMPLE = FIXTURES / "intake" / "样例市内部审计工作规定.md"
AUDIT_LAW_2021 = FIXTURES / "statutes" / "经济法" / "样例审计法(2021-10-23).md"


@pytest.fixture
def admin(loaded_kb, make_user):
    return actor_of(make_user("boss", role="admin", display_name="王管理"))


@pytest.fixture
def reader(loaded_kb, make_user):
    return actor_of(make_user("li", display_name="李审计"))


def new_audit_law(kb, admin, text=None):
    text = text or AUDIT_LAW_2021.read_text(encoding="utf-8").replace("第一条", "第一条 （2026年修正）", 1)
    return kb.intake.save(admin, write_txt(text), "审计法修正.txt", IntakeMetadata(
        level="法律", new_version_of="样例审计法", promulgated=dt.date(2026, 6, 1),
        effective=dt.date(2027, 1, 1)))


def test_the_first_import_is_one_entry(loaded_kb):
    page = loaded_kb.library_feed.changes()
    assert page.total == 1
    entry, = page.items
    assert (entry.kind, entry.actor_name, entry.statute_id) == ("initial", "系统", None)
    assert entry.title.startswith("初次导入 ") and entry.title.endswith(" 部法规")


def test_an_intake_is_recorded_with_who_and_what(loaded_kb, admin):
    loaded_kb.intake.save(admin, write_docx(SAMPLE.read_text(encoding="utf-8")), "规定.docx",
                          IntakeMetadata(level="本单位制度"))
    result = new_audit_law(loaded_kb, admin)
    newest, added, initial = loaded_kb.library_feed.changes().items
    assert (newest.kind, newest.kind_name, newest.statute_id) == ("version", "新版本", result.statute_id)
    assert newest.actor_name == "王管理" and newest.has_correspondence
    assert newest.detail.startswith("2026-06-01 版")
    assert (added.kind, added.title, added.level, added.has_correspondence) == (
        "statute", "样例市内部审计工作规定", "本单位制度", False)
    assert initial.kind == "initial"
    assert [c.kind for c in loaded_kb.library_feed.changes(kind="statute").items] == ["statute"]
    assert [c.title for c in loaded_kb.library_feed.changes(level="法律").items] == ["中华人民共和国样例审计法"]
    second = loaded_kb.library_feed.changes(page=2, per_page=2)
    assert (second.total, [c.kind for c in second.items]) == (3, ["initial"])
    with pytest.raises(InvalidInput, match="变更类型只能是"):
        loaded_kb.library_feed.changes(kind="deleted")


def test_a_failed_intake_records_nothing(loaded_kb, admin):
    with pytest.raises(InvalidInput):
        loaded_kb.intake.save(admin, write_txt(SAMPLE.read_text(encoding="utf-8")), "规定.txt",
                              IntakeMetadata(level="本单位制度", promulgated=dt.date(2024, 5, 1),
                                             effective=dt.date(2024, 4, 1)))
    assert loaded_kb.library_feed.changes().total == 1


def test_a_repeal_correction_is_a_change_by_its_author(loaded_kb, admin):
    statute = loaded_kb.library.find_statute("样例审计法实施条例")
    loaded_kb.legal_time.correct_repeal(admin, statute.id, dt.date(2025, 1, 1), "样例废止决定", "核对")
    change = loaded_kb.library_feed.changes(kind="repeal").items[0]
    assert (change.statute_id, change.actor_name) == (statute.id, "王管理")
    assert change.detail.startswith("2025-01-01 废止")
    loaded_kb.legal_time.correct_repeal(admin, statute.id, None, "", "误录")
    assert loaded_kb.library_feed.changes(kind="status").items[0].detail.startswith("不再记为已废止")


def test_follow_and_unfollow(loaded_kb, reader):
    statute = loaded_kb.library.find_statute("样例审计法")
    followed = loaded_kb.follows.follow(reader, statute.id)
    assert followed.title == "中华人民共和国样例审计法" and loaded_kb.follows.is_following(reader, statute.id)
    with pytest.raises(Conflict, match="你已关注《中华人民共和国样例审计法》"):
        loaded_kb.follows.follow(reader, statute.id)
    assert [f.statute_id for f in loaded_kb.follows.followed(reader).items] == [statute.id]
    loaded_kb.follows.unfollow(reader, statute.id)
    with pytest.raises(Conflict, match="你没有关注《中华人民共和国样例审计法》"):
        loaded_kb.follows.unfollow(reader, statute.id)
    with pytest.raises(StatuteNotFound):
        loaded_kb.follows.follow(reader, 999999)
    assert loaded_kb.follows.followed(reader).total == 0


def test_a_follower_hears_of_a_new_version_once(loaded_kb, admin, reader, make_user):
    other = actor_of(make_user("zhao"))
    statute = loaded_kb.library.find_statute("样例审计法")
    loaded_kb.follows.follow(reader, statute.id)
    result = new_audit_law(loaded_kb, admin)
    notices = loaded_kb.inbox.notices(reader).items
    assert [n.title for n in notices] == ["关注的法规新版本：《中华人民共和国样例审计法》"]
    version, = [v for v in loaded_kb.library.versions(result.statute_id)
                if v.version_date == dt.date(2026, 6, 1)]
    assert notices[0].link == f"/laws/{statute.id}/correspondence?new={version.id}"
    assert f"/laws/{statute.id}?version={version.id}" in notices[0].body
    assert loaded_kb.inbox.notices(other).total == 0
    assert loaded_kb.library_notices.announce_pending() == 0
    assert loaded_kb.inbox.notices(reader).total == 1


def test_a_follower_with_email_on_gets_an_email(loaded_kb, admin):
    user = loaded_kb.users.create_user(system_actor(), NewUser(
        "qian", "钱审计", "staff", password=PASSWORD, must_change_password=False,
        email="qian@example.org")).user
    follower = actor_of(user)
    statute = loaded_kb.library.find_statute("样例审计法实施条例")
    loaded_kb.follows.follow(follower, statute.id)
    loaded_kb.legal_time.correct_repeal(admin, statute.id, dt.date(2025, 1, 1), "样例废止决定", "核对")
    notices = LibraryNotices(loaded_kb.db.session, loaded_kb.clock,
                             Notifier(loaded_kb.db.session, loaded_kb.clock, email_enabled=True),
                             loaded_kb.follows, "https://audit.example.org")
    assert notices.announce_pending() == 1
    with loaded_kb.db.session() as session:
        mail = session.scalars(select(OutboxMessage).where(OutboxMessage.channel == CHANNEL_EMAIL)).one()
        announced = session.scalar(select(func.count(LibraryChange.id))
                                   .where(LibraryChange.announced_at.is_not(None)))
    assert mail.address == "qian@example.org" and mail.subject == "关注的法规废止：《中华人民共和国样例审计法实施条例》"
    assert mail.link == f"https://audit.example.org/laws/{statute.id}"
    assert announced == 1


def test_the_corpus_import_does_not_flood_the_page(corpus_kb):
    from kb.library import library_counts
    with corpus_kb.db.session() as session:
        statutes, versions, _ = library_counts(session)
    page = corpus_kb.library_feed.changes()
    assert page.total == 1
    assert page.items[0].title == f"初次导入 {statutes:,} 部法规"


def test_an_import_job_names_who_started_it(loaded_kb, admin):
    job = loaded_kb.background.start_import(admin, str(FIXTURES / "citations"))
    run_queue(loaded_kb)
    assert loaded_kb.jobs.get(job.id).status == "done"
    added = loaded_kb.library_feed.changes(kind="statute").items
    # A job remembers its starter's user name.
    assert [(c.title, c.actor_name) for c in added] == [("中华人民共和国样例财政法", "boss")]
