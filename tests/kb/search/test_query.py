"""Query understanding without an index: citations, names, suggestions, words, intents."""
import pytest

from kb.search.lexicon import Lexicon, StatuteEntry
from kb.search.query import MAX_QUERY_CHARS, clean, understand

STATUTES = [
    (1, "中华人民共和国审计法", "审计法", "法律", ["审计法"]),
    (2, "中华人民共和国政府采购法", "政府采购法", "法律", ["政府采购法", "政采法"]),
    (3, "中华人民共和国预算法", "预算法", "法律", ["预算法"]),
    (4, "中华人民共和国民法典", "民法典", "法律", ["民法典"]),
    (5, "中华人民共和国招标投标法", "招标投标法", "法律", ["招标投标法", "招投标法"]),
    (6, "北京市审计条例", "北京市审计条例", "地方性法规", ["北京市审计条例"]),
    (7, "中华人民共和国刑法", "刑法", "法律", ["刑法"]),
    (8, "中华人民共和国审计法实施条例", "审计法实施条例", "行政法规", ["审计法实施条例"]),
]


@pytest.fixture(scope="module")
def lexicon():
    entries = {law_id: StatuteEntry(law_id, title, short, level, [title, *names])
               for law_id, title, short, level, names in STATUTES}
    return Lexicon(entries)


@pytest.mark.parametrize("query, law_id, article, paragraph, item", [
    ("审计法第三十四条", 1, 34, None, None),
    ("《预算法》第93条", 3, 93, None, None),
    ("民法典 153条", 4, 153, None, None),
    ("中华人民共和国招标投标法第五十三条", 5, 53, None, None),
    ("审计法34条", 1, 34, None, None),
    ("审计法 34", 1, 34, None, None),
    ("审计法第三十四条第二款", 1, 34, 2, None),
    ("预算法第93条第2项", 3, 93, None, 2),
    ("《中华人民共和国政府采购法》第七十七条第一款第三项", 2, 77, 1, 3),
    ("政采法第３１条", 2, 31, None, None),
    ("依据审计法第四十九条的规定", 1, 49, None, None),
    ("审计法实施条例 第30条", 8, 30, None, None),
    ("《预算法》（2018年修正）第九十三条", 3, 93, None, None),
    ("《中华人民共和国预算法》第九十三条第（二）项", 3, 93, None, 2),
    ("审计法三十四条", 1, 34, None, None),
])
def test_citations(lexicon, query, law_id, article, paragraph, item):
    plan = understand(query, lexicon)
    [target] = plan.citations
    assert (target.law_id, target.article_no, target.paragraph, target.item) == (
        law_id, article, paragraph, item)


def test_citation_of_a_year(lexicon):
    [target] = understand("《预算法》（2018年修正）第九十三条", lexicon).citations
    assert target.year == 2018 and target.to_json()["year"] == 2018


def test_citation_suffix_and_label(lexicon):
    [target] = understand("刑法第一百二十条之一", lexicon).citations
    assert (target.article_no, target.article_suffix, target.label) == (120, 1, "第一百二十条之一")


def test_bare_reference_uses_the_default_statute(lexicon):
    plan = understand("第三十四条第二款", lexicon, lexicon.resolve("审计法"))
    [target] = plan.citations
    assert (target.law_id, target.article_no, target.paragraph) == (1, 34, 2)
    assert plan.notes == ["未指明法规，按《中华人民共和国审计法》查找"]
    assert understand("第三十四条", lexicon).citations == []


def test_following_references_inherit_the_statute(lexicon):
    plan = understand("审计法第三十四条、第四十七条", lexicon)
    assert [(t.law_id, t.article_no) for t in plan.citations] == [(1, 34), (1, 47)]


def test_words_left_beside_a_citation_are_searched(lexicon):
    plan = understand("审计法第四十四条 被审计单位书面意见", lexicon)
    assert [t.article_no for t in plan.citations] == [44]
    assert [c.word for c in plan.concepts] == ["被审计单位", "书面", "意见"]


def test_a_year_is_not_an_article(lexicon):
    plan = understand("预算法2018", lexicon)
    assert plan.citations == [] and plan.named[0].law_id == 3


def test_statute_name_alone(lexicon):
    assert understand("政府采购法", lexicon).name_only.law_id == 2
    assert understand("审计法全文", lexicon).name_only.law_id == 1
    assert understand("预算法的有关规定", lexicon).name_only.law_id == 3
    assert understand("《中华人民共和国审计法》", lexicon).name_only.law_id == 1
    assert understand("招投标法", lexicon).name_only.law_id == 5


def test_two_character_names_only_standing_alone(lexicon):
    assert [e.law_id for e in understand("刑法 贪污", lexicon).named] == [7]
    assert understand("违反刑法规定", lexicon).named == []


def test_pasted_text_keeps_the_longest_words(lexicon):
    plan = understand("，".join(["审计机关", "被审计单位", "财政收支", "资料"] * 3
                               + [f"词{i}" for i in range(30)]), lexicon)
    assert len(plan.concepts) == 24 and "被审计单位" in [c.word for c in plan.concepts]
    assert "只按其中 24 个检索" in plan.notes[0]


def test_named_statute_in_a_question(lexicon):
    plan = understand("政府采购法 质疑期限", lexicon)
    assert [e.law_id for e in plan.named] == [2]
    assert [c.word for c in plan.concepts][:1] == ["质疑"]


@pytest.mark.parametrize("query, suggestion", [
    ("政府彩购法", "政府采购法"), ("采购法", "政府采购法"), ("审记法", "审计法"),
    ("招标投票法", "招标投标法"),
])
def test_did_you_mean(lexicon, query, suggestion):
    plan = understand(query, lexicon)
    assert suggestion in plan.suggestions
    assert plan.guessed and plan.guessed[0].short_title == plan.suggestions[0]
    assert plan.notes


def test_question_words_and_particles_are_never_search_words(lexicon):
    plan = understand("请问被审计单位拒绝提供资料应该怎么处理呢？有哪些方面", lexicon)
    words = [c.word for c in plan.concepts]
    assert words == ["被审计单位", "拒绝", "提供", "资料", "处理"]
    assert "penalty" in plan.intents


def test_answer_kinds(lexicon):
    assert understand("审计通知书应当提前几天送达", lexicon).duration_unit == "天"
    assert "amount" in understand("投标保证金最多收多少", lexicon).intents
    assert "list" in understand("哪些情形可以邀请招标", lexicon).intents


def test_thesaurus_adds_statute_wordings(lexicon):
    [concept] = understand("围标", lexicon).concepts
    assert "串通投标" in concept.alternatives


def test_quoted_phrases(lexicon):
    plan = understand("“正当防卫” 限度", lexicon)
    assert plan.phrases == ["正当防卫"]
    assert [c.word for c in plan.concepts] == ["限度"]


def test_unbalanced_quotes_and_brackets_are_plain_text(lexicon):
    plan = understand("“被审计单位（拒绝", lexicon)
    assert plan.phrases == [] and [c.word for c in plan.concepts] == ["被审计单位", "拒绝"]


def test_whoosh_syntax_is_plain_text(lexicon):
    plan = understand("审计 AND body:资料 OR NOT [a TO z] 条*", lexicon)
    assert [c.word for c in plan.concepts] == ["审计", "body", "资料", "z"]


def test_clean_removes_control_characters_and_caps_length():
    assert clean("\x00审\u200b计\x07\n法") == ("审计 法", False)
    text, truncated = clean("审" * (MAX_QUERY_CHARS + 50))
    assert len(text) == MAX_QUERY_CHARS and truncated
