"""Browsing by level and branch; outlines and neighbours of articles."""
import pytest

from kb.catalogue import StatuteFilter
from core.errors import InvalidInput
from kb.library import parse_article_slug


def test_levels_in_order_of_force(loaded_kb):
    levels = loaded_kb.catalogue.levels()
    assert [lv.level for lv in levels] == ["法律", "行政法规", "司法解释", "部门规章", "地方性法规"]
    law = levels[0]
    assert law.count == 3 and ("经济法", 1) in law.branches


def test_statute_pages_with_filters(loaded_kb):
    cat = loaded_kb.catalogue
    assert cat.statutes(StatuteFilter()).total == 7
    laws = cat.statutes(StatuteFilter(level="法律"))
    assert {s.title for s in laws.items} >= {"中华人民共和国样例审计法"}
    audit = cat.statutes(StatuteFilter(title="样例 审计")).items
    assert {s.title for s in audit} == {"中华人民共和国样例审计法", "中华人民共和国样例审计法实施条例", "某省样例审计条例",
                                     "样例审计署规定"}
    law = next(s for s in audit if s.title == "中华人民共和国样例审计法")
    assert (law.version_count, law.latest_date.year, law.status) == (2, 2021, "现行有效")
    assert cat.statutes(StatuteFilter(title="100%_")).total == 0
    with pytest.raises(InvalidInput, match="未知的效力级别"):
        cat.statutes(StatuteFilter(level="天条"))


def test_outline_and_adjacent_articles(loaded_kb):
    lib = loaded_kb.library
    statute = lib.find_statute("样例审计法")
    outline = lib.outline(statute.id)
    assert outline.version.version_date.year == 2021 and len(outline.versions) == 2
    articles = [e for e in outline.toc if e.kind == "article"]
    assert articles[3].slug == "3-1" and articles[0].snippet.startswith("为了加强国家的样例审计监督")
    before, after = lib.adjacent(outline.version.id, 3, 1)
    assert (before.text, after.text) == ("第三条", "第四条")
    assert lib.adjacent(outline.version.id, 1)[0] is None
    old = lib.outline(statute.id, version_id=outline.versions[0].id)
    assert old.version.version_date.year == 2006


@pytest.mark.parametrize("slug, key", [("34", (34, 0)), ("10-1", (10, 1)), ("第十条之一", (10, 1)), ("三十四", (34, 0))])
def test_article_slugs(slug, key):
    assert parse_article_slug(slug) == key


@pytest.mark.parametrize("slug", ["0", "abc", "1-", "99999999999999999999", "-1", "1" * 40, "¹-1", "1-¹", "10000", "60409"])
def test_bad_slugs(slug):
    with pytest.raises(InvalidInput):
        parse_article_slug(slug)


def test_filters_by_status_region_and_authority_with_counts(loaded_kb):
    cat = loaded_kb.catalogue
    facets = cat.facets(StatuteFilter())
    assert sum(n for _, n in facets.status) == 7 and dict(facets.status)["现行有效"] >= 1
    assert dict(facets.level)["法律"] == 3
    region, count = facets.region[0]
    assert cat.statutes(StatuteFilter(region=region)).total == count
    body, count = facets.authority[0]
    assert cat.statutes(StatuteFilter(authority=body)).total == count
    assert cat.statutes(StatuteFilter(status="已废止")).total == 0
    current = cat.statutes(StatuteFilter(status="现行有效"))
    assert current.total == dict(facets.status)["现行有效"]
    # A filter's own counts ignore its own choice; the others' follow it.
    narrowed = cat.facets(StatuteFilter(level="法律"))
    assert dict(narrowed.level) == dict(facets.level) and sum(n for _, n in narrowed.status) == 3
    with pytest.raises(InvalidInput, match="未知的时效性"):
        cat.statutes(StatuteFilter(status="失效"))
