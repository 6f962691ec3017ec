"""Resolving references against the fixture library: versions by date, missing articles,
unknown and repealed statutes, and the `cite` command."""
import datetime as dt
import json

from kb.citations.resolver import (STATUS_NEAREST, STATUS_NO_ARTICLE, STATUS_REPEALED,
                                   STATUS_RESOLVED, STATUS_UNKNOWN, STATUS_NOT_HELD)
from kb.cli import main
from tests.support.statute_files import add_statute


def one(kb, text, on=None):
    (citation,) = kb.linker.cite(text, on)
    return citation


def test_current_version_without_a_date(citing_kb):
    c = one(citing_kb, "依据《中华人民共和国样例审计法》第四条第一款第（二）项")
    assert (c.law_title, c.short_title, c.article_no) == ("中华人民共和国样例审计法", "样例审计法", 4)
    assert c.resolved and c.status == STATUS_RESOLVED and c.exact_version
    assert c.version_date == dt.date(2021, 10, 23)
    assert (c.paragraph, c.item) == (1, 2)


def test_the_version_in_force_on_the_date(citing_kb):
    assert one(citing_kb, "《样例审计法》第四条", dt.date(2015, 1, 1)).version_date == dt.date(2006, 2, 28)
    # The 2021 version took effect on 2022-01-01.
    assert one(citing_kb, "《样例审计法》第四条", dt.date(2021, 12, 31)).version_date == dt.date(2006, 2, 28)
    assert one(citing_kb, "《样例审计法》第四条", dt.date(2022, 1, 1)).version_date == dt.date(2021, 10, 23)


def test_before_any_stored_version_the_nearest_is_linked_and_marked(citing_kb):
    c = one(citing_kb, "《样例审计法》第二条", dt.date(2000, 1, 1))
    assert c.resolved and not c.exact_version and c.status == STATUS_NEAREST
    assert c.version_date == dt.date(2006, 2, 28)


def test_a_version_the_text_names_wins(citing_kb):
    c = one(citing_kb, "《样例审计法》（2006年修正）第四条", dt.date(2023, 1, 1))
    assert c.version_date == dt.date(2006, 2, 28) and c.exact_version


def test_articles_that_do_not_exist(citing_kb):
    c = one(citing_kb, "《样例审计法》第九十九条")
    assert c.status == STATUS_NO_ARTICLE and not c.resolved and c.statute_id is not None
    assert one(citing_kb, "《样例审计法》第三条之一").resolved
    assert one(citing_kb, "《样例审计法》第三条之一", dt.date(2015, 1, 1)).status == STATUS_NO_ARTICLE


def test_unknown_statutes_are_reported_not_dropped(citing_kb):
    c = one(citing_kb, "违反了《某市会议费管理办法》第十二条")
    assert c.status == STATUS_UNKNOWN and not c.resolved and c.statute_id is None
    assert (c.law_title, c.article_no) == ("某市会议费管理办法", 12)


def test_a_statute_repealed_by_another_is_reported_from_its_repeal_date(citing_kb):
    text = "违反了《中华人民共和国样例旧财政法》第三条"
    c = one(citing_kb, text, dt.date(2023, 5, 1))
    assert c.status == STATUS_REPEALED and not c.resolved
    assert c.repealed_on == dt.date(2022, 1, 1) and c.repealed_by == "中华人民共和国样例财政法"
    # Before its repeal it was the law: the library knows of it, holds no text of it.
    before = one(citing_kb, text, dt.date(2021, 5, 1))
    assert before.status == STATUS_NOT_HELD and before.notice == "2021-05-01 时有效，库中无该法文本"
    assert before.statute_status == "现行有效"


def test_a_range_yields_one_entry_per_article(citing_kb):
    found = citing_kb.linker.cite("《样例审计法》第一条至第四条")
    assert [c.article_no for c in found] == [1, 2, 3, 4]
    assert [c.implied for c in found] == [False, True, True, False]


def test_the_snapshot_follows_an_import(citing_kb, tmp_path):
    assert one(citing_kb, "《样例新规定》第一条").status == STATUS_UNKNOWN
    add_statute(citing_kb, tmp_path)
    assert one(citing_kb, "《样例新规定》第一条").resolved


def test_cite_command_prints_json(citing_kb, cli_env, capsys):
    assert main(["cite", "依据《样例审计法》第二条、第三条和《不存在法》第一条", "--date", "2023-01-01",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(d["short_title"], d["article_no"], d["resolved"]) for d in data] == [
        ("样例审计法", 2, True), ("样例审计法", 3, True), ("不存在法", 1, False)]
    assert {"text", "law_title", "start", "end", "version_date", "exact_version", "paragraph",
            "item", "status"} <= set(data[0])
    assert main(["cite", "第二条", "--date", "2023-13-01"]) == 2
