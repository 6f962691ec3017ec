import pytest

from core.errors import InvalidInput
from quizzes.content import (CASE, FILL, MULTIPLE, SINGLE, TRUE_FALSE, Content, parse_content,
                             parse_difficulty, parse_tags, type_code)


def test_single_choice_gets_stable_option_ids():
    content = parse_content({"type": "单选题", "stem": "审计通知书应当在实施审计几日前送达？",
                             "options": ["一日", "三日", "五日"], "answer": "o2"})
    assert content.qtype == SINGLE
    assert [o.id for o in content.options] == ["o1", "o2", "o3"]
    assert content.answer == "o2"


def test_edit_keeps_option_ids_and_assigns_fresh_ones():
    first = parse_content({"type": SINGLE, "stem": "问", "options": ["甲", "乙"], "answer": "o1"})
    second = parse_content({"type": SINGLE, "stem": "问", "answer": "o2",
                            "options": [{"id": "o2", "text": "乙"}, {"text": "丙"},
                                        {"id": "o1", "text": "甲（改）"}]}, previous=first)
    assert [(o.id, o.text) for o in second.options] == [("o2", "乙"), ("o3", "丙"), ("o1", "甲（改）")]


def test_multiple_choice_answer_is_sorted_in_option_order():
    content = parse_content({"type": MULTIPLE, "stem": "问", "options": ["a", "b", "c"],
                             "answer": ["o3", "o1"]})
    assert content.answer == ["o1", "o3"]


def test_true_false_and_fill():
    assert parse_content({"type": TRUE_FALSE, "stem": "陈述", "answer": False}).answer is False
    fill = parse_content({"type": FILL, "stem": "应当在实施审计____前送达",
                          "answer": [["三日", "3日"]]})
    assert fill.answer == [["三日", "3日"]]
    assert parse_content({"type": FILL, "stem": "（ ）和____", "answer": ["甲", "乙"]}).answer == [["甲"], ["乙"]]


def test_case_question_with_parts():
    content = parse_content({"type": CASE, "stem": "某局审计发现……", "parts": [
        {"type": SINGLE, "stem": "定性依据是？", "options": ["甲", "乙"], "answer": "o1"},
        {"type": TRUE_FALSE, "stem": "应当移送。", "answer": True}]})
    assert [p.id for p in content.parts] == ["p1", "p2"]
    assert content.gradable_parts() == content.parts


@pytest.mark.parametrize("data, message", [
    ({"type": "问答题", "stem": "x"}, "未知题型"),
    ({"type": SINGLE, "stem": "", "options": ["a", "b"], "answer": "o1"}, "题干不能为空"),
    ({"type": SINGLE, "stem": "x", "options": ["a"], "answer": "o1"}, "2 至 6 个选项"),
    ({"type": SINGLE, "stem": "x", "options": ["a"] * 2, "answer": "o1"}, "重复的选项"),
    ({"type": SINGLE, "stem": "x", "options": ["a", "b"], "answer": "o9"}, "没有有效的正确答案：请从选项A、B中选定一个"),
    ({"type": MULTIPLE, "stem": "x", "options": ["a", "b", "c"], "answer": None}, "请从选项A、B、C中选定至少两个"),
    ({"type": MULTIPLE, "stem": "x", "options": ["a", "b", "c"], "answer": ["o1"]}, "至少应有两项"),
    ({"type": MULTIPLE, "stem": "x", "options": ["a", "b"], "answer": ["o1", "o7"]}, "不存在的选项：o7（本题只有选项A、B）"),
    ({"type": TRUE_FALSE, "stem": "x", "answer": "对"}, "“正确”或“错误”"),
    ({"type": TRUE_FALSE, "stem": "x", "answer": True, "options": ["a", "b"]}, "不应有选项"),
    ({"type": FILL, "stem": "没有空格", "answer": ["x"]}, "0 处空格"),
    ({"type": FILL, "stem": "____", "answer": [[]]}, "没有参考答案"),
    ({"type": CASE, "stem": "案情", "parts": []}, "至少应有一道小题"),
    ({"type": CASE, "stem": "案情", "parts": [{"type": CASE, "stem": "x"}]}, "不能是案例分析题"),
    ({"type": SINGLE, "stem": "x", "options": ["a", "b"], "answer": "o1", "difficulty": 9}, "难度"),
    ({"type": SINGLE, "stem": "x", "options": ["a", "b"], "answer": "o1", "case_id": "x"}, "案例编号"),
    ("not a mapping", "格式不正确"),
])
def test_invalid_questions_are_refused_with_a_reason(data, message):
    with pytest.raises(InvalidInput, match=message):
        parse_content(data)


def test_difficulty_tags_and_type_names():
    assert parse_difficulty("较难") == 4 and parse_difficulty("2") == 2 and parse_difficulty(5.0) == 5
    assert parse_tags("预算执行，政府采购、 预算执行") == ("预算执行", "政府采购")
    assert type_code("案例分析题") == CASE


def test_fingerprint_ignores_spacing_and_answers():
    a = Content(SINGLE, "审计 通知书", answer="o1")
    b = Content(SINGLE, "审计通知书", answer="o2")
    assert a.fingerprint() == b.fingerprint()


@pytest.mark.parametrize("value, expected", [(None, False), (True, True), ("是", True), ("否", False),
                                             ("", False), (1, True), ("false", False)])
def test_fixed_order_is_a_yes_no_setting_kept_in_the_question(value, expected):
    content = parse_content({"type": SINGLE, "stem": "x", "options": ["a", "b"], "answer": "A",
                             "fixed_order": value})
    assert content.fixed_order is expected and content.to_json()["fixed_order"] is expected


def test_a_fixed_order_that_is_no_yes_or_no_is_refused():
    with pytest.raises(InvalidInput, match="固定选项顺序应为“是”或“否”"):
        parse_content({"type": SINGLE, "stem": "x", "options": ["a", "b"], "answer": "A", "fixed_order": "也许"})
