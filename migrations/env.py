"""Alembic environment: migrations run on the connection `core.db.Database.upgrade` passes in,
or on `sqlalchemy.url` when Alembic's own command line is used."""
from alembic import context
from sqlalchemy import engine_from_config, pool

import quizzes.all_models  # noqa: F401  (registers every table on the metadata)
from core.db import Base

config = context.config
target_metadata = Base.metadata


# Tables the schema does not own: APScheduler keeps its job store in the same database.
FOREIGN_TABLES = {"apscheduler_jobs"}


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return not (type_ == "table" and name in FOREIGN_TABLES)


def run_migrations(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True, compare_type=True, include_object=include_object)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    engine = engine_from_config(config.get_section(config.config_ini_section, {}),
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as conn:
        run_migrations(conn)
