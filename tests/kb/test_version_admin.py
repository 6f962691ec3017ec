"""Replacing and withdrawing a version: the old text stays readable in the statute's
history (已替换 / 已撤回, who, when, why), the change is recorded, logged and announced,
and the refusals (a corpus version, the only version, a file without articles, no reason,
a staff member) save nothing."""
import datetime as dt
from pathlib import Path

import pytest

from accounts.permissions import actor_of
from accounts.security_log import EventQuery
from core.errors import InvalidInput, NotFound, PermissionDenied
from kb.intake import IntakeMetadata
from tests.support.statute_files import write_docx, write_txt

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SAMPLE = FIXTURES / "intake" / "样例市内部审计工作规定.md"
AUDIT_LAW_2021 = FIXTURES / "statutes" / "经济法" / "样例审计法(2021-10-23).md"
MARK = "第一条 （2026年修正）"


@pytest.fixture
def admin(loaded_kb, make_user):
    return actor_of(make_user("boss", role="admin", display_name="王管理"))


@pytest.fixture
def law(loaded_kb):
    return loaded_kb.library.find_statute("样例审计法")


def intake_version(kb, admin):
    text = AUDIT_LAW_2021.read_text(encoding="utf-8").replace("第一条", MARK, 1)
    kb.intake.save(admin, write_txt(text), "修正.txt", IntakeMetadata(
        level="法律", new_version_of="样例审计法", promulgated=dt.date(2026, 6, 1),
        effective=dt.date(2027, 1, 1)))
    return next(v for v in kb.library.versions(kb.library.find_statute("样例审计法").id)
                if v.version_date == dt.date(2026, 6, 1))


def test_withdraw_a_version_an_intake_added(loaded_kb, admin, law, make_user):
    follower = actor_of(make_user("li"))
    loaded_kb.follows.follow(follower, law.id)
    version = intake_version(loaded_kb, admin)
    loaded_kb.versions.withdraw(admin, law.id, version.id, "误将征求意见稿作为正式文本导入")
    assert [v.version_date for v in loaded_kb.library.versions(law.id)] == [
        dt.date(2006, 2, 28), dt.date(2021, 10, 23)]
    entry, = loaded_kb.versions.history(law.id)
    assert (entry.kind_text, entry.actor_name, entry.label) == ("已撤回", "王管理", "2026-06-01 版")
    assert entry.reason == "误将征求意见稿作为正式文本导入"
    kept = loaded_kb.versions.retired(law.id, entry.id)
    assert any(MARK.split()[1] in u.text or MARK in u.label + u.text for u in kept.units)
    assert loaded_kb.library.current_version(law.id).status == "现行有效"
    change = loaded_kb.library_feed.changes(kind="withdrawn").items[0]
    assert change.detail == "2026-06-01 版已撤回：误将征求意见稿作为正式文本导入"
    events = loaded_kb.security_log.page(EventQuery("version_withdrawn"), 1).items
    assert [e.detail for e in events] == ["误将征求意见稿作为正式文本导入"]
    titles = [n.title for n in loaded_kb.inbox.notices(follower).items]
    assert titles == ["关注的法规撤回版本：《中华人民共和国样例审计法》",
                      "关注的法规新版本：《中华人民共和国样例审计法》"]
    with pytest.raises(NotFound):
        loaded_kb.versions.withdraw(admin, law.id, version.id, "再撤一次")


def test_replace_a_corpus_version_keeps_its_id_and_the_old_text(loaded_kb, admin, law):
    current = loaded_kb.library.current_version(law.id)
    before = loaded_kb.library.get_article(law.id, (1, 0)).text
    corrected = AUDIT_LAW_2021.read_text(encoding="utf-8").replace("第一条", "第一条 更正后的第一条。", 1)
    loaded_kb.versions.replace(admin, law.id, current.id, write_docx(corrected), "更正.docx", "原文件第一条有错字")
    assert loaded_kb.library.current_version(law.id).id == current.id
    assert loaded_kb.library.get_article(law.id, (1, 0)).text.startswith("更正后的第一条。")
    entry, = loaded_kb.versions.history(law.id)
    assert (entry.kind_text, entry.version_id, entry.reason) == ("已替换", current.id, "原文件第一条有错字")
    old_first = next(u for u in loaded_kb.versions.retired(law.id, entry.id).units if u.label == "第一条")
    assert old_first.text == before
    assert loaded_kb.library_feed.changes(kind="replaced").items[0].version_id == current.id
    # The unchanged corpus file imported again leaves the replacement in place.
    from kb.importer import Importer
    Importer(loaded_kb.db).import_path(AUDIT_LAW_2021.parent.parent)
    assert loaded_kb.library.get_article(law.id, (1, 0)).text.startswith("更正后的第一条。")


@pytest.mark.parametrize("data, reason, message", [
    ("关于召开会议的通知\n\n各科室：定于下周召开会议。", "更正", "中没有找到条文"),
    (None, "  ", "请填写原因"),
    (None, "长" * 301, "原因不超过 300 字"),
])
def test_a_bad_replacement_changes_nothing(loaded_kb, admin, law, data, reason, message):
    current = loaded_kb.library.current_version(law.id)
    text = data or AUDIT_LAW_2021.read_text(encoding="utf-8").replace("第一条", "第一条 更正。", 1)
    with pytest.raises(InvalidInput, match=message):
        loaded_kb.versions.replace(admin, law.id, current.id, write_txt(text), "更正.txt", reason)
    assert loaded_kb.versions.history(law.id) == []
    assert loaded_kb.library_feed.changes().total == 1


def test_refusals(loaded_kb, admin, law, make_user):
    corpus = loaded_kb.library.current_version(law.id)
    with pytest.raises(InvalidInput, match="法规语料中的版本，不能撤回"):
        loaded_kb.versions.withdraw(admin, law.id, corpus.id, "不要了")
    own = loaded_kb.intake.save(admin, write_txt(SAMPLE.read_text(encoding="utf-8")), "规定.txt",
                                IntakeMetadata(level="本单位制度"))
    only = loaded_kb.library.current_version(own.statute_id)
    with pytest.raises(InvalidInput, match="唯一的版本，撤回后该法规将没有正文"):
        loaded_kb.versions.withdraw(admin, own.statute_id, only.id, "不要了")
    with pytest.raises(PermissionDenied):
        loaded_kb.versions.withdraw(actor_of(make_user("li")), own.statute_id, only.id, "不要了")
    with pytest.raises(NotFound):
        loaded_kb.versions.withdraw(admin, law.id, only.id, "不是它的版本")
    assert len(loaded_kb.library.versions(own.statute_id)) == 1
