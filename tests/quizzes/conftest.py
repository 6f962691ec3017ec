"""Fixtures of the quiz tests: a knowledge base holding the fixture statutes — SQLite in
tmp_path, or a fresh PostgreSQL database per test when DATABASE_URL is set — a clock
that stands still, users, and factories for questions and rounds."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace

import pytest

from accounts.permissions import actor_of
from accounts.user import ROLE_ADMIN, ROLE_STAFF, ROLE_TRAINER, Department, User
from core.actor import Actor
from core.clock import LOCAL_TZ, FixedClock
from core.db import scratch_database
from kb.importer import Importer
from quizzes.services import Services, open_services
from quizzes.round_spec import RoundSpec
from tests.conftest import make_settings

START = dt.datetime(2025, 3, 3, 9, 0, tzinfo=LOCAL_TZ)   # a Monday morning


@pytest.fixture
def quiz_kb(tmp_path, statutes_path):
    """The fixture statutes in a fresh database of the backend under test."""
    settings = make_settings(tmp_path / "data")
    drop = None
    if os.environ.get("DATABASE_URL"):
        url, drop = scratch_database(os.environ["DATABASE_URL"])
        settings = replace(settings, database_url=url)
    base = open_services(settings)
    Importer(base.db).import_path(statutes_path)
    yield base
    base.close()
    if drop:
        drop()


@pytest.fixture
def clock():
    return FixedClock(START)


@pytest.fixture
def engine(quiz_kb, clock) -> Services:
    """The services over quiz_kb's database on the standing clock."""
    services = open_services(quiz_kb.settings, clock=clock, upgrade=False)
    yield services
    services.close()


@pytest.fixture
def make_user(quiz_kb):
    counter = iter(range(1, 100000))

    def make(role=ROLE_STAFF, department: str | None = None, name: str | None = None) -> int:
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
            user = User(username=f"{role}{number}", display_name=name or f"{role}-{number}",
                        role=role, department_id=department_id, password_hash="!")
            session.add(user)
            session.flush()
            return user.id
    return make


@pytest.fixture
def as_actor(quiz_kb):
    """as_actor(user_id) → the Actor of a user made by make_user."""
    return lambda user_id: actor_of(quiz_kb.users.get_user(user_id))


@pytest.fixture
def trainer(make_user, as_actor) -> Actor:
    return as_actor(make_user(ROLE_TRAINER, name="张培训"))


@pytest.fixture
def reviewer(make_user, as_actor) -> Actor:
    return as_actor(make_user(ROLE_TRAINER, name="李审核"))


@pytest.fixture
def admin(make_user, as_actor) -> Actor:
    return as_actor(make_user(ROLE_ADMIN, name="王管理"))


@pytest.fixture
def staff(make_user, as_actor) -> Actor:
    return as_actor(make_user(ROLE_STAFF, department="财政审计科", name="赵审计"))


SINGLE_DATA = {"type": "single", "stem": "审计机关应当在实施审计几日前送达审计通知书？",
               "options": ["一日", "三日", "五日", "七日"], "answer": "o2",
               "explanation": "依据样例审计法。", "articles": "《样例审计法》第二条",
               "tags": ["审计程序"], "difficulty": 2}
MULTIPLE_DATA = {"type": "multiple", "stem": "审计机关有权要求被审计单位提供哪些资料？",
                 "options": ["财务资料", "会计资料", "个人日记", "业务资料"],
                 "answer": ["o1", "o2", "o4"], "articles": "《样例审计法》第四条", "tags": ["审计权限"]}
TRUE_FALSE_DATA = {"type": "true_false", "stem": "审计人员与被审计单位有利害关系的，应当回避。",
                   "answer": True, "articles": "《样例审计法》第三条之一", "tags": ["回避"]}
FILL_DATA = {"type": "fill", "stem": "被审计单位应当自接到审计报告之日起____内提出书面意见。",
             "answer": [["十日", "10日"]], "tags": ["审计程序"]}
CASE_DATA = {"type": "case", "stem": "2024年，某县审计局对县教育局开展预算执行审计，发现……",
             "explanation": "本案考查审计程序。", "articles": ["样例审计法第四条"], "tags": ["案例"],
             "parts": [
                 {"type": "single", "stem": "审计局应向谁送达审计通知书？",
                  "options": ["县教育局", "县财政局", "县政府"], "answer": "o1"},
                 {"type": "true_false", "stem": "县教育局可以拒绝提供电子数据。", "answer": False},
                 {"type": "fill", "stem": "被审计单位不得拒绝、____、谎报。", "answer": ["拖延"]}]}
def right_answers(view):
    """The right answer to each question of the fixture paper, by option text."""
    def option(q_or_part, text):
        return next(o.id for o in q_or_part.options if o.text == text)
    out = {}
    for q in view.questions:
        if q.qtype == "single":
            out[q.question_id] = option(q, "三日")
        elif q.qtype == "multiple":
            out[q.question_id] = [option(q, t) for t in ("财务资料", "会计资料", "业务资料")]
        elif q.qtype == "true_false":
            out[q.question_id] = True
        elif q.qtype == "fill":
            out[q.question_id] = ["10日"]
        else:
            p1 = q.parts[0]
            out[q.question_id] = {"p1": option(p1, "县教育局"), "p2": False, "p3": ["拖延"]}
    return out


SAMPLES = {"single": SINGLE_DATA, "multiple": MULTIPLE_DATA, "true_false": TRUE_FALSE_DATA,
           "fill": FILL_DATA, "case": CASE_DATA}


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
