"""Shared fixtures: the real corpus, the fixture statutes, and a knowledge base per test."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from kb.services import KnowledgeBase
from kb.settings import DEFAULT_CORPUS, Settings, sqlite_url

FIXTURES = Path(__file__).resolve().parent / "fixtures"


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


def make_settings(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, database_url=sqlite_url(data_dir),
                    corpus_path=Path(os.environ.get("KB_CORPUS") or DEFAULT_CORPUS))


@pytest.fixture
def settings(tmp_path) -> Settings:
    return make_settings(tmp_path / "data")


@pytest.fixture
def kb(settings):
    """An empty knowledge base in the test's own data directory."""
    base = KnowledgeBase.open(settings)
    yield base
    base.close()


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
    base = KnowledgeBase.open(make_settings(tmp_path_factory.mktemp("corpus-data")))
    summary = Importer(base.db).import_path(corpus_path)
    base.import_summary = summary
    yield base
    base.close()
