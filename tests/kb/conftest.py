"""Fixtures for the case, citation and guide tests: acting users, a library with the
citation fixtures on top of the statute fixtures, and a corpus copy with content."""
from __future__ import annotations

import datetime as dt

import pytest

from accounts.permissions import actor_of
from accounts.user import ROLE_ADMIN, ROLE_STAFF, ROLE_TRAINER, User
from core.actor import Actor
from kb.cases.values import CaseInput
from kb.importer import Importer
from quizzes.services import open_services
from tests.support.environment import FIXTURES


@pytest.fixture
def citing_kb(settings, statutes_path, clock):
    """Fixture statutes plus 样例财政法 (cites 样例审计法, repeals 样例旧财政法), linked."""
    base = open_services(settings, clock=clock)
    Importer(base.db).import_path(statutes_path)
    Importer(base.db).import_path(FIXTURES / "citations")
    base.citations.link_library()
    yield base
    base.close()


def _user(kb, username: str, role: str) -> Actor:
    """A user in the database, as the Actor the services take."""
    with kb.db.session() as session, session.begin():
        user = User(username=username, display_name=f"{username}（{role}）", role=role,
                    password_hash="!")
        session.add(user)
        session.flush()
        return actor_of(user)


@pytest.fixture
def trainer(citing_kb):
    return _user(citing_kb, "trainer1", ROLE_TRAINER)


@pytest.fixture
def other_trainer(citing_kb):
    return _user(citing_kb, "trainer2", ROLE_TRAINER)


@pytest.fixture
def staff(citing_kb):
    return _user(citing_kb, "staff1", ROLE_STAFF)


@pytest.fixture
def admin(citing_kb):
    return _user(citing_kb, "admin1", ROLE_ADMIN)


@pytest.fixture
def make_case_input():
    """Factory for case input with sensible defaults; override any field."""
    def make(**overrides) -> CaseInput:
        fields = dict(title="某局无预算支出案", audit_type="预算执行",
                      body="## 定性依据\n\n违反了《中华人民共和国样例财政法》第二条第一款的规定。",
                      tags=("无预算支出",), case_date=dt.date(2023, 5, 1), source="测试",
                      summary="")
        fields.update(overrides)
        return CaseInput(**fields)
    return make
