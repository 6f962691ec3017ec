"""Shared fixtures: the real corpus, the fixture statutes, and a knowledge base per test."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from core.clock import FixedClock
from accounts.permissions import system_actor
from quizzes.services import open_services
from core.settings import DEFAULT_CORPUS, Settings
from accounts.user_admin import NewUser
from tests.support.environment import FAST_ACCOUNTS, FIXTURES, PASSWORD, START, make_settings

# Fixtures defined beside their helpers in tests/support, for any test to ask for.
pytest_plugins = ["tests.support.postgres"]


@pytest.fixture(scope="session")
def corpus_path() -> Path:
    """The real statute corpus; its absence is a failure, never a skip."""
    path = Path(os.environ.get("KB_CORPUS") or DEFAULT_CORPUS)
    assert (path / "README.md").is_file(), (
        f"statute corpus not found at {path}: put ../shared/corpus beside the checkout "
        "or set KB_CORPUS")
    return path


@pytest.fixture(scope="session")
def statutes_path() -> Path:
    return FIXTURES / "statutes"


@pytest.fixture(scope="session")
def pdf_fonts() -> None:
    """The Chinese fonts the 以案释法 PDF embeds: scripts/install-fonts.sh installs them from
    Debian's packages the first time (as root), so the PDF tests run on a fresh machine."""
    script = Path(__file__).resolve().parents[1] / "scripts" / "install-fonts.sh"
    subprocess.run(["bash", str(script)], check=True)


@pytest.fixture
def settings(tmp_path, database_url) -> Settings:
    """The test's data directory, its database on the backend under test."""
    return replace(make_settings(tmp_path / "data"), database_url=database_url)


@pytest.fixture
def clock() -> FixedClock:
    """The one clock of the suite: it stands at START until a test moves it."""
    return FixedClock(START)


@pytest.fixture
def cli_env(settings, monkeypatch) -> Settings:
    """`python -m kb` pointed at this test's data directory and database (SQLite in it, or
    the test's PostgreSQL database), and at no other."""
    monkeypatch.setenv("KB_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("KB_DATABASE_URL", settings.database_url)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return settings


@pytest.fixture
def kb(settings, clock):
    """An empty knowledge base in the test's own data directory, on a fixed clock."""
    base = open_services(settings, clock=clock, accounts=FAST_ACCOUNTS)
    yield base
    base.close()


@pytest.fixture
def make_user(kb):
    """Factory: make_user("zhang", role="admin", department="审计一科") → UserInfo."""
    def make(username: str, *, role: str = "staff", display_name: str | None = None,
             department: str | None = None, password: str = PASSWORD,
             must_change_password: bool = False):
        if department and department not in {d.name for d in kb.departments.list()}:
            kb.departments.create(system_actor(), department)
        created = kb.users.create_user(system_actor(), NewUser(
            username, display_name or f"用户{username}", role, department, password,
            must_change_password))
        return created.user
    return make


@pytest.fixture
def loaded_kb(kb, statutes_path):
    """A knowledge base holding the fixture statutes."""
    from kb.importer import Importer
    Importer(kb.db).import_path(statutes_path)
    return kb


@pytest.fixture(scope="session")
def corpus_kb(corpus_path, tmp_path_factory):
    """The whole corpus imported once per test session (about half a minute)."""
    from kb.importer import Importer
    base = open_services(make_settings(tmp_path_factory.mktemp("corpus-data")))
    summary = Importer(base.db).import_path(corpus_path)
    base.import_summary = summary
    yield base
    base.close()


@pytest.fixture(scope="session")
def corpus_content(corpus_kb, tmp_path_factory):
    """A copy of the corpus library, linked, with the court cases, the sample cases and the
    guide loaded (a copy, so the shared `corpus_kb` stays as other tests expect it)."""
    import sqlite3

    from kb.cases.courtcases import import_court_cases
    from kb.cases.samples import load_sample_cases
    from kb.guide.seed import seed_guide

    settings = make_settings(tmp_path_factory.mktemp("corpus-content"))
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(corpus_kb.settings.sqlite_path)
    target = sqlite3.connect(settings.sqlite_path)
    with target:
        source.backup(target)
    source.close()
    target.close()
    base = open_services(settings)
    base.link_summary = base.citations.link_library()
    base.court_report = import_court_cases(base.case_transfer, settings.corpus_path / "案例",
                                           dt.date(2026, 1, 1))
    base.sample_report = load_sample_cases(base.case_transfer)
    base.guide_summary = seed_guide(base.guide)
    yield base
    base.close()
