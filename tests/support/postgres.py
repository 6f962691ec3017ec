"""A throwaway PostgreSQL server for the tests that must run on both databases.

`postgres_server` starts one per test session with scripts/start-postgres.sh (which
installs Debian's postgresql when it is missing, so CI needs nothing beforehand) and
stops it at the end; when DATABASE_URL already names a server, that one is used and
left running.  `backend_url` parametrizes a test over SQLite (a file in tmp_path) and
PostgreSQL (a fresh database on that server, dropped afterwards).

A plugin of the suite (`pytest_plugins` in tests/conftest.py): a test asks for
`backend_url` as for any fixture.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from core.db import scratch_database
from core.settings import sqlite_url

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "start-postgres.sh"
BACKENDS = ("sqlite", "postgresql")


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
                             timeout=900)
    exports = _exports(started.stdout)
    try:
        yield exports["DATABASE_URL"]
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", exports["PG_THROWAWAY_DIR"]], check=True,
                       capture_output=True, timeout=120)


@pytest.fixture(params=BACKENDS)
def backend_url(request, tmp_path):
    """A database URL of each backend in turn: SQLite, then PostgreSQL."""
    if request.param == "sqlite":
        (tmp_path / "data").mkdir()
        yield sqlite_url(tmp_path / "data")
        return
    url, drop = scratch_database(request.getfixturevalue("postgres_server"))
    yield url
    drop()
