"""Fixtures of the quiz pages' tests: the app's quiz engine on the fixture statutes,
questions of every type (written by the trainer, reviewed and published by the admin),
open rounds, and browsers signed in per role (the Web helper of tests/webapp)."""
from __future__ import annotations

import datetime as dt

import pytest

from accounts.permissions import actor_of, system_actor
from quizzes.round_spec import RoundSpec
from tests.support.questions import SAMPLES
from tests.support.web import ROLES
from webapp.extensions import services


@pytest.fixture
def quiz(loaded_app):
    return services(loaded_app)


@pytest.fixture
def make_question(quiz, accounts):
    """make_question("single", publish=True, **overrides) → question id."""
    def make(kind: str = "single", publish: bool = True, **overrides) -> int:
        question = quiz.bank.create_question(actor_of(accounts["trainer"]), dict(SAMPLES[kind], **overrides))
        if publish:
            assert quiz.bank.review(actor_of(accounts["admin"]), [question.id]).done == [question.id]
            assert quiz.bank.publish(actor_of(accounts["admin"]), [question.id]).done == [question.id]
        return question.id
    return make


@pytest.fixture
def paper(make_question) -> list[int]:
    """One published question of each type, in the fixture order."""
    return [make_question(kind) for kind in SAMPLES]


@pytest.fixture
def make_round(quiz, accounts, clock):
    """make_round(question_ids, publish=True, **spec overrides) → round id, open now."""
    def make(question_ids, publish: bool = True, **overrides) -> int:
        values = dict(title="第一期练兵", opens_at=clock.now(), closes_at=clock.now() + dt.timedelta(days=7),
                      question_ids=tuple(question_ids))
        values.update(overrides)
        round_id = quiz.rounds.create_round(actor_of(accounts["trainer"]), RoundSpec(**values)).summary.id
        if publish:
            quiz.lifecycle.publish_round(actor_of(accounts["trainer"]), round_id)
        return round_id
    return make


@pytest.fixture
def browsers(loaded_app, browser):
    """A signed-in Web per role: browsers["staff"].text("/rounds")."""
    return {role: browser(role) for role in ROLES}


@pytest.fixture
def api_for(loaded_app, accounts):
    """api_for("staff") → a test client sending that role's bearer token."""
    def client_for(role: str):
        client = loaded_app.test_client()
        token = services(loaded_app).tokens.issue(system_actor(), accounts[role]).token
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        return client
    return client_for


@pytest.fixture
def staff(browsers):
    """The staff member's signed-in browser, holding a page's CSRF token (for the API's
    cookie writes)."""
    web = browsers["staff"]
    web.csrf("/me/account")
    return web


@pytest.fixture
def started(quiz, accounts, make_round, paper):
    """The staff member's attempt at an open round of one question per type."""
    return quiz.attempts.start(actor_of(accounts["staff"]), make_round(paper))
