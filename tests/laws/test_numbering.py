import pytest

from laws.numbering import format_article_label, format_numeral, parse_article_ref, parse_numeral


@pytest.mark.parametrize("text, value", [
    ("一", 1), ("十", 10), ("十三", 13), ("二十", 20), ("三十四", 34), ("一百", 100),
    ("一百零二", 102), ("一百一十", 110), ("一千二百六十", 1260), ("一千零一", 1001),
    ("两百", 200), ("二〇二一", 2021), ("34", 34), ("３４", 34),
])
def test_parse_numeral(text, value):
    assert parse_numeral(text) == value


@pytest.mark.parametrize("text", ["", "abc", "三十x", "第"])
def test_parse_numeral_rejects(text):
    assert parse_numeral(text) is None


def test_format_round_trips_every_article_number():
    for value in range(1, 2000):
        assert parse_numeral(format_numeral(value)) == value
    assert format_numeral(10) == "十"
    assert format_numeral(110) == "一百一十"
    assert format_numeral(1001) == "一千零一"


def test_article_labels():
    assert format_article_label(34) == "第三十四条"
    assert format_article_label(10, 1) == "第十条之一"


@pytest.mark.parametrize("text, ref", [
    ("34", (34, 0)), ("三十四", (34, 0)), ("第三十四条", (34, 0)), ("第34条", (34, 0)),
    ("第十条之一", (10, 1)), (" 第 三十四 条 ", (34, 0)),
])
def test_parse_article_ref(text, ref):
    assert parse_article_ref(text) == ref


@pytest.mark.parametrize("text", ["", "0", "第条", "abc", "三十四款"])
def test_parse_article_ref_rejects(text):
    assert parse_article_ref(text) is None
