"""Importing into the library: idempotence, replacement, duplicates, transactions."""
import shutil

import pytest
from sqlalchemy import func, select

from kb import importer as importer_module
from kb.importer import Importer
from kb.models import SourceFile, Statute, StatuteVersion, Unit
from laws.corpus import CorpusError


def counts(kb):
    with kb.db.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (Statute, StatuteVersion, Unit))


def test_import_fixture_corpus(kb, statutes_path):
    progress = []
    summary = Importer(kb.db, lambda done, total, name: progress.append((done, total))).import_path(statutes_path)
    assert summary.files == 9
    assert summary.documents == 8 and summary.skipped == 0
    assert summary.new_versions == 8
    assert summary.total_statutes == 7 and summary.total_versions == 8
    assert progress[-1] == (9, 9)
    assert any("条号重复" in str(w) for w in summary.warnings)


def test_reimport_unchanged_changes_nothing(kb, statutes_path):
    Importer(kb.db).import_path(statutes_path)
    before = counts(kb)
    with kb.db.session() as s:
        stamps = s.execute(select(StatuteVersion.id, StatuteVersion.imported_at)).all()
    summary = Importer(kb.db).import_path(statutes_path)
    assert summary.unchanged == 8 and summary.documents == 0
    assert counts(kb) == before
    with kb.db.session() as s:
        assert s.execute(select(StatuteVersion.id, StatuteVersion.imported_at)).all() == stamps


def test_changed_file_replaces_its_version(kb, statutes_path, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(statutes_path, corpus)
    Importer(kb.db).import_path(corpus)
    law = corpus / "经济法" / "样例审计法(2021-10-23).md"
    law.write_text(law.read_text(encoding="utf-8").replace("第六条 本法自2022年1月1日起施行。",
                                                           "第六条 本法自2022年3月1日起施行。"), encoding="utf-8")
    before = counts(kb)
    summary = Importer(kb.db).import_path(law)
    assert summary.updated_versions == 1 and summary.new_versions == 0
    assert counts(kb) == before
    article = kb.library.get_article("样例审计法", 6)
    assert "2022年3月1日" in article.text


def test_same_version_filed_twice_is_one_version(kb, statutes_path, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(statutes_path, corpus)
    twin = corpus / "行政法" / "样例审计法(2021-10-23).md"
    twin.parent.mkdir()
    text = (corpus / "经济法" / "样例审计法(2021-10-23).md").read_text(encoding="utf-8")
    twin.write_text(text.replace("<!-- INFO END -->", "2022年2月1日 另一处记载\n\n<!-- INFO END -->"), encoding="utf-8")
    summary = Importer(kb.db).import_path(corpus)
    assert summary.duplicates == 1
    statute = kb.library.find_statute("样例审计法")
    versions = kb.library.versions(statute.id)
    assert len(versions) == 2
    assert "2022年2月1日 另一处记载" in versions[-1].header_lines
    with kb.db.session() as s:
        assert s.scalar(select(func.count()).select_from(SourceFile)) == 10


def test_one_failing_document_leaves_nothing_half_written(kb, statutes_path, monkeypatch):
    real = importer_module.unit_rows

    def failing(doc, version_id):
        if "实施条例" in doc.title:
            rows = real(doc, version_id)
            rows[-1]["text"] = None  # NOT NULL: the insert fails after the version row exists
            return rows
        return real(doc, version_id)

    monkeypatch.setattr(importer_module, "unit_rows", failing)
    summary = Importer(kb.db).import_path(statutes_path)
    assert summary.skipped == 1
    assert any("写入数据库失败" in str(w) for w in summary.warnings)
    with kb.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Statute).where(Statute.title.like("%实施条例"))) == 0
    assert summary.total_versions == 7


def test_bad_paths_are_errors(kb, tmp_path):
    with pytest.raises(CorpusError, match="路径不存在"):
        Importer(kb.db).import_path(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match="没有法规文件"):
        Importer(kb.db).import_path(tmp_path / "empty")


def test_bad_files_are_warned_and_skipped(kb, tmp_path):
    folder = tmp_path / "经济法"
    folder.mkdir()
    (folder / "空.md").write_bytes(b"")
    (folder / "二进制.md").write_bytes(b"\x00\x01\x02")
    (folder / "好法.md").write_text("# 中华人民共和国好法\n\n<!-- INFO END -->\n\n第一条 内容。\n", encoding="utf-8")
    summary = Importer(kb.db).import_path(tmp_path)
    assert summary.skipped == 2 and summary.new_versions == 1
    assert {w.path for w in summary.warnings} >= {"经济法/空.md", "经济法/二进制.md"}


def test_branch_inferred_from_the_law_a_regulation_implements(loaded_kb):
    regulation = loaded_kb.library.find_statute("样例审计法实施条例")
    assert regulation.branch == "经济法"
    local = loaded_kb.library.find_statute("某省样例审计条例")
    assert local.branch == "经济法"  # its first article cites 《中华人民共和国样例审计法》
