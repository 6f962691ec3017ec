"""The shape of article references after a statute name: numbers, 款/项, lists, ranges."""
import pytest

from kb.citations.grammar import parse_group


def numbers(text):
    group = parse_group(text, 0)
    return [(a.number, a.suffix, a.paragraphs, a.items, a.implied) for a in group.articles]


@pytest.mark.parametrize("text, expected", [
    ("第三十四条", [(34, 0, (), (), False)]),
    ("第34条", [(34, 0, (), (), False)]),
    ("第３４条", [(34, 0, (), (), False)]),
    ("第 34 条", [(34, 0, (), (), False)]),
    ("第十条之一", [(10, 1, (), (), False)]),
    ("第三十五条之规定", [(35, 0, (), (), False)]),
    ("第三十四条第二款第（一）项", [(34, 0, (2,), (1,), False)]),
    ("第153条第2款", [(153, 0, (2,), (), False)]),
    ("第十七条第五项", [(17, 0, (), (5,), False)]),
    ("第六条第(二)项", [(6, 0, (), (2,), False)]),
    ("第四十五条第（一）、（二）项", [(45, 0, (), (1, 2), False)]),
    ("第四十五条第（一）项、第（四）项", [(45, 0, (), (1, 4), False)]),
    ("第三十四条第一、二款", [(34, 0, (1, 2), (), False)]),
    ("第三十四条第一款、第二款", [(34, 0, (1, 2), (), False)]),
    ("第93条第1款第4项", [(93, 0, (1,), (4,), False)]),
    ("第二十六条第一款（一）项", [(26, 0, (1,), (1,), False)]),
    ("第九十三条第（四）、第（五）项", [(93, 0, (), (4, 5), False)]),
    ("第四十二条第一款第（一）（二）项", [(42, 0, (1,), (1, 2), False)]),
    ("第四十九条第（一）至（四）项", [(49, 0, (), (1, 2, 3, 4), False)]),
])
def test_single_articles(text, expected):
    assert numbers(text) == expected


def test_lists_name_each_article():
    assert [a[0] for a in numbers("第三十四条、第三十五条和第三十六条")] == [34, 35, 36]
    assert [a[0] for a in numbers("第四十四条以及第四十五条或者第四十六条")] == [44, 45, 46]
    assert [a[0] for a in numbers("第153条、154条")] == [153, 154]
    assert [a[0] for a in numbers("第三十四、三十五条")] == [34, 35]


def test_a_range_yields_one_article_each_the_inner_ones_implied():
    assert numbers("第三十四条至第三十六条") == [
        (34, 0, (), (), False), (35, 0, (), (), True), (36, 0, (), (), False)]
    assert [a[0] for a in numbers("第三十四至三十六条")] == [34, 35, 36]
    assert [a[0] for a in numbers("第四十九条至五十二条")] == [49, 50, 51, 52]


def test_a_reversed_or_huge_range_keeps_only_its_ends():
    assert [a[0] for a in numbers("第三十六条至第三十四条")] == [36, 34]
    assert [a[0] for a in numbers("第一条至第五百条")] == [1, 500]


def test_a_list_stops_at_something_that_is_not_an_article():
    group = parse_group("第十六条、第十七条和本条例第十五条", 0)
    assert [a.number for a in group.articles] == [16, 17]
    assert group.end == len("第十六条、第十七条")
    assert [a.number for a in parse_group("第四十九条第（一）项至第（四）项", 0).articles] == [49]


@pytest.mark.parametrize("text", ["第三章", "第二部分", "第1号", "国务院令第174号", "第五千万条", "第条"])
def test_not_articles(text):
    assert parse_group(text, text.find("第")) is None


def test_spans_point_at_each_written_article():
    text = "第三十四条、第三十五条"
    first, second = parse_group(text, 0).articles
    assert text[first.start:first.end] == "第三十四条"
    assert text[second.start:second.end] == "第三十五条"
