"""The database backend of the tests, and a throwaway PostgreSQL server.

`postgres_server` starts one per test session with scripts/start-postgres.sh (which
installs Debian's postgresql when it is missing, so CI needs nothing beforehand) and
stops it at the end; when DATABASE_URL already names a server, that one is used and
left running.

`database_url` is the database of one test: a SQLite file in tmp_path, or — when the
environment says KB_TEST_DATABASE=postgresql — a database on that server copied from a
template migrated once per session (`postgres_template`), dropped afterwards.  The suite's `settings`, `kb`, `app` and `quiz_kb` fixtures take it, so every
test built on them runs on the backend chosen.  `backend_url` parametrizes one test over
both backends whatever the choice (the concurrency tests).

A plugin of the suite (`pytest_plugins` in tests/conftest.py): a test asks for
`database_url` or `backend_url` as for any fixture.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from sqlalchemy.engine import make_url

from core.db import Database, scratch_database
from core.settings import sqlite_url

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "start-postgres.sh"
BACKENDS = ("sqlite", "postgresql")
# The backend of `database_url`: "sqlite" (the default) or "postgresql".
TEST_BACKEND_VARIABLE = "KB_TEST_DATABASE"


def chosen_backend() -> str:
    backend = os.environ.get(TEST_BACKEND_VARIABLE) or "sqlite"
    if backend not in BACKENDS:
        raise pytest.UsageError(f"{TEST_BACKEND_VARIABLE}={backend}: expected one of {BACKENDS}")
    return backend


def _exports(output: str) -> dict[str, str]:
    values = {}
    for line in output.splitlines():
        if line.startswith("export "):
            name, _, value = line[len("export "):].partition("=")
            values[name] = value
    return values


@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a PostgreSQL server to make scratch databases on."""
    if os.environ.get("DATABASE_URL", "").startswith("postgresql"):
        yield os.environ["DATABASE_URL"]
        return
    started = subprocess.run(["bash", str(SCRIPT)], check=True, capture_output=True, text=True,
                             timeout=900, env={**os.environ, "PG_NO_FSYNC": "1"})
    exports = _exports(started.stdout)
    try:
        yield exports["DATABASE_URL"]
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", exports["PG_THROWAWAY_DIR"]], check=True,
                       capture_output=True, timeout=120)


@pytest.fixture(scope="session")
def postgres_template(postgres_server):
    """The name of a database migrated to the newest revision, once per session: each
    test's database is a copy of it (a fraction of a second, where migrating an empty
    one takes seconds), and opening it finds nothing left to migrate."""
    url, drop = scratch_database(postgres_server)
    database = Database(url)
    database.upgrade()
    database.dispose()   # a template must have no connections while it is copied
    try:
        yield make_url(url).database
    finally:
        drop()


class OwnServer:
    """A PostgreSQL server of one test's own, which the test may stop and start again
    (an outage) without touching the session's shared server."""

    def __init__(self):
        environment = {k: v for k, v in os.environ.items() if k not in ("PG_PORT", "PG_DIR")}
        started = subprocess.run(["bash", str(SCRIPT)], check=True, capture_output=True, text=True,
                                 timeout=900, env={**environment, "PG_NO_FSYNC": "1"})
        exports = _exports(started.stdout)
        self.folder = exports["PG_THROWAWAY_DIR"]
        self.url = exports["DATABASE_URL"]

    def _script(self, *args: str) -> None:
        subprocess.run(["bash", str(SCRIPT), *args, self.folder], check=True, capture_output=True,
                       timeout=120)

    def halt(self) -> None:
        self._script("halt")

    def resume(self) -> None:
        self._script("resume")

    def remove(self) -> None:
        self._script("stop")


@pytest.fixture
def own_postgres():
    """OwnServer: a throwaway PostgreSQL server for this test alone (halt(), resume())."""
    server = OwnServer()
    try:
        yield server
    finally:
        server.remove()


def database_of(backend: str, request, data_dir: Path):
    """Generator of a fixture: a database of `backend` for one test (SQLite in `data_dir`),
    dropped afterwards.  A test module that must run on both backends whatever
    KB_TEST_DATABASE says overrides `database_url` with a fixture over BACKENDS using it."""
    if backend == "sqlite":
        data_dir.mkdir(parents=True, exist_ok=True)
        yield sqlite_url(data_dir)
        return
    url, drop = scratch_database(request.getfixturevalue("postgres_server"),
                                 template=request.getfixturevalue("postgres_template"))
    yield url
    drop()


@pytest.fixture
def database_url(request, tmp_path):
    """The test's own database, on the backend KB_TEST_DATABASE names (SQLite by default)."""
    yield from database_of(chosen_backend(), request, tmp_path / "data")


@pytest.fixture(params=BACKENDS)
def backend_url(request, tmp_path):
    """A database URL of each backend in turn: SQLite, then PostgreSQL."""
    yield from database_of(request.param, request, tmp_path / "data")


@pytest.fixture
def blank_url(request, database_url, tmp_path):
    """Another, empty database of `database_url`'s backend: where a backup is restored."""
    backend = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    yield from database_of(backend, request, tmp_path / "restored")


@pytest.fixture
def shared_database(postgres_server):
    """One scratch PostgreSQL database that the test's app servers and processes share."""
    url, drop = scratch_database(postgres_server)
    yield url
    drop()
