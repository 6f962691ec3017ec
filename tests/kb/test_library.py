import datetime as dt

import pytest

from core.errors import ArticleNotFound, InvalidInput, StatuteNotFound
from kb.models import STATUS_AMENDED, STATUS_CURRENT


def test_find_by_full_short_and_bracketed_name(loaded_kb):
    lib = loaded_kb.library
    ids = {lib.find_statute(n).id for n in ("中华人民共和国样例审计法", "样例审计法", "《样例审计法》", " 样例审计法 ")}
    assert len(ids) == 1


def test_unknown_statute_suggests(loaded_kb):
    with pytest.raises(StatuteNotFound) as error:
        loaded_kb.library.find_statute("样例审记法")
    assert "样例审计法" in error.value.suggestions


def test_versions_and_statuses(loaded_kb):
    lib = loaded_kb.library
    statute = lib.find_statute("样例审计法")
    versions = lib.versions(statute.id)
    assert [(v.version_date, v.status) for v in versions] == [
        (dt.date(2006, 2, 28), STATUS_AMENDED), (dt.date(2021, 10, 23), STATUS_CURRENT)]


@pytest.mark.parametrize("on, expected, exact", [
    (dt.date(2010, 1, 1), dt.date(2006, 2, 28), True),
    (dt.date(2021, 12, 31), dt.date(2006, 2, 28), True),   # 2021 version effective 2022-01-01
    (dt.date(2022, 1, 1), dt.date(2021, 10, 23), True),
    (dt.date(2000, 1, 1), dt.date(2006, 2, 28), False),    # none in the library: nearest, marked
])
def test_version_in_force_on_a_date(loaded_kb, on, expected, exact):
    lib = loaded_kb.library
    version, in_force = lib.version_on(lib.find_statute("样例审计法").id, on)
    assert (version.version_date, in_force) == (expected, exact)


def test_get_article_by_any_notation(loaded_kb):
    lib = loaded_kb.library
    for ref in (4, "4", "四", "第四条"):
        view = lib.get_article("样例审计法", ref)
        assert view.article_label == "第四条"
        assert view.chapter == ("第二章 审计机关权限",)
    assert lib.get_article("样例审计法", "第三条之一").article_suffix == 1
    old = lib.get_article("样例审计法", 4, dt.date(2010, 1, 1))
    assert old.version.version_date == dt.date(2006, 2, 28)
    assert old.text.startswith("被审计单位拒绝提供资料的")


def test_article_json_fields(loaded_kb):
    data = loaded_kb.library.get_article("样例审计法", 2).to_json()
    assert {"law_title", "short_title", "version_date", "status", "article_no", "article_label",
            "chapter", "paragraphs"} <= set(data)
    assert data["article_no"] == 2 and len(data["paragraphs"]) == 3


def test_missing_article_and_bad_numbers(loaded_kb):
    with pytest.raises(ArticleNotFound, match="第九十九条"):
        loaded_kb.library.get_article("样例审计法", 99)
    with pytest.raises(InvalidInput):
        loaded_kb.library.get_article("样例审计法", "第X条")
    with pytest.raises(InvalidInput):
        loaded_kb.library.get_article("样例审计法", 0)


def test_table_of_contents(loaded_kb):
    lib = loaded_kb.library
    version = lib.current_version(lib.find_statute("样例民法典").id)
    toc = lib.table_of_contents(version.id)
    assert [(e.depth, e.text) for e in toc[:3]] == [(0, "总则"), (1, "第一章  基本规定"), (0, "第一条")]
    assert sum(1 for e in toc if e.kind == "article") == 6


def test_all_articles_of_a_version(loaded_kb):
    lib = loaded_kb.library
    version = lib.current_version(lib.find_statute("样例审计法").id)
    articles = lib.articles(version.id)
    assert [(a.article_no, a.article_suffix) for a in articles][:4] == [(1, 0), (2, 0), (3, 0), (3, 1)]
    assert articles[1].text.startswith("国家实行样例审计监督制度。")
    with pytest.raises(InvalidInput):
        lib.articles(999999)
