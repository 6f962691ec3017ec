"""Scoring: points per type, the 多选题 rule, 填空题 matching, the check that a
person's answer has the right shape for the question before it is stored, and the one
rule of what counts as answered (the 答题卡, 已答 x/y, the 交卷 list).

Written parts (简答题/论述题, a case's written sub-question) are worth the sum of their
rubric and are never scored here: they score 0 until a grader marks them (quizzes.marking),
and `Grade.pending` names the ones that wait.  An empty written answer waits for nobody.

A round carries its `ScoringRules` (as JSON); everything here is pure.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from core.errors import InvalidInput
from quizzes.content import (CASE, FILL, MULTIPLE, SINGLE, TRUE_FALSE, TYPE_NAMES, Content,
                             Part)
from quizzes.normalise import blank_matches

# 多选题 rules.  standard: all right → full, some right and none wrong → partial_ratio of
# the points, any wrong → 0.  strict: all or nothing.  proportional: share of the right
# options chosen, 0 if any wrong.
MULTIPLE_RULES = ("standard", "strict", "proportional")
MULTIPLE_RULE_NAMES = {"standard": "全对满分，少选得部分分，错选不得分",
                       "strict": "全对才得分", "proportional": "按选对比例得分，错选不得分"}
DEFAULT_POINTS = {SINGLE: 2.0, MULTIPLE: 3.0, TRUE_FALSE: 1.0, FILL: 2.0}
MAX_ANSWER_TEXT = 500
# A written answer: the same limit in the form, the API and here.
MAX_WRITTEN_ANSWER = 20000
# How far a question (or one sub-question) is answered.
ANSWERED, PARTLY_ANSWERED, NOT_ANSWERED = "answered", "partly", "unanswered"
ANSWER_STATE_NAMES = {ANSWERED: "已答", PARTLY_ANSWERED: "部分作答", NOT_ANSWERED: "未答"}


@dataclass(frozen=True)
class ScoringRules:
    points: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_POINTS))
    multiple_rule: str = "standard"
    partial_ratio: float = 0.5

    @classmethod
    def from_json(cls, data: Mapping | None) -> "ScoringRules":
        data = data or {}
        if not isinstance(data, Mapping) or not isinstance(data.get("points") or {}, Mapping):
            raise InvalidInput("计分规则应为对象：{points: {题型: 分值}, multiple_rule, partial_ratio}")
        unknown = sorted(set(data) - {"points", "multiple_rule", "partial_ratio"})
        if unknown:
            raise InvalidInput(f"计分规则中有未知设置：{'、'.join(map(str, unknown))[:100]}")
        points = dict(DEFAULT_POINTS)
        for qtype, value in (data.get("points") or {}).items():
            if qtype not in DEFAULT_POINTS:
                raise InvalidInput(f"分值设置中的题型“{qtype}”无效（案例分析题按小题计分）")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 100:
                raise InvalidInput(f"{TYPE_NAMES[qtype]}的分值应为 0 至 100 之间的数")
            points[qtype] = float(value)
        rule = data.get("multiple_rule", "standard")
        if rule not in MULTIPLE_RULES:
            raise InvalidInput(f"多选题计分规则“{rule}”无效，可选：{'、'.join(MULTIPLE_RULES)}")
        ratio = data.get("partial_ratio", 0.5)
        if isinstance(ratio, bool) or not isinstance(ratio, (int, float)) or not 0 <= ratio < 1:
            raise InvalidInput("少选得分比例应在 0 与 1 之间")
        return cls(points, rule, float(ratio))

    def to_json(self) -> dict:
        return {"points": dict(self.points), "multiple_rule": self.multiple_rule,
                "partial_ratio": self.partial_ratio}

    def part_points(self, part: Part) -> float:
        if part.is_written:
            return part.written_key.points
        return float(self.points[part.qtype])

    def question_points(self, content: Content) -> float:
        return round(sum(self.part_points(p) for p in content.gradable_parts()), 2)


@dataclass(frozen=True)
class Grade:
    score: float
    max_score: float
    # part id → score; "" for a simple question.
    parts: Mapping[str, float]
    # Ids of the answered written parts, which a grader still has to mark.
    pending: tuple[str, ...] = ()

    @property
    def is_correct(self) -> bool:
        return self.score >= self.max_score - 1e-9


def grade_part(part: Part, answer: Any, rules: ScoringRules) -> float:
    if answer is None or part.is_written:
        return 0.0
    points = rules.part_points(part)
    if part.qtype in (SINGLE, TRUE_FALSE):
        return points if answer == part.answer else 0.0
    if part.qtype == MULTIPLE:
        return _grade_multiple(set(part.answer), set(answer), points, rules)
    blanks = part.answer
    right = sum(1 for given, key in zip(answer, blanks) if blank_matches(given, key))
    return round(points * right / len(blanks), 2)


def _grade_multiple(key: set, chosen: set, points: float, rules: ScoringRules) -> float:
    if not chosen or chosen - key:
        return 0.0
    if chosen == key:
        return points
    if rules.multiple_rule == "strict":
        return 0.0
    if rules.multiple_rule == "proportional":
        return round(points * len(chosen) / len(key), 2)
    return round(points * rules.partial_ratio, 2)


def grade_answer(content: Content, answer: Any, rules: ScoringRules) -> Grade:
    """Score a stored (already validated) answer; a case question sums its parts."""
    given = (answer or {}) if content.qtype == CASE else {"": answer}
    parts = content.parts if content.qtype == CASE else (content.body,)
    scores = {p.id: grade_part(p, given.get(p.id), rules) for p in parts}
    pending = tuple(p.id for p in parts if p.is_written and is_answered(p, given.get(p.id)))
    return Grade(round(sum(scores.values()), 2), rules.question_points(content), scores, pending)


def part_answered(part: Part, answer: Any) -> str:
    """How far one question body or case sub-question is answered, from its stored answer:
    NOT_ANSWERED, PARTLY_ANSWERED (a 填空题 with some blanks empty) or ANSWERED (written
    text that is not blank).  Every
    count of answered questions comes from here; a new kind of answer says here what
    counts as given."""
    if answer is None:
        return NOT_ANSWERED
    if part.is_written:
        return ANSWERED if isinstance(answer, str) and answer.strip() else NOT_ANSWERED
    if part.qtype == FILL:
        filled = sum(1 for blank in answer if blank.strip())
        return ANSWERED if filled == len(answer) else PARTLY_ANSWERED if filled else NOT_ANSWERED
    if part.qtype == MULTIPLE:
        return ANSWERED if answer else NOT_ANSWERED
    return ANSWERED


def is_answered(part: Part, answer: Any) -> bool:
    """Whether the part is fully answered (written text that is not blank, every blank
    filled, a choice made)."""
    return part_answered(part, answer) == ANSWERED


def answer_state(content: Content, answer: Any) -> str:
    """How far a question is answered: ANSWERED only when every part is (a case with one
    sub-question left open is PARTLY_ANSWERED), NOT_ANSWERED when no part is."""
    given = (answer or {}) if content.qtype == CASE else {"": answer}
    states = {part_answered(p, given.get(p.id)) for p in content.gradable_parts()}
    if states == {ANSWERED}:
        return ANSWERED
    return NOT_ANSWERED if states <= {NOT_ANSWERED} else PARTLY_ANSWERED


def check_answer(content: Content, raw: Any, stored: Any = None) -> Any:
    """A person's answer in canonical form, or InvalidInput saying what is wrong.

    None clears the answer.  For a case question the answer maps part ids to answers
    and is merged into what is stored, so each sub-question can be saved on its own
    (a part set to None is cleared).
    """
    if raw is None:
        return None
    if content.qtype != CASE:
        return _check_part(content.body, raw, "本题")
    if not isinstance(raw, Mapping):
        raise InvalidInput("案例分析题的答案应为“小题编号 → 答案”的对象")
    parts = {p.id: p for p in content.parts}
    unknown = [key for key in raw if key not in parts]
    if unknown:
        raise InvalidInput(f"本题没有小题“{'、'.join(map(str, unknown))}”")
    merged = dict(stored or {})
    for key, value in raw.items():
        index = list(parts).index(key) + 1
        checked = _check_part(parts[key], value, f"第 {index} 小题")
        if checked is None:
            merged.pop(key, None)
        else:
            merged[key] = checked
    return merged or None


def _check_part(part: Part, raw: Any, where: str) -> Any:
    if raw is None:
        return None
    name = TYPE_NAMES[part.qtype]
    if part.qtype == SINGLE:
        if not isinstance(raw, str):
            raise InvalidInput(f"{where}是{name}，答案应为一个选项编号")
        if raw not in part.option_ids:
            raise InvalidInput(f"{where}没有选项“{raw[:20]}”")
        return raw
    if part.qtype == MULTIPLE:
        if not isinstance(raw, (list, tuple)) or not all(isinstance(a, str) for a in raw):
            raise InvalidInput(f"{where}是{name}，答案应为选项编号的列表")
        unknown = set(raw) - set(part.option_ids)
        if unknown:
            raise InvalidInput(f"{where}没有选项“{'、'.join(sorted(unknown))[:40]}”")
        return sorted(set(raw), key=part.option_ids.index)
    if part.qtype == TRUE_FALSE:
        if not isinstance(raw, bool):
            raise InvalidInput(f"{where}是{name}，答案应为 true（正确）或 false（错误）")
        return raw
    if part.is_written:
        return _check_written(raw, where)
    return _check_blanks(part, raw, where)


def _check_written(raw: Any, where: str) -> str | None:
    if not isinstance(raw, str):
        raise InvalidInput(f"{where}是主观题，答案应为文本")
    if len(raw) > MAX_WRITTEN_ANSWER:
        raise InvalidInput(f"{where}的答案过长（{len(raw)} 字，上限 {MAX_WRITTEN_ANSWER} 字）")
    return raw if raw.strip() else None


def _check_blanks(part: Part, raw: Any, where: str) -> list[str]:
    values = [raw] if isinstance(raw, str) else raw
    if not isinstance(values, (list, tuple)) or not all(isinstance(v, str) for v in values):
        raise InvalidInput(f"{where}是填空题，答案应为文本（多个空时为文本列表）")
    if len(values) != part.blank_count:
        raise InvalidInput(f"{where}有 {part.blank_count} 个空，收到 {len(values)} 个答案")
    if any(len(v) > MAX_ANSWER_TEXT for v in values):
        raise InvalidInput(f"{where}的答案过长（每空不超过 {MAX_ANSWER_TEXT} 字）")
    return [v.strip() for v in values]
