import datetime as dt

import pytest

from core.errors import InvalidInput
from quizzes.composition import Candidate, CompositionPolicy, compose
from quizzes.round_spec import RoundSpec

NAMES = {1: "审计法", 2: "预算法", 3: "政府采购法"}


def bank(overrides=None):
    """Ten questions of each simple type over statutes 1–3, two case questions."""
    items = []
    qid = 0
    for qtype in ("single", "multiple", "true_false", "fill"):
        for i in range(10):
            qid += 1
            items.append(Candidate(qid, qtype, (1 + i % 3,), ("标签",) if i < 5 else ()))
    items += [Candidate(100, "case", (1,)), Candidate(101, "case", (2,))]
    return [(overrides or {}).get(c.question_id, c) for c in items]


def test_default_mix_with_a_case_and_coverage():
    result = compose(bank(), CompositionPolicy(count=20, seed=1), 10, NAMES)
    chosen = {c.question_id: c for c in bank() if c.question_id in result.question_ids}
    types = [c.qtype for c in chosen.values()]
    assert len(result.question_ids) == 20
    assert (types.count("single"), types.count("multiple"), types.count("true_false"),
            types.count("fill"), types.count("case")) == (8, 5, 4, 2, 1)
    singles = [c.statute_ids[0] for c in chosen.values() if c.qtype == "single"]
    assert {singles.count(s) for s in (1, 2, 3)} <= {2, 3}          # spread over the statutes
    assert result.warnings == []


def test_missed_questions_come_back_and_recently_right_ones_do_not():
    missed = Candidate(7, "single", (1,), answered=10, wrong=8)
    mastered = Candidate(8, "single", (2,), answered=10, recent_correct=9)
    result = compose(bank({7: missed, 8: mastered}), CompositionPolicy(count=20, seed=2), 10, NAMES)
    assert 7 in result.question_ids and result.reasons[7] == "复习：此前 8/10 人答错"
    assert 8 not in result.question_ids and result.excluded_recent == 1


def test_mix_min_case_tags_and_shortfall():
    policy = CompositionPolicy(count=4, mix={"single": 2, "true_false": 2}, min_case=1, seed=3)
    result = compose(bank(), policy, 0, NAMES)
    assert 100 in result.question_ids or 101 in result.question_ids
    tagged = compose(bank(), CompositionPolicy(count=30, min_case=0, tags=("标签",), seed=4), 0, NAMES)
    assert len(tagged.question_ids) == 20 and tagged.warnings[-1] == "题库中可用试题不足，本轮只有 20 道"


def test_no_case_question_available():
    with pytest.raises(InvalidInput, match="没有可用的案例分析题"):
        compose([c for c in bank() if c.qtype != "case"], CompositionPolicy(count=5), 0, NAMES)


@pytest.mark.parametrize("data, message", [
    ({"count": 0}, "题量"), ({"count": 3, "mix": {"single": 2}}, "不符"), ({"bogus": 1}, "未知设置"),
    ({"mix": {"oral": 20}}, "题型配比"), ({"review_share": 2}, "比例"),
])
def test_bad_policies(data, message):
    with pytest.raises(InvalidInput, match=message):
        CompositionPolicy.from_json(data)


def test_a_round_composed_from_the_bank(engine, clock, trainer, make_question, make_user):
    make_user(department="甲科")
    ids = [make_question(kind, stem=f"第{i}题____" if kind == "fill" else f"第{i}题")
           for i, kind in enumerate(["single"] * 4 + ["true_false"] * 2 + ["fill"]) ] + [make_question("case")]
    spec = RoundSpec(title="自动组卷", opens_at=clock.now(), closes_at=clock.now() + dt.timedelta(days=7),
                     policy=CompositionPolicy(count=5, seed=5))
    detail = engine.rounds.create_round(trainer, spec)
    chosen = [q.question_id for q in detail.questions]
    assert len(chosen) == 5 and ids[-1] in chosen and set(chosen) <= set(ids)
    assert detail.policy["count"] == 5 and set(detail.composition_notes) == {str(q) for q in chosen}
    preview = engine.rounds.preview_composition(trainer, CompositionPolicy(count=5, seed=5))
    assert preview.question_ids == chosen
