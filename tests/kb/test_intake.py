"""Statute intake: a Word, PDF, web page or text file stored as a new statute or a new
version, with the administrator's metadata, in one transaction, linked, indexed and logged;
the same file again changes nothing; every bad input a Chinese message and nothing saved."""
import datetime as dt
from pathlib import Path

import pytest

from accounts.permissions import actor_of
from accounts.security_log import EventQuery
from core.errors import InvalidInput, PermissionDenied
from kb.cli import main
from kb.intake import IntakeMetadata
from kb.library import library_counts
from tests.support.statute_files import write_docx, write_pdf, write_txt

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SAMPLE = FIXTURES / "intake" / "样例市内部审计工作规定.md"
AUDIT_LAW_2021 = FIXTURES / "statutes" / "经济法" / "样例审计法(2021-10-23).md"


@pytest.fixture
def admin(loaded_kb, make_user):
    return actor_of(make_user("boss", role="admin"))


def counts(kb):
    with kb.db.session() as session:
        return library_counts(session)


def test_a_word_file_becomes_a_statute_of_the_bureaus_own(loaded_kb, admin):
    before = counts(loaded_kb)
    data = write_docx(SAMPLE.read_text(encoding="utf-8"))
    result = loaded_kb.intake.save(admin, data, "内部审计工作规定.docx",
                                   IntakeMetadata(level="本单位制度", issuer="样例市人民政府",
                                                  effective=dt.date(2023, 8, 1)))
    assert (result.outcome, result.title, result.articles) == ("new", "样例市内部审计工作规定", 36)
    statute = loaded_kb.library.find_statute("样例市内部审计工作规定")
    assert (statute.level, statute.id) == ("本单位制度", result.statute_id)
    version, = loaded_kb.library.versions(statute.id)
    assert version.effective_date == dt.date(2023, 8, 1)
    after = counts(loaded_kb)
    assert after[0] == before[0] + 1 and after[2] == before[2] + 36
    events = loaded_kb.security_log.page(EventQuery("statute_intake"), 1).items
    assert [e.target for e in events] == ["《样例市内部审计工作规定》"]
    again = loaded_kb.intake.save(admin, data, "内部审计工作规定.docx", IntakeMetadata(level="本单位制度"))
    assert again.outcome == "unchanged" and counts(loaded_kb) == after


def test_a_new_version_of_a_statute_held(loaded_kb, admin):
    held = loaded_kb.library.find_statute("样例审计法")
    versions = len(loaded_kb.library.versions(held.id))
    text = AUDIT_LAW_2021.read_text(encoding="utf-8").replace("第一条", "第一条 （2026年修正）", 1)
    result = loaded_kb.intake.save(admin, write_pdf(text), "审计法修正.pdf", IntakeMetadata(
        level="法律", new_version_of="样例审计法", promulgated=dt.date(2026, 6, 1),
        effective=dt.date(2027, 1, 1)))
    assert (result.outcome, result.statute_id) == ("new", held.id)
    newest = loaded_kb.library.versions(held.id)
    assert len(newest) == versions + 1
    assert any(v.version_date == dt.date(2026, 6, 1) and v.effective_date == dt.date(2027, 1, 1)
               for v in newest)


@pytest.mark.parametrize("metadata, data, message", [
    (IntakeMetadata(level="本单位制度", promulgated=dt.date(2024, 5, 1), effective=dt.date(2024, 4, 1)),
     None, "施行日期 2024-04-01 早于公布日期 2024-05-01"),
    (IntakeMetadata(level="法律", new_version_of="样例不存在法"), None, "法规库中没有《样例不存在法》"),
    (IntakeMetadata(level="内部通知"), None, "效力级别只能是"),
    (IntakeMetadata(level="本单位制度"), "关于召开年度审计工作会议的通知\n\n各科室：定于下周召开会议。".encode("gbk"),
     "没有找到条文"),
    (IntakeMetadata(level="本单位制度"), b"PK\x03\x04 not really a zip", "不是 Word 文档"),
])
def test_bad_input_saves_nothing(loaded_kb, admin, metadata, data, message):
    before = counts(loaded_kb)
    data = data if data is not None else write_txt(SAMPLE.read_text(encoding="utf-8"))
    with pytest.raises(InvalidInput, match=message):
        loaded_kb.intake.save(admin, data, "规定.txt" if data[:2] != b"PK" else "规定.docx", metadata)
    assert counts(loaded_kb) == before


def test_only_administrators_import(loaded_kb, make_user):
    trainer = actor_of(make_user("t1", role="trainer"))
    with pytest.raises(PermissionDenied):
        loaded_kb.intake.save(trainer, write_docx(SAMPLE.read_text(encoding="utf-8")), "a.docx",
                              IntakeMetadata(level="本单位制度"))


def test_command_line_import_of_a_file(cli_env, statutes_path, tmp_path, capsys):
    assert main(["import", str(statutes_path)]) == 0
    source = tmp_path / "内部审计工作规定.docx"
    source.write_bytes(write_docx(SAMPLE.read_text(encoding="utf-8")))
    assert main(["import", str(source)]) == 2
    assert "请用 --level 指明效力级别" in capsys.readouterr().err
    assert main(["import", str(source), "--level", "本单位制度", "--effective", "2023-08-01"]) == 0
    assert "导入完成：《样例市内部审计工作规定》，新版本，条文 36 条。" in capsys.readouterr().out
    assert main(["import", str(source), "--level", "本单位制度"]) == 0
    assert "已经导入过，没有变化" in capsys.readouterr().out
    assert main(["import", str(source), "--level", "本单位制度", "--effective", "2023-13-01"]) == 2
    assert main(["import", str(statutes_path), "--title", "x"]) == 2
    assert main(["show", "样例市内部审计工作规定", "第三条"]) == 0
