import pytest

from core.errors import InvalidInput
from quizzes.content import CASE, FILL, MULTIPLE, SINGLE, TRUE_FALSE, parse_content
from quizzes.scoring import (ANSWERED, NOT_ANSWERED, PARTLY_ANSWERED, ScoringRules, answer_state,
                             check_answer, grade_answer)

RULES = ScoringRules()
SINGLE_Q = parse_content({"type": SINGLE, "stem": "问", "options": ["甲", "乙", "丙"], "answer": "o2"})
MULTI_Q = parse_content({"type": MULTIPLE, "stem": "问", "options": ["a", "b", "c", "d"],
                         "answer": ["o1", "o2", "o3"]})
TF_Q = parse_content({"type": TRUE_FALSE, "stem": "陈述", "answer": True})
FILL_Q = parse_content({"type": FILL, "stem": "____前送达，____内提出意见",
                        "answer": [["三日"], ["十日", "10个自然日"]]})
CASE_Q = parse_content({"type": CASE, "stem": "案情", "parts": [
    {"type": SINGLE, "stem": "一", "options": ["甲", "乙"], "answer": "o1"},
    {"type": MULTIPLE, "stem": "二", "options": ["a", "b", "c"], "answer": ["o1", "o3"]},
    {"type": TRUE_FALSE, "stem": "三", "answer": False},
    {"type": FILL, "stem": "四____", "answer": ["审计决定"]}]})


def test_single_and_true_false():
    assert grade_answer(SINGLE_Q, "o2", RULES).score == 2
    assert grade_answer(SINGLE_Q, "o1", RULES).score == 0
    assert grade_answer(SINGLE_Q, None, RULES).score == 0
    assert grade_answer(TF_Q, True, RULES).is_correct
    assert grade_answer(TF_Q, False, RULES).score == 0


@pytest.mark.parametrize("rule, chosen, expected", [
    ("standard", ["o1", "o2", "o3"], 3.0),
    ("standard", ["o1", "o2"], 1.5),          # some right, none wrong: partial
    ("standard", ["o1", "o4"], 0.0),          # any wrong: zero
    ("standard", [], 0.0),
    ("strict", ["o1", "o2"], 0.0),
    ("strict", ["o1", "o2", "o3"], 3.0),
    ("proportional", ["o1", "o2"], 2.0),
    ("proportional", ["o1", "o2", "o3", "o4"], 0.0),
])
def test_multiple_choice_rules(rule, chosen, expected):
    rules = ScoringRules.from_json({"multiple_rule": rule})
    assert grade_answer(MULTI_Q, chosen, rules).score == expected


def test_partial_ratio_and_points_are_configurable():
    rules = ScoringRules.from_json({"points": {"multiple": 4, "single": 1}, "partial_ratio": 0.25})
    assert grade_answer(MULTI_Q, ["o3"], rules).score == 1.0
    assert grade_answer(SINGLE_Q, "o2", rules).score == 1.0
    assert ScoringRules.from_json(rules.to_json()) == rules


def test_fill_scores_each_blank_with_normalisation():
    assert grade_answer(FILL_Q, ["3日", "10个自然日"], RULES).score == 2
    assert grade_answer(FILL_Q, ["３ 日", "五日"], RULES).score == 1
    assert grade_answer(FILL_Q, ["", ""], RULES).score == 0


def test_case_sums_its_parts():
    full = {"p1": "o1", "p2": ["o1", "o3"], "p3": False, "p4": ["审计决定"]}
    grade = grade_answer(CASE_Q, full, RULES)
    assert (grade.score, grade.max_score) == (8.0, 8.0)
    half = grade_answer(CASE_Q, {"p1": "o1", "p2": ["o3"]}, RULES)
    assert half.score == 3.5 and half.parts == {"p1": 2.0, "p2": 1.5, "p3": 0.0, "p4": 0.0}


@pytest.mark.parametrize("content, raw, message", [
    (SINGLE_Q, ["o1"], "一个选项编号"),
    (SINGLE_Q, "o9", "没有选项"),
    (MULTI_Q, "o1", "选项编号的列表"),
    (MULTI_Q, ["o1", "zz"], "没有选项"),
    (TF_Q, "true", "true（正确）"),
    (TF_Q, 1, "true（正确）"),
    (FILL_Q, "只有一空", "2 个空"),
    (FILL_Q, [1, 2], "应为文本"),
    (FILL_Q, ["x" * 501, "y"], "过长"),
    (CASE_Q, "o1", "小题编号"),
    (CASE_Q, {"p9": "o1"}, "没有小题"),
    (CASE_Q, {"p3": "o1"}, "第 3 小题是判断题"),
])
def test_answers_of_the_wrong_shape_are_refused(content, raw, message):
    with pytest.raises(InvalidInput, match=message):
        check_answer(content, raw)


def test_case_answers_merge_part_by_part():
    stored = check_answer(CASE_Q, {"p1": "o2"})
    stored = check_answer(CASE_Q, {"p3": True}, stored)
    assert stored == {"p1": "o2", "p3": True}
    assert check_answer(CASE_Q, {"p1": None}, stored) == {"p3": True}
    assert check_answer(CASE_Q, {"p3": None}, {"p3": True}) is None


@pytest.mark.parametrize("data", [
    {"points": {"case": 5}}, {"points": {"single": 0}}, {"points": {"single": True}},
    {"multiple_rule": "lenient"}, {"partial_ratio": 1.5},
])
def test_bad_scoring_rules(data):
    with pytest.raises(InvalidInput):
        ScoringRules.from_json(data)


@pytest.mark.parametrize("content, raw, state", [
    (SINGLE_Q, None, NOT_ANSWERED),
    (SINGLE_Q, "o1", ANSWERED),
    (TF_Q, False, ANSWERED),
    (MULTI_Q, [], NOT_ANSWERED),
    (MULTI_Q, ["o4"], ANSWERED),
    (FILL_Q, ["三日", "十日"], ANSWERED),
    (FILL_Q, ["三日", " "], PARTLY_ANSWERED),
    (FILL_Q, ["", "十日"], PARTLY_ANSWERED),
    (FILL_Q, ["", "  "], NOT_ANSWERED),
    (CASE_Q, None, NOT_ANSWERED),
    (CASE_Q, {"p1": "o2", "p2": ["o1"], "p3": True, "p4": ["x"]}, ANSWERED),
    (CASE_Q, {"p1": "o2", "p2": ["o1"], "p3": True}, PARTLY_ANSWERED),
    (CASE_Q, {"p1": "o2", "p2": ["o1"], "p3": True, "p4": [""]}, PARTLY_ANSWERED),
    (CASE_Q, {"p2": []}, NOT_ANSWERED),
])
def test_what_counts_as_answered(content, raw, state):
    """The one rule of the 答题卡: a case with one part open, or a 填空题 with an empty
    blank, is partly answered — never answered."""
    assert answer_state(content, check_answer(content, raw)) == state
