"""Comparing an article across versions: character diff, history, matched articles."""
import datetime as dt

import pytest

from kb.compare import DELETED, INSERTED, SAME, diff_texts
from core.errors import ArticleNotFound, NotFound


def spans(line):
    return [(s.kind, s.text) for s in line]


def test_diff_marks_deleted_and_inserted_characters():
    diff = diff_texts("审计机关有权要求提供资料。\n第二款。", "审计机关有权要求及时提供资料。\n第二款。")
    assert spans(diff.left[0]) == [(SAME, "审计机关有权要求提供资料。")]
    assert spans(diff.right[0]) == [(SAME, "审计机关有权要求"), (INSERTED, "及时"), (SAME, "提供资料。")]
    assert diff.changed and len(diff.left) == len(diff.right) == 2


def test_short_common_runs_fold_into_the_change():
    diff = diff_texts("甲的乙丙丁戊己庚", "子的丑丙丁戊己庚")
    assert spans(diff.left[0]) == [(DELETED, "甲的乙"), (SAME, "丙丁戊己庚")]
    assert spans(diff.right[0]) == [(INSERTED, "子的丑"), (SAME, "丙丁戊己庚")]


def test_identical_texts():
    diff = diff_texts("同样", "同样")
    assert not diff.changed and diff.similarity == 1.0


def test_compare_defaults_to_current_and_previous(loaded_kb):
    statute = loaded_kb.library.find_statute("样例审计法")
    comparison = loaded_kb.article_versions.compare(statute.id, "4")
    assert comparison.left_version.version_date == dt.date(2006, 2, 28)
    assert comparison.right_version.version_date == dt.date(2021, 10, 23)
    assert comparison.diff.changed and comparison.label == "第四条"


def test_compare_article_missing_on_one_side(loaded_kb):
    statute = loaded_kb.library.find_statute("样例审计法")
    comparison = loaded_kb.article_versions.compare(statute.id, "3-1")
    assert comparison.left == () and comparison.right[0].article_label == "第三条之一"
    assert comparison.change == "added"
    assert comparison.diff.left == () and {s.kind for s in comparison.diff.right[0]} == {INSERTED}


def test_compare_errors(loaded_kb):
    statute = loaded_kb.library.find_statute("样例审计法")
    with pytest.raises(ArticleNotFound):
        loaded_kb.article_versions.compare(statute.id, "99")
    with pytest.raises(NotFound, match="没有编号为"):
        loaded_kb.article_versions.compare(statute.id, "4", left_id=99999)
