"""The work queue between the processes that ask for background work (web workers, the
scheduler, commands) and the worker processes that do it (`flask --app webapp worker`).

The queue is Huey (docs/worker.md says why), on the same database server as the
application:
- PostgreSQL: Huey's `PostgresStorage` in this database, tables `huey_*` (defined below so
  that our Alembic migrations create them, and Huey never runs DDL of its own); a worker
  waits on LISTEN/NOTIFY, so a task starts as soon as it is committed, and takes it with
  `FOR UPDATE SKIP LOCKED`, so any number of workers on any number of machines share it.
- SQLite (one machine): Huey's `SqliteStorage` in its own file beside the database,
  `queue.sqlite3`.  Not in the library's file on purpose: SQLite has one writer per file,
  and a statute import holds the library's writer for its whole transaction, which would
  otherwise stop every notice delivery until the import ends.

What each task does, and the job rows the pages show, are the domain's
(quizzes.background); this module only opens the queue.
"""
from __future__ import annotations

from pathlib import Path

from huey import Huey
from huey.storage import PostgresStorage, SqliteStorage
from sqlalchemy import BigInteger, Float, Index, Integer, LargeBinary, Text, make_url
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base
from core.private_files import private_database
from core.settings import Settings

QUEUE_NAME = "kb"
QUEUE_FILE = "queue.sqlite3"
# What the queue's SQLite file leaves in the data directory: a freshly started app has
# them, so a restore into a new install accepts them (the queue is not backed up: what
# it held is work asked for before the backup, and the jobs table tells what was left).
QUEUE_FILES = (QUEUE_FILE, QUEUE_FILE + "-wal", QUEUE_FILE + "-shm")
TABLE_PREFIX = "huey"


def open_queue(settings: Settings) -> Huey:
    """The queue of this installation (no results kept: outcomes live in the jobs table)."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "postgresql":
        dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        return Huey(QUEUE_NAME, results=False, utc=True, storage_class=PostgresStorage,
                    dsn=dsn, table_prefix=TABLE_PREFIX, create_tables=False, read_timeout=1)
    path = queue_file(settings)
    private_database(path)
    return Huey(QUEUE_NAME, results=False, utc=True, storage_class=SqliteStorage,
                filename=str(path), timeout=30)


def queue_file(settings: Settings) -> Path:
    return settings.data_dir / QUEUE_FILE


# Huey's PostgresStorage tables (the DDL in huey/storage.py, table_prefix "huey"), kept in
# the application's schema so that migrations, backups and the schema test cover them.


class QueueTask(Base):
    """A task waiting to run (deleted when a worker takes it)."""
    __tablename__ = "huey_task"
    __table_args__ = (Index("huey_task_queue_priority_id", "queue", "priority", "id"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    queue: Mapped[str] = mapped_column(Text)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    priority: Mapped[float] = mapped_column(Float, server_default="0")


class QueueSchedule(Base):
    """A task to run at a time: retries with back-off, deliveries due later."""
    __tablename__ = "huey_schedule"
    __table_args__ = (Index("huey_schedule_queue_timestamp", "queue", "timestamp"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    queue: Mapped[str] = mapped_column(Text)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    timestamp: Mapped[float] = mapped_column(Float)


class QueueValue(Base):
    """Huey's key-value store (locks, revocations)."""
    __tablename__ = "huey_kv"
    queue: Mapped[str] = mapped_column(Text, primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)


class QueueCounter(Base):
    __tablename__ = "huey_counter"
    queue: Mapped[str] = mapped_column(Text, primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, server_default="0")
