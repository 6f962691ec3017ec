"""组卷策略: composing a round's questions from the published bank.

A round is shared: everyone in the audience answers the same questions, so that scores,
rankings, the facility and discrimination of each question, and the expert explanation
published at close all refer to one paper.  The per-person wishes of the issue are
therefore applied to the audience as a whole:

* questions the staff got wrong before come back — up to `review_share` of the paper is
  taken from questions that at least half of the audience members who answered them got
  wrong (their latest answer), most-missed first;
* questions a person answered correctly recently do not — a question is left out when
  `recent_threshold` (default half) of the audience answered it correctly within
  `recent_days`; a smaller share is only a tie-breaker (less-seen questions first).

Per person, the same two rules drive self-practice (自测) and the 错题本's spaced
repetition, where each person gets their own questions (quizzes.practice).

The rest of the paper follows the type mix (at least `min_case` 案例分析题) and covers
the audit statutes: within each type the next question is the one whose statute has been
covered least so far.
"""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Mapping

from core.errors import InvalidInput
from quizzes.content import CASE, FILL, MULTIPLE, SINGLE, TRUE_FALSE, TYPE_NAMES, TYPES, WRITTEN_TYPES

# The statutes a paper should cover by default (those present in the library).
AUDIT_STATUTES = ("审计法", "审计法实施条例", "预算法", "预算法实施条例", "政府采购法",
                  "政府采购法实施条例", "招标投标法", "会计法", "行政处罚法")
# Share of each type in a default paper of 20: 8 单选, 5 多选, 4 判断, 2 填空, 1 案例.
DEFAULT_SHARES = ((SINGLE, 0.40), (MULTIPLE, 0.25), (TRUE_FALSE, 0.20), (FILL, 0.10), (CASE, 0.05))
MAX_COUNT = 100


@dataclass(frozen=True)
class CompositionPolicy:
    count: int = 20
    mix: Mapping[str, int] | None = None
    min_case: int = 1
    statute_ids: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    review_share: float = 0.3
    recent_days: int = 90
    recent_threshold: float = 0.5
    seed: int | None = None

    def __post_init__(self):
        if not isinstance(self.count, int) or not 1 <= self.count <= MAX_COUNT:
            raise InvalidInput(f"组卷题量应为 1 至 {MAX_COUNT} 道")
        if self.mix is not None:
            if set(self.mix) - set(TYPES) or any(not isinstance(v, int) or v < 0 for v in self.mix.values()):
                raise InvalidInput("题型配比应为“题型 → 非负整数”")
            if sum(self.mix.values()) != self.count:
                raise InvalidInput(f"题型配比合计 {sum(self.mix.values())} 道，与题量 {self.count} 不符")
        if not isinstance(self.min_case, int) or not 0 <= self.min_case <= self.count:
            raise InvalidInput("案例分析题最少数量无效")
        if not 0 <= self.review_share <= 1 or not 0 < self.recent_threshold <= 1:
            raise InvalidInput("复习比例和近期答对比例应在 0 与 1 之间")
        if not isinstance(self.recent_days, int) or not 0 <= self.recent_days <= 3650:
            raise InvalidInput("近期天数应为 0 至 3650")

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "CompositionPolicy":
        if not isinstance(data, Mapping):
            raise InvalidInput("组卷策略格式不正确")
        known = {f for f in cls.__dataclass_fields__}
        unknown = set(data) - known
        if unknown:
            raise InvalidInput(f"组卷策略中有未知设置：{'、'.join(sorted(unknown))}")
        values = dict(data)
        for key, kind in (("statute_ids", int), ("tags", str)):
            if key in values:
                items = values[key]
                if not isinstance(items, (list, tuple)) or len(items) > 50 or not all(
                        isinstance(i, kind) and not isinstance(i, bool) for i in items):
                    raise InvalidInput("组卷策略的法规应为编号列表，标签应为文字列表（各不超过 50 项）")
                if kind is int and not all(0 < i < 2 ** 31 for i in items):
                    raise InvalidInput("组卷策略中的法规编号无效")
                values[key] = tuple(items)
        seed = values.get("seed")
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2 ** 63):
            raise InvalidInput("组卷随机数应为非负整数")
        try:
            return cls(**values)
        except TypeError:
            raise InvalidInput("组卷策略格式不正确") from None

    def to_json(self) -> dict:
        return {"count": self.count, "mix": dict(self.mix) if self.mix else None,
                "min_case": self.min_case, "statute_ids": list(self.statute_ids),
                "tags": list(self.tags), "review_share": self.review_share,
                "recent_days": self.recent_days, "recent_threshold": self.recent_threshold,
                "seed": self.seed}

    def type_quota(self) -> dict[str, int]:
        if self.mix is not None:
            quota = {t: self.mix.get(t, 0) for t in TYPES}
        else:
            # Written questions (graded by hand) come only when the mix asks for them.
            quota = {t: 0 for t in TYPES} | {t: int(self.count * share) for t, share in DEFAULT_SHARES}
            quota[SINGLE] += self.count - sum(quota.values())
        if quota[CASE] < self.min_case:
            shortfall = self.min_case - quota[CASE]
            quota[CASE] = self.min_case
            for qtype in (SINGLE, TRUE_FALSE, MULTIPLE, FILL):
                taken = min(shortfall, quota[qtype])
                quota[qtype] -= taken
                shortfall -= taken
        return quota


@dataclass(frozen=True)
class Candidate:
    """A published question with what the audience's history says about it."""
    question_id: int
    qtype: str
    statute_ids: tuple[int, ...]
    tags: tuple[str, ...] = ()
    answered: int = 0          # audience members who answered it (results visible)
    wrong: int = 0             # … whose latest answer was not fully right
    recent_correct: int = 0    # … who answered it right within recent_days

    @property
    def wrong_rate(self) -> float:
        return self.wrong / self.answered if self.answered else 0.0


@dataclass
class Composition:
    question_ids: list[int] = field(default_factory=list)
    reasons: dict[int, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    excluded_recent: int = 0


def compose(candidates: list[Candidate], policy: CompositionPolicy, audience_size: int,
            statute_names: Mapping[int, str]) -> Composition:
    """Pick the paper.  `statute_names` are the coverage targets (id → short title)."""
    rng = random.Random(policy.seed)
    paper = _Paper(statute_names)
    pool = []
    for c in candidates:
        if policy.tags and not set(policy.tags) & set(c.tags):
            continue
        if audience_size and c.recent_correct / audience_size >= policy.recent_threshold:
            paper.result.excluded_recent += 1
            continue
        pool.append(c)
    quota = policy.type_quota()
    if policy.min_case and not any(c.qtype == CASE for c in pool):
        raise InvalidInput("题库中没有可用的案例分析题（需已发布，且近期未被多数人答对）")
    rng.shuffle(pool)
    # Less-seen questions first; the shuffle breaks ties.
    pool.sort(key=lambda c: c.recent_correct)
    paper.take_review(pool, quota, round(policy.review_share * policy.count))
    for qtype in TYPES:
        paper.take_covering([c for c in pool if c.qtype == qtype], quota[qtype] - paper.per_type[qtype])
    missing = policy.count - len(paper.result.question_ids)
    if missing > 0:
        for qtype in TYPES:
            if paper.per_type[qtype] < quota[qtype]:
                paper.result.warnings.append(f"可用的{TYPE_NAMES[qtype]}不足：需要 {quota[qtype]} 道，"
                                             f"只有 {paper.per_type[qtype]} 道")
        paper.take_covering([c for c in pool if c.qtype not in (CASE, *WRITTEN_TYPES)], missing)
        if len(paper.result.question_ids) < policy.count:
            paper.result.warnings.append(f"题库中可用试题不足，本轮只有 {len(paper.result.question_ids)} 道")
    return paper.result


class _Paper:
    """The paper being composed: chosen questions, per-type counts, statute coverage."""

    def __init__(self, statute_names: Mapping[int, str]):
        self.statute_names = statute_names
        self.result = Composition()
        self.per_type: Counter = Counter()
        self.coverage: Counter = Counter()

    def add(self, candidate: Candidate, reason: str) -> None:
        self.result.question_ids.append(candidate.question_id)
        self.result.reasons[candidate.question_id] = reason
        self.per_type[candidate.qtype] += 1
        self.coverage.update(candidate.statute_ids)

    def is_chosen(self, candidate: Candidate) -> bool:
        return candidate.question_id in self.result.reasons

    def take_review(self, pool: list[Candidate], quota: Mapping[str, int], slots: int) -> None:
        missed = sorted((c for c in pool if c.answered and c.wrong_rate >= 0.5),
                        key=lambda c: (-c.wrong_rate, -c.answered, c.question_id))
        for candidate in missed:
            if slots <= 0:
                return
            if self.per_type[candidate.qtype] < quota[candidate.qtype]:
                self.add(candidate, f"复习：此前 {candidate.wrong}/{candidate.answered} 人答错")
                slots -= 1

    def take_covering(self, items: list[Candidate], wanted: int) -> None:
        items = [c for c in items if not self.is_chosen(c)]
        for _ in range(max(wanted, 0)):
            if not items:
                return
            best = min(items, key=self._coverage_key)
            items.remove(best)
            targets = [s for s in best.statute_ids if s in self.statute_names]
            least = min(targets, key=lambda s: self.coverage[s]) if targets else None
            self.add(best, f"覆盖：《{self.statute_names[least]}》" if least else "题型配比")

    def _coverage_key(self, candidate: Candidate) -> tuple:
        targets = [s for s in candidate.statute_ids if s in self.statute_names]
        if not targets:
            return (1, 0)
        return (0, min(self.coverage[s] for s in targets))
