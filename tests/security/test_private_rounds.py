"""A 自测 round is its owner's alone: no trainer or admin can close, cancel, open,
publish, extend, read the results of or export someone else's self-practice — through
the pages, the API or the domain — and each try is a 404, never a 500."""
import datetime as dt

import pytest

from accounts.permissions import actor_of
from core.errors import NotFound
from quizzes.practice import PracticeRequest


@pytest.fixture
def private(quiz, accounts, make_question):
    """The staff member's 自测 round, started."""
    make_question("single")
    view = quiz.practice.start(actor_of(accounts["staff"]), PracticeRequest(tags=("审计程序",)))
    return view.round_id


PAGE_ATTACKS = [("post", "/rounds/{id}/close", {}), ("post", "/rounds/{id}/cancel", {"reason": "x"}),
                ("post", "/rounds/{id}/open", {}), ("post", "/rounds/{id}/publish", {}),
                ("post", "/rounds/{id}/extend", {"user_id": "1", "closes_at": "2030-01-01T09:00"}),
                ("get", "/rounds/{id}/results", None), ("get", "/rounds/{id}/results.xlsx", None),
                ("get", "/rounds/{id}", None), ("get", "/rounds/{id}/edit", None),
                ("get", "/training/rankings?round={id}", None)]
API_ATTACKS = [("post", "/api/v1/rounds/{id}/close"), ("get", "/api/v1/rounds/{id}/results"),
               ("get", "/api/v1/rounds/{id}/stats"), ("get", "/api/v1/rounds/{id}")]


@pytest.mark.parametrize("role", ["trainer", "admin"])
@pytest.mark.parametrize("method, url, form", PAGE_ATTACKS)
def test_pages_refuse_someone_elses_self_practice(browsers, private, role, method, url, form):
    web = browsers[role]
    url = url.format(id=private)
    response = web.post(url, form) if method == "post" else web.get(url)
    assert response.status_code == 404, (url, response.status_code)


@pytest.mark.parametrize("method, url", API_ATTACKS)
def test_the_api_refuses_it_too(api_for, private, method, url):
    response = getattr(api_for("trainer"), method)(url.format(id=private))
    assert response.status_code == 404, response.get_json()


def test_the_domain_refuses_every_round_action(quiz, accounts, private, clock):
    trainer = actor_of(accounts["trainer"])
    actions = [lambda: quiz.lifecycle.close_round(trainer, private),
               lambda: quiz.lifecycle.cancel_round(trainer, private, "无"),
               lambda: quiz.lifecycle.open_round_now(trainer, private),
               lambda: quiz.lifecycle.publish_round(trainer, private),
               lambda: quiz.lifecycle.extend_deadline(trainer, private, accounts["staff"].id,
                                                      clock.now() + dt.timedelta(days=9)),
               lambda: quiz.results.round_results(trainer, private),
               lambda: quiz.statistics.round_stats(trainer, private),
               lambda: quiz.exports.round_results_workbook(trainer, private),
               lambda: quiz.results.department_ranking(trainer, private)]
    for action in actions:
        with pytest.raises(NotFound):
            action()
    view = quiz.attempts.get_attempt(actor_of(accounts["staff"]), quiz.attempts.start(actor_of(accounts["staff"]), private).attempt_id)
    assert view.status == "in_progress"                      # the owner's practice goes on
