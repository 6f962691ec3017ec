"""The citation check on a pasted report: statuses, structure problems, 漏引 and 错引."""
import datetime as dt

import pytest

from kb.citations.check import (WARN_MISSING_CHARACTERISATION, WARN_MISSING_SANCTION,
                                WARN_WRONG_ARTICLE)
from kb.cli import main
from kb.guide.seed import seed_guide
from tests.support.environment import FIXTURES


@pytest.fixture
def checker_kb(citing_kb):
    seed_guide(citing_kb.guide, FIXTURES / "guide" / "findings.toml")
    return citing_kb


def test_each_reference_gets_a_status(checker_kb):
    text = ("依据《样例审计法》第四条、第九十九条和《样例审计法》第二条第五款，"
            "以及《不存在法》第一条、《中华人民共和国样例旧财政法》第三条。")
    report = checker_kb.checker.check(text, dt.date(2023, 1, 1))
    messages = [(i.citation.article_no, i.ok, i.message) for i in report.items]
    assert messages[0] == (4, True, "")
    assert "没有第九十九条" in messages[1][2]
    assert "只有3款，没有第五款" in messages[2][2]
    assert "法规库中没有《不存在法》" in messages[3][2]
    assert "已于2022-01-01废止（废止依据：《中华人民共和国样例财政法》）" in messages[4][2]
    assert report.counts() == {"resolved": 2, "no_such_article": 1, "unknown_statute": 1,
                               "repealed": 1}


def test_items_that_do_not_exist(checker_kb):
    (item,) = checker_kb.checker.check("《样例财政法》第三条第（九）项").items
    assert item.message == "第三条没有第（九）项"


def test_an_old_date_is_checked_against_the_nearest_version(checker_kb):
    (item,) = checker_kb.checker.check("《样例审计法》第二条", dt.date(2000, 1, 1)).items
    assert item.message.startswith("库中没有 2000-01-01 时有效的版本；现有 2006 年修正文本") and not item.ok


def test_characterisation_without_sanction(checker_kb):
    report = checker_kb.checker.check("该局存在无预算支出问题，违反了《样例财政法》第二条第一款的规定。")
    (warning,) = report.warnings
    assert warning.kind == WARN_MISSING_SANCTION and warning.entry_slug == "no-budget"
    assert warning.suggested == ("《样例财政法》第三条第（一）项",)


def test_sanction_without_characterisation(checker_kb):
    report = checker_kb.checker.check("被审计单位拒绝提供资料，依据《样例审计法》第五条责令改正。")
    assert [w.kind for w in report.warnings] == [WARN_MISSING_CHARACTERISATION]


def test_both_cited_no_warning_even_in_different_paragraphs(checker_kb):
    text = ("一、无预算支出问题，违反了《样例财政法》第二条的规定。\n"
            "二、处理意见：依据《样例财政法》第三条第（一）项，责令改正。")
    assert checker_kb.checker.check(text).warnings == ()


def test_another_article_of_the_same_statute_may_be_miscited(checker_kb):
    report = checker_kb.checker.check("拒绝提供资料的，违反了《样例审计法》第二条，依据《样例审计法》第五条处理。")
    kinds = [w.kind for w in report.warnings]
    assert WARN_WRONG_ARTICLE in kinds
    wrong = next(w for w in report.warnings if w.kind == WARN_WRONG_ARTICLE)
    assert "此处引用的是《样例审计法》第二条" in wrong.message


def test_text_dated_under_an_older_version_is_not_compared_with_the_guide(checker_kb):
    text = "拒绝提供资料的，违反了《样例审计法》第三条，依据第四条处理。"
    assert checker_kb.checker.check(text, dt.date(2015, 1, 1)).warnings == ()


def test_check_command(checker_kb, cli_env, tmp_path, capsys):
    report = tmp_path / "report.txt"
    report.write_text("依据《样例审计法》第四条处理。", encoding="utf-8")
    assert main(["check-citations", str(report)]) == 0
    report.write_text("依据《不存在法》第四条处理。", encoding="utf-8")
    assert main(["check-citations", str(report), "--json"]) == 1
    assert '"status": "unknown_statute"' in capsys.readouterr().out
    assert main(["check-citations", str(tmp_path / "missing.txt")]) == 2
