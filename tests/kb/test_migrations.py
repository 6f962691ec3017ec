"""The migrations build exactly the schema the models describe, on an empty database and
on one that is already up to date."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import quizzes.all_models  # noqa: F401
from core.db import Base, Database


def test_migrations_match_models(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    db.upgrade()
    db.upgrade()  # idempotent
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        assert context.get_current_revision() is not None
    assert {"statutes", "statute_versions", "units"} <= set(inspect(db.engine).get_table_names())
    db.dispose()
