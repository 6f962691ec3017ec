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


def test_an_install_pushing_on_the_old_default_keeps_its_push(tmp_path):
    """Before 0015 the schedule was on unless an admin saved it off; an install whose
    schedule has opened rounds without saved settings keeps pushing after the upgrade,
    while a new install starts with the push off."""
    from alembic import command
    from sqlalchemy import text

    from core.db import alembic_config
    from quizzes.schedule import ScheduleStore

    def upgrade_to(db, revision):
        config = alembic_config(db.engine)
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)

    old = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade_to(old, "0012")
    with old.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO quiz_rounds (kind, title, description, status, audience_all, opens_at, "
            "closes_at, attempts_allowed, practice_mode, scoring, period_key, created_at, "
            "cancel_reason) VALUES ('training', '第1期', '', 'closed', 1, '2026-01-05 01:00:00', "
            "'2026-01-12 01:00:00', 1, 0, '{}', 'schedule:2026-01-05', '2026-01-05 01:00:00', '')"))
    old.upgrade()
    assert ScheduleStore(old.session, None).load().enabled
    old.dispose()
    new = Database(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    new.upgrade()
    assert not ScheduleStore(new.session, None).load().enabled
    new.dispose()
