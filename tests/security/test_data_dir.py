"""The data directory holds password hashes, token digests and the audit log: it is
created 0700 and its files — the SQLite database with its WAL and SHM files, the secret
key, backups — 0600, whatever the umask; an older install's looser modes are tightened
when the product opens it."""
import os
import sqlite3
import stat

import pytest

from core.backup import create_backup
from accounts.permissions import system_actor
from quizzes.services import open_services
from tests.support.environment import FAST_ACCOUNTS, make_settings
from tests.support.web import app_config
from webapp import create_app
from webapp.extensions import services


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def usual_umask():
    """The umask of a typical server account (files 0644, folders 0755 by default)."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def database_files(settings):
    db = settings.sqlite_path
    return [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]


def test_a_new_data_directory_and_database_are_private(tmp_path, clock):
    settings = make_settings(tmp_path / "data")
    kb = open_services(settings, clock=clock, accounts=FAST_ACCOUNTS)
    try:
        kb.security_log.record(system_actor(), "backup_created")      # a write: WAL and SHM exist
        assert mode(settings.data_dir) == 0o700
        assert [mode(p) for p in database_files(settings)] == [0o600] * 3
    finally:
        kb.close()


def test_the_app_keeps_its_secret_key_private(tmp_path, clock, statutes_path):
    app = create_app({**app_config(tmp_path / "data", clock), "SECRET_KEY": None})
    try:
        assert mode(tmp_path / "data") == 0o700 and mode(tmp_path / "data" / "secret_key") == 0o600
    finally:
        services(app).close()


def test_backups_are_private(tmp_path, clock):
    settings = make_settings(tmp_path / "data")
    kb = open_services(settings, clock=clock, accounts=FAST_ACCOUNTS)
    kb.close()
    info = create_backup(settings.database_url, [], tmp_path / "backups", clock)
    assert mode(tmp_path / "backups") == 0o700 and mode(info.path) == 0o600


def test_an_older_install_is_tightened_when_opened(tmp_path, clock):
    settings = make_settings(tmp_path / "data")
    settings.data_dir.mkdir(mode=0o755)
    connection = sqlite3.connect(settings.sqlite_path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE t (x)")
    for path in database_files(settings):
        if path.exists():
            os.chmod(path, 0o644)
    kb = open_services(settings, clock=clock, accounts=FAST_ACCOUNTS)
    try:
        assert mode(settings.data_dir) == 0o700
        assert [mode(p) for p in database_files(settings) if p.exists()] == [0o600] * 3
    finally:
        kb.close()
        connection.close()
