from sqlalchemy import select, update

from kb.fidelity import FidelityChecker
from kb.importer import Importer
from kb.models import Unit


def test_fixture_corpus_is_stored_without_loss(loaded_kb, statutes_path):
    report = FidelityChecker(loaded_kb.db).check_path(statutes_path)
    assert report.ok, [(c.path, c.problem) for c in report.failures]
    assert len(report.checks) == 9


def test_tampered_unit_is_reported_with_its_line(loaded_kb, statutes_path):
    with loaded_kb.db.session() as s, s.begin():
        unit = s.scalars(select(Unit).where(Unit.text.like("审计人员应当具备%"))).one()
        s.execute(update(Unit).where(Unit.id == unit.id).values(text="审计人员应当具备"))
    report = FidelityChecker(loaded_kb.db).check_path(statutes_path)
    [failure] = report.failures
    assert failure.path == "经济法/样例审计法(2021-10-23).md"
    assert "第 28 行" in failure.problem


def test_missing_document_is_reported(kb, statutes_path):
    Importer(kb.db).import_path(statutes_path / "经济法")
    report = FidelityChecker(kb.db).check_path(statutes_path)
    assert len(report.failures) == 7
    assert all("未导入" in c.problem for c in report.failures)


def test_gaps_and_duplicates_are_listed(kb, tmp_path):
    folder = tmp_path / "经济法"
    folder.mkdir()
    (folder / "缺条法.md").write_text(
        "# 缺条法\n\n<!-- INFO END -->\n\n第一条 甲。\n\n第四条 乙。\n\n第四条 丙。\n", encoding="utf-8")
    Importer(kb.db).import_path(tmp_path)
    [check] = FidelityChecker(kb.db).check_path(tmp_path).checks
    assert check.problem is None
    assert check.gaps == [(2, 3)] and check.duplicates == [4]
