"""Any string is a query: hits or an empty list with a message, never an exception."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.search import SearchFilters
from kb.search.service import INTERNAL_ERROR

PIECES = ["审计", "样例审计法", "第三条", "第３４条", "之一", "第二款", "“", "”", "\"", "'", "《", "》",
          "（", "(", ")", "[", "]", "{", "}", "AND", "OR", "NOT", "TO", "body:", "title:", "*", "?",
          "~2", "^3", "\\", "/", "条*", "审?", "😀", "\x00", "\u200b", "\t", "\n", "ＡＢＣ", "１２３",
          "　", "法", "条例", "拒绝提供资料", "怎么处理", "<script>", "&amp;", "%", "-", "+", " "]


def assert_sound(response):
    assert response.message != INTERNAL_ERROR
    assert isinstance(response.hits, list) and response.total >= len(response.hits)
    for hit in response.hits:
        assert not re.search(r"[<>]", re.sub(r"</?mark>", "", hit.snippet))


@pytest.mark.parametrize("query", [
    "", " ", "审" * 10_000, "，。！？、；：“”‘’（）…—" * 20, "“被审计单位拒绝", "被审计单位”",
    "（预算法", "【审计】】", "*", "?", "条*", "审计 AND 资料", "审计 OR 预算 NOT 会计",
    "body:审计", "title:预算法 law_id:7", "[a TO z]", "{1 TO 9}", "审计~2", "审计^10",
    "😀😀", "审计😀资料", "\x00\x01\x02", "审\u200b计\u200d法", "ＡＮＤ　ＯＲ", "第１２３４５条",
    "审计法第九千九百九十九条", "第0条", "样例审计法第一百亿条", "样例审计法第三条之", "第条",
    "<script>alert(1)</script>", "\\", "'); DROP TABLE statutes; --",
])
def test_bad_input(search, query):
    response = search(query)
    assert_sound(response)
    if not response.hits:
        assert response.message


def test_long_query_is_cut_with_a_note(search):
    response = search("被审计单位拒绝提供资料" * 1000)
    assert response.hits and "查询内容超过 500 字，只按前 500 个字检索" in response.message


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=200, max_size=700))
def test_any_long_text(searched, text):
    """Pasted text of any length and alphabet: key words or nothing, never an exception."""
    assert_sound(searched.search.search(text))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=40, max_size=150).map("".join))
def test_long_syntax_like_text(searched, text):
    response = searched.search.search(text)
    assert_sound(response)
    if not response.hits:
        assert response.message


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_any_text(searched, text):
    assert_sound(searched.search.search(text))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join),
       st.integers(min_value=-3, max_value=50), st.integers(min_value=-3, max_value=200))
def test_syntax_like_text_with_any_page(searched, text, page, per_page):
    assert_sound(searched.search.search(text, page=page, per_page=per_page))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=20), st.text(max_size=10), st.text(max_size=10))
def test_any_filters(searched, text, law, level):
    filters = SearchFilters(law=law or None, level=level or None, branch=level or None)
    assert_sound(searched.search.search(text, filters))
