"""Write transactions that hold up under concurrent use on SQLite and PostgreSQL.

SQLite: a transaction that reads first and writes later fails at once with "database is
locked" when another writer committed in between (WAL cannot upgrade a stale snapshot,
and the busy timeout does not help).  So every quiz write transaction starts with
BEGIN IMMEDIATE: it takes the write lock up front, waiting for it under the busy timeout,
and then sees the latest data.  PostgreSQL: rows that must not change under a
decision (an attempt being saved or submitted) are read with SELECT … FOR UPDATE.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator

from sqlalchemy.orm import Session

SessionFactory = Callable[[], Session]


@contextmanager
def write_session(sessions: SessionFactory) -> Iterator[Session]:
    """A session in a write transaction: committed on success, rolled back on error."""
    session = sessions()
    try:
        connection = session.connection()
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def read_session(sessions: SessionFactory) -> Iterator[Session]:
    session = sessions()
    try:
        yield session
    finally:
        session.close()
