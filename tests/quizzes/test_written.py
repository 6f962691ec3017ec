"""Written questions: validation of the reference answer and rubric, answering with the
20,000-character limit, and scoring that waits for the grader."""
import pytest

from core.errors import InvalidInput
from quizzes.content import ESSAY, SHORT, ArticleRef, parse_content
from quizzes.scoring import (MAX_WRITTEN_ANSWER, ScoringRules, check_answer, grade_answer,
                             is_answered)
from tests.support.questions import SHORT_DATA, WRITTEN_CASE_DATA

KEY = {"reference": "参考答案", "rubric": [{"text": "定性", "points": 2},
                                           {"text": "依据", "points": 3, "articles": [[1, 4, 0]]}]}


def test_a_written_question_has_a_rubric_with_stable_ids_and_its_points_are_the_sum():
    content = parse_content({"type": "简答题", "stem": "问", "answer": KEY})
    assert content.qtype == SHORT
    key = content.body.written_key
    assert [p.id for p in key.rubric] == ["r1", "r2"] and key.points == 5.0
    assert key.rubric[1].articles == (ArticleRef(1, 4, 0),)
    assert ScoringRules().question_points(content) == 5.0
    edited = dict(KEY, rubric=[{"text": "新要点", "points": 1}, *KEY["rubric"]])
    again = parse_content({"type": SHORT, "stem": "问", "answer": edited}, previous=content)
    # Unchanged points keep their ids; the new one gets a fresh id.
    assert [p.id for p in again.body.written_key.rubric] == ["r3", "r1", "r2"]


def test_essay_takes_the_key_beside_the_stem_and_a_case_takes_written_parts():
    essay = parse_content({"type": "论述题", "stem": "论述", "reference": "答", "rubric": KEY["rubric"]})
    assert essay.qtype == ESSAY and essay.body.written_key.reference == "答"
    case = parse_content({"type": "case", "stem": "材料", "parts": [
        {"type": "true_false", "stem": "判断", "answer": True},
        {"type": "简答题", "stem": "请指出问题", "answer": KEY}]})
    assert case.parts[1].is_written
    assert ScoringRules().question_points(case) == 1.0 + 5.0


@pytest.mark.parametrize("key, message", [
    ("答案", "应给出参考答案和评分要点"),
    ({"reference": "", "rubric": KEY["rubric"]}, "参考答案不能为空"),
    ({"reference": "答", "rubric": []}, "至少应有一个评分要点"),
    ({"reference": "答", "rubric": [{"text": "要点", "points": 0}]}, "分值应为 0 至 100 之间的数"),
    ({"reference": "答", "rubric": [{"text": "要点", "points": "多"}]}, "分值应为 0 至 100 之间的数"),
    ({"reference": "答", "rubric": [{"text": "", "points": 1}]}, "评分要点不能为空"),
    ({"reference": "答", "rubric": [{"id": "a", "text": "x", "points": 1},
                                   {"id": "a", "text": "y", "points": 1}]}, "编号重复"),
    ({"reference": "答", "rubric": [{"text": "x", "points": 1, "articles": "审计法第四条"}]},
     "法条依据格式不正确"),
])
def test_invalid_written_keys_are_refused(key, message):
    with pytest.raises(InvalidInput, match=message):
        parse_content({"type": SHORT, "stem": "问", "answer": key})


def test_a_written_part_is_not_allowed_options():
    with pytest.raises(InvalidInput, match="不应有选项"):
        parse_content({"type": SHORT, "stem": "问", "options": ["a", "b"], "answer": KEY})


def test_answers_are_text_up_to_the_limit_and_blank_text_is_no_answer():
    content = parse_content({"type": SHORT, "stem": "问", "answer": KEY})
    assert check_answer(content, "  依据第四条\n处理意见  ") == "  依据第四条\n处理意见  "
    assert check_answer(content, "   ") is None
    assert check_answer(content, "字" * MAX_WRITTEN_ANSWER) is not None
    with pytest.raises(InvalidInput, match="过长（20001 字，上限 20000 字）"):
        check_answer(content, "字" * (MAX_WRITTEN_ANSWER + 1))
    with pytest.raises(InvalidInput, match="答案应为文本"):
        check_answer(content, ["a"])


def test_written_parts_wait_for_the_grader_and_objective_parts_score_at_once():
    case = parse_content({"type": "case", "stem": "材料", "parts": [
        {"id": "p1", "type": "true_false", "stem": "判断", "answer": True},
        {"id": "p2", "type": SHORT, "stem": "请指出问题", "answer": KEY}]})
    grade = grade_answer(case, {"p1": True, "p2": "违反第四条"}, ScoringRules())
    assert (grade.score, grade.max_score, grade.pending) == (1.0, 6.0, ("p2",))
    assert grade_answer(case, {"p1": True}, ScoringRules()).pending == ()


def test_part_answered():
    case = parse_content({"type": "case", "stem": "材料", "parts": [
        {"type": "fill", "stem": "____和____", "answer": ["甲", "乙"]},
        {"type": SHORT, "stem": "请指出问题", "answer": KEY}]})
    fill, written = case.parts
    assert is_answered(written, "答") and not is_answered(written, " \n")
    assert not is_answered(written, None)
    assert is_answered(fill, ["甲", "乙"]) and not is_answered(fill, ["甲", ""])


def test_the_bank_resolves_expected_articles_and_refuses_unknown_ones(engine, trainer):
    question = engine.bank.create_question(trainer, SHORT_DATA)
    (_, cited) = question.content.body.written_key.rubric
    assert len(cited.articles) == 1 and cited.articles[0].article_no == 4
    case = engine.bank.create_question(trainer, WRITTEN_CASE_DATA)
    assert [p.id for p in case.content.parts[1].written_key.rubric] == ["k1", "k2"]
    bad = dict(SHORT_DATA, rubric=[{"text": "依据", "points": 2, "articles": "《样例审计法》第九十九条"}])
    with pytest.raises(InvalidInput, match="第 1 个评分要点：法条依据无效"):
        engine.bank.create_question(trainer, bad)
