"""Database access: the declarative base, engine set-up and schema migrations.

SQLite is the default; it runs in WAL mode with a busy timeout so that the web workers,
the scheduler and an import can share one file.  The schema is owned by Alembic
(`migrations/`); `Database.upgrade()` brings any database to the newest revision,
and every command calls it, so an old data directory never needs to be recreated.
"""
from __future__ import annotations

import datetime as dt
import time
import uuid
from pathlib import Path
from typing import Callable

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, create_engine, event, exc, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from core.private_files import private_database

# Constraint names are fixed so migrations can refer to them on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
# The schema belongs to the whole application (kb and quizzes tables), so its migrations
# live at the top of the project, not inside a layer.
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def utcnow() -> dt.datetime:
    """A column default: the wall clock in naive UTC (as every stored datetime is)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///"):]
        if path and not path.startswith(":memory:"):
            private_database(Path(path))
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url)
    _ping_when_idle(engine)
    return engine


# A pooled connection unused for this long is pinged before it is handed out.
IDLE_PING_SECONDS = 5.0


def _ping_when_idle(engine: Engine) -> None:
    """Check a pooled connection before use only when it has been idle a while.

    SQLAlchemy's pool_pre_ping pings on every checkout: a round trip to the server per
    transaction, a quarter of an autosave's time on PostgreSQL under load (issue 17).  A
    connection in steady use needs no ping; one that sat idle through a database restart
    is caught here and replaced.  A restart between two uses of a busy connection fails
    that one request with the 503 page, and the disconnect invalidates the rest of the pool.
    """
    @event.listens_for(engine.pool, "checkin")
    def checked_in(_dbapi_connection, record) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine.pool, "checkout")
    def checked_out(dbapi_connection, record, _proxy) -> None:
        since = record.info.pop("idle_since", None)
        if since is None or time.monotonic() - since < IDLE_PING_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # noqa: BLE001 — any failure means a dead connection
            raise exc.DisconnectionError(str(error)) from error


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


class Database:
    """An engine plus a session factory; built once per process and passed to whoever needs it."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def upgrade(self) -> None:
        """Apply pending migrations (creates the schema on an empty database)."""
        config = alembic_config(self.engine)
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def session(self) -> Session:
        return self.sessions()

    def pending_migrations(self) -> tuple[str, str]:
        """(the database's revision, the code's head); equal when the schema is current.
        Raises SQLAlchemy's OperationalError when the database cannot be reached."""
        heads = ScriptDirectory.from_config(alembic_config(self.engine)).get_heads()
        with self.engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_heads()
        return ",".join(sorted(current)) or "无", ",".join(sorted(heads))

    def dispose(self) -> None:
        self.engine.dispose()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"


def scratch_database(server_url: str, template: str | None = None) -> tuple[str, Callable[[], None]]:
    """A new empty database on the PostgreSQL server `server_url` points at, for tests
    and benchmarks — a copy of the database `template` when given (one already migrated:
    copying it takes a fraction of a second, migrating takes seconds) — returns its URL
    and a function that drops it."""
    name = f"scratch_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    copy = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return admin.url.set(database=name).render_as_string(hide_password=False), drop
