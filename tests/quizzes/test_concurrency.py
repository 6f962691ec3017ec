"""Many people at the same moment, with real threads on a file database (SQLite in WAL
mode by default; PostgreSQL with KB_TEST_DATABASE=postgresql).  A barrier releases the threads
together; nothing sleeps and nothing is timed."""
import threading

import pytest

from core.errors import Conflict
from tests.support.questions import right_answers

PEOPLE = 100


def run_together(workers):
    """Start one thread per callable, release them at once, re-raise the first failure."""
    barrier = threading.Barrier(len(workers))
    errors = []

    def run(work):
        try:
            barrier.wait()
            work()
        except BaseException as error:   # noqa: BLE001 — reported to the test below
            errors.append(error)
    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


@pytest.fixture
def paper(make_question):
    return [make_question(kind) for kind in ("single", "multiple", "true_false", "fill", "case")]


def test_a_hundred_people_autosave_and_submit_at_once(engine, make_user, as_actor, paper, make_round):
    round_id = make_round(paper)
    people = [as_actor(make_user(department=f"第{i % 4}科")) for i in range(PEOPLE)]
    views = {p: engine.attempts.start(p, round_id) for p in people}
    results = {}

    def take(person):
        view = views[person]
        answers = right_answers(view)
        engine.attempts.save_answer(person, view.attempt_id, paper[2], False)    # changed below
        for question_id, answer in answers.items():
            engine.attempts.save_answer(person, view.attempt_id, question_id, answer)
        results[person] = engine.attempts.submit(person, view.attempt_id)
    run_together([lambda p=p: take(p) for p in people])

    assert len(results) == PEOPLE
    assert all((r.score, r.max_score, r.already_submitted) == (13.0, 13.0, False) for r in results.values())
    for person, view in views.items():
        stored = engine.attempts.get_attempt(person, view.attempt_id)
        assert [q.answer for q in stored.questions] == [right_answers(view)[q] for q in paper]


def test_double_submission_at_once_scores_once(engine, make_user, as_actor, paper, make_round):
    round_id = make_round(paper)
    people = [as_actor(make_user()) for _ in range(PEOPLE // 2)]
    views = {p: engine.attempts.start(p, round_id) for p in people}
    for person, view in views.items():
        engine.attempts.save_answer(person, view.attempt_id, paper[2], True)
    outcomes = []
    run_together([lambda p=p: outcomes.append(engine.attempts.submit(p, views[p].attempt_id))
                  for p in people for _ in range(2)])
    first = [o for o in outcomes if not o.already_submitted]
    assert sorted(o.attempt_id for o in first) == sorted(v.attempt_id for v in views.values())
    assert {(o.score, o.submitted_at) for o in outcomes} == {(1.0, first[0].submitted_at)}


def test_closing_while_people_save_loses_no_acknowledged_answer(engine, trainer, make_user, as_actor,
                                                                paper, make_round):
    round_id = make_round(paper)
    people = [as_actor(make_user()) for _ in range(PEOPLE // 2)]
    views = {p: engine.attempts.start(p, round_id) for p in people}
    acknowledged, refused = set(), set()

    def save(person):
        try:
            engine.attempts.save_answer(person, views[person].attempt_id, paper[2], True)
            acknowledged.add(person)
        except Conflict:
            refused.add(person)
    summary = []
    workers = [lambda p=p: save(p) for p in people]
    workers.append(lambda: summary.append(engine.lifecycle.close_round(trainer, round_id)))
    run_together(workers)

    assert acknowledged | refused == set(people) and summary[0].submitted == len(people)
    for person, view in views.items():
        stored = engine.attempts.get_attempt(person, view.attempt_id)
        assert stored.status == "submitted"
        expected = (True, 1.0) if person in acknowledged else (None, 0.0)
        assert (stored.questions[2].answer, stored.score) == expected


def test_starting_twice_at_once_makes_one_attempt(engine, staff, paper, make_round):
    round_id = make_round(paper)
    views = []
    run_together([lambda: views.append(engine.attempts.start(staff, round_id)) for _ in range(8)])
    assert len({v.attempt_id for v in views}) == 1
