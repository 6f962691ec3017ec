"""练兵比武: the start window, the live ranking (ties by time used), certificates and the
year's points."""
import datetime as dt
import io

import pytest
from docx import Document

from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from quizzes.round_spec import RoundSpec


def spec(clock, **overrides) -> RoundSpec:
    values = dict(title="第一届练兵比武", opens_at=clock.now(), closes_at=clock.now() + dt.timedelta(hours=2),
                  time_limit_minutes=30, competition=True, start_window_minutes=10)
    values.update(overrides)
    return RoundSpec(**values)


@pytest.mark.parametrize("overrides, message", [
    ({"time_limit_minutes": None}, "答题限时"),
    ({"attempts_allowed": 2}, "只能作答一次"),
    ({"practice_mode": True}, "练习模式"),
    ({"start_window_minutes": 0}, "入场时限应为"),
    ({"start_window_minutes": 500}, "超出了轮次的截止时间"),
    ({"competition": False}, "入场时限只用于练兵比武"),
])
def test_a_competition_is_one_timed_attempt_started_in_the_window(clock, overrides, message):
    with pytest.raises(InvalidInput, match=message):
        spec(clock, **overrides)


def test_the_window_defaults_for_a_competition_from_json():
    data = {"title": "比武", "opens_at": "2026-03-02T09:00", "closes_at": "2026-03-02T11:00",
            "time_limit_minutes": 30, "competition": True}
    assert RoundSpec.from_json(data).start_window_minutes == 15
    with pytest.raises(InvalidInput, match="练兵比武应为 true 或 false"):
        RoundSpec.from_json(dict(data, competition="yes"))


@pytest.fixture
def contest(engine, clock, make_user, as_actor, trainer, make_question):
    """A competition on two questions; 甲科 has three people, 乙科 two."""
    tf, fill = make_question("true_false"), make_question("fill")
    detail = engine.rounds.create_round(trainer, spec(clock, question_ids=(tf, fill)))
    round_id = detail.summary.id
    engine.lifecycle.publish_round(trainer, round_id)
    people = {name: as_actor(make_user(name, department=department, display_name=name))
              for name, department in (("a1", "甲科"), ("a2", "甲科"), ("a3", "甲科"), ("b1", "乙科"), ("b2", "乙科"))}
    return round_id, people, tf, fill


def answer(engine, clock, person, round_id, tf, fill, answers, minutes):
    view = engine.attempts.start(person, round_id)
    engine.attempts.save_answer(person, view.attempt_id, tf, answers[0])
    engine.attempts.save_answer(person, view.attempt_id, fill, answers[1])
    clock.advance(minutes=minutes)
    engine.attempts.submit(person, view.attempt_id)
    return view.attempt_id


def test_live_ranking_breaks_ties_by_time_used(engine, clock, trainer, contest):
    round_id, people, tf, fill = contest
    for name, minutes in (("a1", 9), ("b1", 4), ("a2", 4)):
        answer(engine, clock, people[name], round_id, tf, fill, (True, "十日"), minutes)
        clock.advance(seconds=-minutes * 60)        # everyone started at the opening
    engine.attempts.start(people["a3"], round_id)  # still answering
    live = engine.competitions.live_ranking(trainer, round_id)
    assert (live.audience, live.started, live.submitted) == (5, 4, 3)
    ranked = [(p.rank, p.name, p.seconds_used) for p in live.people if p.rank]
    assert ranked == [(1, "a2", 240), (1, "b1", 240), (3, "a1", 540)]
    assert [(p.name, p.state) for p in live.people if not p.rank] == [("a3", "in_progress"), ("b2", "absent")]
    assert [d.name for d in live.departments] == ["甲科", "乙科"]
    with pytest.raises(PermissionDenied):
        engine.competitions.live_ranking(people["a1"], round_id)


def test_late_comers_are_refused_after_the_window(engine, clock, contest):
    round_id, people, _, _ = contest
    clock.advance(minutes=11)
    with pytest.raises(Conflict, match="比武入场时间已过"):
        engine.attempts.start(people["a1"], round_id)
    state = engine.rounds.get_round(people["a1"], round_id).summary.mine
    assert not state.can_start and "入场时间已过" in state.reason


def test_a_training_round_is_not_a_competition(engine, trainer, make_question, make_round):
    round_id = make_round([make_question("single")])
    with pytest.raises(NotFound, match="不是练兵比武"):
        engine.competitions.live_ranking(trainer, round_id)


def test_certificates_for_the_first_places_after_the_close(engine, clock, trainer, contest):
    round_id, people, tf, fill = contest
    answer(engine, clock, people["a1"], round_id, tf, fill, (True, "十日"), 5)
    answer(engine, clock, people["b1"], round_id, tf, fill, (True, "五日"), 5)
    with pytest.raises(Conflict, match="比武结束后"):
        engine.competitions.certificates(trainer, round_id, 3, "某区审计局")
    engine.lifecycle.close_round(trainer, round_id)
    with pytest.raises(InvalidInput, match="颁奖单位"):
        engine.competitions.certificates(trainer, round_id, 3, " ")
    with pytest.raises(InvalidInput, match="获奖名次"):
        engine.competitions.certificates(trainer, round_id, 0, "某区审计局")
    data = engine.competitions.certificates(trainer, round_id, 1, "某区审计局")
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "a1同志（甲科）" in text and "荣获第一名" in text and "b1" not in text
    assert "某区审计局" in text and "第一届练兵比武" in text
    both = "\n".join(p.text for p in Document(io.BytesIO(
        engine.competitions.certificates(trainer, round_id, 3, "某区审计局"))).paragraphs)
    assert "荣获第二名" in both and both.count("奖  状") == 2
    with pytest.raises(PermissionDenied):
        engine.competitions.certificates(people["a1"], round_id, 3, "某区审计局")


def test_year_points_follow_the_documented_rule(engine, clock, trainer, contest, make_question, make_round):
    round_id, people, tf, fill = contest
    answer(engine, clock, people["a1"], round_id, tf, fill, (True, "十日"), 5)     # 100 %, first
    answer(engine, clock, people["b1"], round_id, tf, fill, (True, "五日"), 5)     # 33.3 %, second
    engine.lifecycle.close_round(trainer, round_id)
    training = make_round([tf])
    for name in ("a2", "b1"):
        view = engine.attempts.start(people[name], training)
        engine.attempts.save_answer(people[name], view.attempt_id, tf, True)
        engine.attempts.submit(people[name], view.attempt_id)
    engine.lifecycle.close_round(trainer, training)
    year = engine.competitions.year_points(people["a3"], clock.now().year)
    assert (year.rounds, year.competitions) == (2, 1)
    rows = {r.name: (r.rank, r.points, r.rounds, r.competitions, r.best_place) for r in year.rows}
    assert rows == {"a1": (1, 25.0, 1, 1, 1), "b1": (2, 19.7, 2, 1, 2), "a2": (3, 10.0, 1, 0, None)}
    assert engine.competitions.year_points(people["a3"], clock.now().year - 1).rows == ()
    with pytest.raises(InvalidInput):
        engine.competitions.year_points(people["a3"], 1900)
