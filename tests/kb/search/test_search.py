"""Searching the fixture statutes: what comes first, filters, snippets, pagination."""
import datetime as dt

import pytest

from kb.search import SearchFilters


def keys(response):
    return [(h.short_title, h.article_label) for h in response.hits]


def test_citation_comes_first_with_its_target(search):
    response = search("样例审计法第四条")
    assert keys(response)[0] == ("样例审计法", "第四条")
    assert response.hits[0].match == "citation" and response.hits[0].version_date.year == 2021
    target = response.citation
    assert (target.short_title, target.article_no, target.label) == ("样例审计法", 4, "第四条")


def test_citation_with_all_versions_shows_the_current_one(search):
    hit = search("样例审计法第三条", SearchFilters(status="all")).hits[0]
    assert (hit.version_date.year, hit.status) == (2021, "现行有效")


def test_citation_of_the_version_of_a_year(search):
    hit = search("《样例审计法》（2006年修正）第三条").hits[0]
    assert (hit.article_label, hit.version_date.year) == ("第三条", 2006)
    assert search("样例审计法（1999年）第三条").hits[0].version_date.year == 2021


def test_citation_of_an_older_version_by_date(search):
    response = search("样例审计法第三条", SearchFilters(on_date=dt.date(2010, 1, 1)))
    hit = response.hits[0]
    assert (hit.article_label, hit.version_date, hit.status) == (
        "第三条", dt.date(2006, 2, 28), "已修改")
    assert "提供资料" in hit.snippet


def test_citation_with_suffix_and_paragraph(search):
    response = search("《样例审计法》第三条之一第一款")
    assert keys(response)[0] == ("样例审计法", "第三条之一")
    assert response.citation.paragraph == 1


def test_missing_article_says_so(search):
    response = search("样例审计法第九十九条")
    assert response.hits == [] and "没有找到《中华人民共和国样例审计法》第九十九条" in response.message


def test_statute_name_brings_the_statute_first(search):
    response = search("样例审计法")
    assert response.hits[0].kind == "statute" and response.hits[0].law_title == "中华人民共和国样例审计法"
    assert response.hits[0].match == "statute"
    # Statutes with the name's words in their titles follow.
    assert "样例审计法实施条例" in [h.short_title for h in response.hits]


def test_misspelt_name_suggests_and_shows_the_statute(search):
    response = search("样例审记法")
    assert response.suggestions[0] == "样例审计法"
    assert response.hits[0].short_title == "样例审计法" and response.hits[0].match == "suggestion"
    assert "没有名为“样例审记法”的法规" in response.message


def test_question_finds_the_governing_articles(search):
    response = search("被审计单位拒绝提供资料怎么处理")
    found = keys(response)[:3]
    assert ("样例审计法", "第五条") in found and ("样例审计法实施条例", "第三条") in found
    assert "<mark>被审计单位</mark>" in response.hits[0].snippet


def test_current_version_only_unless_all_are_asked_for(search):
    current = search("审计机关责令改正通报批评")
    assert {h.status for h in current.hits} == {"现行有效"}
    everything = search("审计机关责令改正通报批评", SearchFilters(status="all"))
    assert "已修改" in {h.status for h in everything.hits}


def test_named_statute_comes_before_others(search):
    response = search("样例审计法实施条例 审计机关")
    assert response.hits[0].short_title == "样例审计法实施条例"


def test_filters(search):
    by_law = search("审计机关", SearchFilters(law="样例审计法实施条例"))
    assert {h.short_title for h in by_law.hits} == {"样例审计法实施条例"}
    by_level = search("审计", SearchFilters(level="地方性法规"))
    assert {h.level for h in by_level.hits} == {"地方性法规"}
    by_kind = search("审计", SearchFilters(kinds=("statute",)))
    assert by_kind.hits and {h.kind for h in by_kind.hits} == {"statute"}
    by_branch = search("民事法律行为", SearchFilters(branch="民法商法"))
    assert by_branch.hits and {h.short_title for h in by_branch.hits} == {"样例民法典"}


@pytest.mark.parametrize("filters, message", [
    (SearchFilters(law="不存在的法"), "没有找到法规“不存在的法”"),
    (SearchFilters(level="条例"), "效力级别只能是"),
    (SearchFilters(status="old"), "状态只能是"),
])
def test_unusable_filters_answer_with_a_message(search, filters, message):
    response = search("审计", filters)
    assert response.hits == [] and message in response.message


def test_names_with_brackets_typed_either_way(search):
    for name in ("样例刑法修正案（一）", "样例刑法修正案(一)"):
        assert search(name).hits[0].law_title == "中华人民共和国样例刑法修正案（一）"


def test_passages_of_documents_without_articles(search):
    response = search("擅自设立金融机构")
    hit = response.hits[0]
    assert (hit.kind, hit.short_title, hit.article_no, hit.article_label) == (
        "passage", "样例刑法修正案（一）", None, "第3段")


def test_quoted_phrase_must_match_in_order(search):
    assert keys(search("“民事法律行为无效”"))[0] == ("样例民法典", "第三条")
    assert search("“无效民事法律行为”").hits == []


def test_snippets_are_escaped_and_marked(search):
    response = search("物权 <b>设立</b>")
    snippet = response.hits[0].snippet
    assert "<b>" not in snippet and "<mark>设立</mark>" in snippet


def test_pagination(search):
    first = search("审计", per_page=2)
    second = search("审计", page=2, per_page=2)
    assert first.total == second.total > 4 and first.pages == second.pages
    assert len(first.hits) == len(second.hits) == 2
    assert not {h.key for h in first.hits} & {h.key for h in second.hits}
    beyond = search("审计", page=99, per_page=2)
    assert beyond.hits == [] and beyond.total == first.total


def test_hit_json_has_the_cli_fields(search):
    data = search("样例审计法第二条").hits[0].to_json()
    assert {"law_title", "short_title", "article_no", "article_label", "version_date", "level",
            "status", "snippet", "score"} <= data.keys()
    assert data["article_no"] == 2 and data["version_date"] == "2021-10-23"
