"""Write transactions that hold up under concurrent use on SQLite and PostgreSQL.

SQLite: a transaction that reads first and writes later fails at once with "database is
locked" when another writer committed in between (WAL cannot upgrade a stale snapshot,
and the busy timeout does not help).  So every quiz write transaction starts with
BEGIN IMMEDIATE: it takes the write lock up front and then sees the latest data.
Writers of one process also queue on a lock of their own before asking SQLite: SQLite's
busy handler polls with growing sleeps and is unfair (under 100 simultaneous writers
some waited seconds while others went straight through), whereas a queue hands the
database to the next writer at once.  Other processes still meet at SQLite's lock.

PostgreSQL: rows that must not change under a decision (an attempt being saved or
submitted, a round being closed) are read with SELECT … FOR UPDATE; no process lock.
"""
from __future__ import annotations

import threading
import weakref
from contextlib import contextmanager, nullcontext
from typing import Callable, Iterator

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

SessionFactory = Callable[[], Session]

_writer_locks: "weakref.WeakKeyDictionary[Engine, threading.Lock]" = weakref.WeakKeyDictionary()
_registry_lock = threading.Lock()


def _writer_lock(engine: Engine):
    if engine.dialect.name != "sqlite":
        return nullcontext()
    with _registry_lock:
        return _writer_locks.setdefault(engine, threading.Lock())


@contextmanager
def write_session(sessions: SessionFactory) -> Iterator[Session]:
    """A session in a write transaction: committed on success, rolled back on error."""
    session = sessions()
    try:
        with _writer_lock(session.get_bind()):
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
    """A session for reading only.  On PostgreSQL its statements run in autocommit: no
    BEGIN and ROLLBACK round trips, and each statement sees the latest committed data —
    as it would inside a READ COMMITTED transaction.  (SQLite's driver begins no
    transaction for reads either.)"""
    session = sessions()
    try:
        if session.get_bind().dialect.name != "sqlite":
            session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        yield session
    finally:
        session.close()
