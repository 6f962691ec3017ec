"""Fixtures of the quiz tests: a knowledge base holding the fixture statutes — in the
test's `database_url` (SQLite in tmp_path, or a fresh PostgreSQL database with
KB_TEST_DATABASE=postgresql) — the quiz engine on the suite's clock, users, and factories
for questions and rounds."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from accounts.permissions import actor_of
from accounts.user import ROLE_ADMIN, ROLE_STAFF, ROLE_TRAINER, Department, User, UserInfo
from core.actor import Actor
from kb.importer import Importer
from quizzes.round_spec import RoundSpec
from quizzes.services import Services, open_services
from tests.support.environment import make_settings
from tests.support.questions import SAMPLES


@pytest.fixture
def quiz_kb(tmp_path, database_url, statutes_path):
    """The fixture statutes in a fresh database of the backend under test."""
    settings = replace(make_settings(tmp_path / "data"), database_url=database_url)
    base = open_services(settings)
    Importer(base.db).import_path(statutes_path)
    yield base
    base.close()


@pytest.fixture
def engine(quiz_kb, clock) -> Services:
    """The services over quiz_kb's database on the standing clock."""
    services = open_services(quiz_kb.settings, clock=clock, upgrade=False)
    yield services
    services.close()


@pytest.fixture
def make_user(quiz_kb):
    """Factory: make_user(role="trainer", department="甲科") → UserInfo, as the suite's
    make_user (tests/conftest.py), but in quiz_kb's database and without a password (the
    quiz tests make hundreds of people; none of them signs in)."""
    counter = iter(range(1, 100000))

    def make(username: str | None = None, *, role: str = ROLE_STAFF, display_name: str | None = None,
             department: str | None = None) -> UserInfo:
        with quiz_kb.db.session() as session, session.begin():
            department_id = None
            if department:
                found = session.query(Department).filter_by(name=department).first()
                if found is None:
                    found = Department(name=department)
                    session.add(found)
                    session.flush()
                department_id = found.id
            number = next(counter)
            user = User(username=username or f"{role}{number}",
                        display_name=display_name or f"{role}-{number}",
                        role=role, department_id=department_id, password_hash="!")
            session.add(user)
            session.flush()
            user_id = user.id
        return quiz_kb.users.get_user(user_id)
    return make


@pytest.fixture
def as_actor():
    """as_actor(user) → the Actor of a user made by make_user."""
    return actor_of


@pytest.fixture
def trainer(make_user, as_actor) -> Actor:
    return as_actor(make_user(role=ROLE_TRAINER, display_name="张培训"))


@pytest.fixture
def reviewer(make_user, as_actor) -> Actor:
    return as_actor(make_user(role=ROLE_TRAINER, display_name="李审核"))


@pytest.fixture
def admin(make_user, as_actor) -> Actor:
    return as_actor(make_user(role=ROLE_ADMIN, display_name="王管理"))


@pytest.fixture
def staff(make_user, as_actor) -> Actor:
    return as_actor(make_user(department="财政审计科", display_name="赵审计"))


@pytest.fixture
def make_question(engine, trainer, reviewer):
    """make_question(kind="single", publish=True, **overrides) → question id."""
    def make(kind: str = "single", publish: bool = True, **overrides) -> int:
        data = dict(SAMPLES[kind], **overrides)
        question = engine.bank.create_question(trainer, data)
        if publish:
            assert engine.bank.review(reviewer, [question.id]).done == [question.id]
            assert engine.bank.publish(reviewer, [question.id]).done == [question.id]
        return question.id
    return make


@pytest.fixture
def make_round(engine, trainer, clock):
    """make_round(question_ids, publish=True, **spec overrides) → round id (open now by default)."""
    def make(question_ids, publish: bool = True, **overrides) -> int:
        values = dict(title="第一期练兵", opens_at=clock.now(),
                      closes_at=clock.now() + dt.timedelta(days=7),
                      question_ids=tuple(question_ids))
        values.update(overrides)
        detail = engine.rounds.create_round(trainer, RoundSpec(**values))
        if publish:
            engine.lifecycle.publish_round(trainer, detail.summary.id)
        return detail.summary.id
    return make
