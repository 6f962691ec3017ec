"""The database-heavy tests once more, on the other database: a plain `python -m pytest`
(SQLite) runs them again on a throwaway PostgreSQL, so CI — which runs only that command —
tests both backends; a session run with KB_TEST_DATABASE=postgresql runs them again on
SQLite.

One pytest subprocess over the modules below, sharing this session's PostgreSQL server,
rather than a parameter on every fixture: the domain packages run unchanged on either
backend (their fixtures take `database_url`), and the selection (about 840 tests) adds
about ten minutes on a quiet 2-core machine.  The selection is the code whose SQL differs by dialect:
the quiz engine and its notices (bulk inserts, ON CONFLICT, row locks, counts), the
quiz pages and API over a real app, accounts (lockout and throttle counters), the
security suite's rules on rounds, answers, sessions, tokens and the audit log, and the knowledge base's non-search domain
modules.  Search and the corpus tests are left out: their SQL is the importer's, which
these modules cover, and their cost is the index, not the database.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.postgres import TEST_BACKEND_VARIABLE, chosen_backend

ROOT = Path(__file__).resolve().parents[1]
MODULES = (
    "tests/quizzes",
    "tests/webapp/quiz",
    # The security suite's rules that live in SQL: who sees which rounds and answers,
    # sessions, tokens, the audit log, exports.  (test_lockout runs on both backends in
    # every run already; input parsing, password hashing and uploads touch no SQL dialect.)
    "tests/security/test_private_rounds.py", "tests/security/test_answer_key.py",
    "tests/security/test_api_cookie.py", "tests/security/test_sessions.py",
    "tests/security/test_login_audit.py", "tests/security/test_exports.py",
    "tests/security/test_access_matrix.py", "tests/security/test_tokens.py",
    "tests/kb/test_authentication.py", "tests/kb/test_api_token.py", "tests/kb/test_user_admin.py",
    "tests/kb/test_user_import.py", "tests/kb/test_passwords.py",
    "tests/kb/test_cases.py", "tests/kb/test_case_transfer.py", "tests/kb/test_case_kinds.py",
    "tests/kb/test_guide.py", "tests/kb/test_bookmark.py", "tests/kb/test_library.py",
    "tests/kb/test_catalogue.py", "tests/kb/test_importer.py", "tests/kb/test_library_changes.py",
    "tests/kb/test_version_admin.py", "tests/kb/test_legal_time.py", "tests/kb/test_backlinks.py",
    "tests/kb/test_citation_linker.py", "tests/kb/test_incremental_link.py",
    "tests/kb/test_coverage.py", "tests/kb/test_import_job.py",
)
# Browser tests drive Chromium (their database work is the pages' own, covered above);
# corpus tests build whole-corpus fixtures on SQLite by design.
DESELECT = "not corpus and not browser"
TIMEOUT_SECONDS = 40 * 60


def test_the_database_tests_pass_on_the_other_backend(request, tmp_path):
    other = "sqlite" if chosen_backend() == "postgresql" else "postgresql"
    environment = {**os.environ, TEST_BACKEND_VARIABLE: other}
    if other == "postgresql":   # the child makes its databases on this session's server
        environment["DATABASE_URL"] = request.getfixturevalue("postgres_server")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", DESELECT,
               "--basetemp", str(tmp_path / "child"), *MODULES]
    done = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True,
                          timeout=TIMEOUT_SECONDS)
    tail = "\n".join((done.stdout + done.stderr).splitlines()[-150:])
    assert done.returncode == 0, f"on {other}: {' '.join(command[3:])}\n{tail}"
    assert " passed" in tail and " failed" not in tail, tail
