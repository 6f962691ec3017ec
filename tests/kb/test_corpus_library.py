"""The whole corpus: imported with no errors, nothing lost, versions answered by date."""
import datetime as dt

import pytest

from kb.fidelity import FidelityChecker
from kb.importer import Importer

pytestmark = pytest.mark.corpus


def test_whole_corpus_imports_without_errors(corpus_kb):
    summary = corpus_kb.import_summary
    assert summary.files == 3423  # 3,475 documents less the 52 cases
    assert summary.skipped == 0
    assert summary.documents == 3416  # the 民法典 part files merge into one
    assert not [w for w in summary.warnings if "失败" in w.message or "跳过" in w.message]
    assert summary.total_articles > 146_000
    assert summary.total_statutes == 3309


def test_whole_corpus_has_no_lost_text(corpus_kb, corpus_path):
    report = FidelityChecker(corpus_kb.db).check_path(corpus_path)
    assert report.ok, [(c.path, c.problem) for c in report.failures[:5]]
    gaps = {c.path: c.gaps for c in report.checks if c.gaps}
    # 第一百二十八 条 (a stray space in the source) is repaired, so no gap there.
    assert "诉讼与非诉讼程序法/刑事诉讼法(2018-10-26).md" not in gaps
    assert (65, 78) in gaps["行政法规/飞行基本规则(2007-10-18).md"]


def test_reimport_is_a_no_op(corpus_kb, corpus_path):
    summary = Importer(corpus_kb.db).import_path(corpus_path)
    assert summary.documents == 0 and summary.unchanged == 3416


def test_audit_law_article_34(corpus_kb):
    view = corpus_kb.library.get_article("审计法", 34)
    assert view.statute.title == "中华人民共和国审计法"
    assert view.version.version_date == dt.date(2021, 10, 23)
    assert view.paragraphs[0].text.startswith("审计机关有权要求被审计单位按照审计机关的规定提供")


@pytest.mark.parametrize("on, year", [(dt.date(2020, 1, 1), 2017), (dt.date(2025, 1, 1), 2024)])
def test_accounting_law_by_date(corpus_kb, on, year):
    view = corpus_kb.library.get_article("会计法", 1, on)
    assert view.version.version_date.year == year and view.in_force_on_date


def test_civil_code_is_one_statute(corpus_kb):
    lib = corpus_kb.library
    code = lib.find_statute("民法典")
    [version] = lib.versions(code.id)
    assert version.article_count == 1260
    view = lib.get_article("民法典", 153)
    assert view.chapter[0] == "总则"
    assert "违反法律、行政法规的强制性规定的民事法律行为无效" in view.text
