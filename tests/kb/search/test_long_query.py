"""Long queries: a pasted story is searched by its key words, weighed by the index's own
document frequencies, not cut at its first words; past 500 characters the reader is told."""
from __future__ import annotations

import pytest

from kb.importer import Importer
from kb.search.lexicon import Lexicon
from kb.search.keywords import FLOOR, KEEP, IndexStats, weigh_keywords
from kb.search.query import MAX_QUERY_CHARS, Concept, understand
from quizzes.services import open_services
from tests.support.environment import FIXTURES, make_settings

# 480 characters; what it asks about (劳动报酬, 解除劳动合同) comes only after the first 300.
STORY = (
    "我叫小李，二〇二一年春天进入本市一家装修公司做水电工，入职的时候老板说试用期过了就签合同，可是一直拖着没签。"
    "平时我们每天早上七点出门，晚上经常干到九点十点，周末也常常被叫去工地赶工。去年下半年开始，公司说资金周转困难，"
    "钱先记账，年底一起结清。我和几个工友相信了老板，继续每天按时上工，家里的房租、孩子的学费都是找亲戚借钱垫付的。"
    "到了年底，老板只给每人发了一千块钱过年费，剩下的说等工程款回来再给。中间我们也找过包工头，包工头说他自己也没拿到钱，"
    "让我们再等等。工友老王家里老人住院急需用钱，跟老板吵了一架，结果第二天就不让他来了，到现在也没拿到一分钱。"
    "过完年我们去找老板，他先是不接电话，后来干脆说公司账上没钱，让我们自己去找甲方要。我们算了一下，"
    "我一个人被拖欠了八个月的劳动报酬，一共四万多元，另外几个工友也差不多。现在我不想在这家公司干了，想解除劳动合同，"
    "但又担心走了以后钱更要不回来。请问像这种长期拖欠劳动报酬、不及时足额支付的情况，我能不能马上解除劳动合同，"
    "公司要不要给经济补偿，劳动行政部门能不能责令公司限期支付，我应该先去哪里投诉，需要准备哪些材料？")
LABOUR_LAW = "中华人民共和国劳动合同法"


@pytest.fixture(scope="module")
def story_kb(statutes_path, tmp_path_factory):
    """The fixture statutes and five articles of 劳动合同法, indexed."""
    kb = open_services(make_settings(tmp_path_factory.mktemp("story-data")))
    for folder in (statutes_path, FIXTURES / "stories"):
        Importer(kb.db).import_path(folder)
    kb.search.rebuild()
    yield kb
    kb.close()


def test_the_story_is_as_long_as_people_paste():
    assert len(STORY) == 480 and STORY.index("劳动报酬") > 300


def test_a_pasted_story_finds_the_articles_on_unpaid_wages(story_kb):
    response = story_kb.search.search(STORY)
    top = [(h.law_title, h.article_no) for h in response.hits[:3]]
    assert all(title == LABOUR_LAW for title, _ in top), top
    assert {30, 38, 85} & {number for _, number in top}
    assert response.message.startswith("内容较长，按其中的关键词检索：")
    assert "劳动报酬" in response.message


def test_over_500_characters_the_first_500_are_searched_and_the_reader_told(story_kb):
    response = story_kb.search.search(STORY + "补充说明：" * 40)
    assert f"查询内容超过 {MAX_QUERY_CHARS} 字，只按前 {MAX_QUERY_CHARS} 个字检索" in response.message
    assert response.hits and response.hits[0].law_title == LABOUR_LAW


def test_short_questions_keep_every_word_at_full_weight():
    plan = understand("拖欠劳动报酬怎么处理", Lexicon({}), stats=IndexStats(1000, lambda word: 10))
    assert [(c.word, c.weight) for c in plan.concepts] == [("拖欠", 1.0), ("劳动报酬", 1.0), ("处理", 1.0)]
    assert not plan.notes


def test_key_words_are_the_rare_and_repeated_ones():
    frequencies = {"劳动报酬": 40, "拖欠": 60, "今天": 900, "后来": 800, "公司": 700}
    words = ["今天", "拖欠", "后来", "公司", "劳动报酬", "2021", "火星语"] + [
        "词" + chr(0x4e00 + i) for i in range(60)]
    concepts = [Concept(w) for w in words]
    frequencies.update({"词" + chr(0x4e00 + i): 500 for i in range(60)})
    stats = IndexStats(1000, lambda word: frequencies.get(word, 0))
    text = "".join(words) + "劳动报酬拖欠劳动报酬"
    kept = weigh_keywords(concepts, text, stats)
    assert len(kept) == KEEP
    weights = {c.word: c.weight for c in kept}
    assert weights["劳动报酬"] == 1.0 and FLOOR <= weights["拖欠"] < 1.0
    assert "今天" not in weights and "后来" not in weights  # in most documents: no key words
    assert min(weights.values()) == FLOOR
    # Numbers and words in no document are no key words.
    assert "2021" not in weights and "火星语" not in weights
    assert [c.word for c in kept] == [w for w in words if w in weights]  # the text's order
