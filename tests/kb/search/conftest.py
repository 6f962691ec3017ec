"""Fixtures for search tests: the fixture statutes indexed, once per session for read-only
tests and per test where a test changes the index."""
from __future__ import annotations

import pytest

from kb.importer import Importer
from quizzes.services import open_services
from tests.support.environment import make_settings


@pytest.fixture(scope="session")
def searched(statutes_path, tmp_path_factory):
    """A knowledge base of the fixture statutes with its index built; do not modify."""
    base = open_services(make_settings(tmp_path_factory.mktemp("search-data")))
    Importer(base.db).import_path(statutes_path)
    base.search.rebuild()
    yield base
    base.close()


@pytest.fixture
def search_kb(loaded_kb):
    """The fixture statutes indexed in this test's own data directory."""
    loaded_kb.search.rebuild()
    return loaded_kb


@pytest.fixture
def search(searched):
    """Shorthand: run a search on the shared fixture index."""
    return searched.search.search
