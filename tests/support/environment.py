"""What every test's world is made of: the fixture files, a data directory's settings, the
one start time of the `clock` fixture, and the accounts' password and test-sized hasher."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from accounts.passwords import PasswordHasher
from core.settings import DEFAULT_CORPUS, Settings, sqlite_url
from quizzes.services import AccountOptions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# scrypt at a test-sized work factor: the same code path, a fraction of the time.
FAST_ACCOUNTS = AccountOptions(hasher=PasswordHasher(n=2 ** 8))
PASSWORD = "Correct-Horse-9"
# Where the `clock` fixture starts: a Monday, 09:00 in Beijing.  A test that needs another
# time sets it (clock.set(...)) in the test.
START = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.timezone.utc)


def make_settings(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, database_url=sqlite_url(data_dir),
                    corpus_path=Path(os.environ.get("KB_CORPUS") or DEFAULT_CORPUS))
