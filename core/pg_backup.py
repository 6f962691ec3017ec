"""The PostgreSQL side of backup and restore: pg_dump and pg_restore, driven so that the
manifest's row counts describe exactly what was dumped.

The dump is taken from a snapshot this module exports (`pg_export_snapshot()` in a
REPEATABLE READ transaction, kept open while pg_dump runs with `--snapshot`), and the
rows are counted in that same snapshot: answers saved while the backup runs are either
in both the dump and the counts or in neither.  The archive format is pg_dump's custom
format, without owners or grants, so it restores into a database owned by another role.

Restore replaces a blank database only (nothing but the schema and the seed rows the
migrations write): the blank schema is dropped, the dump restored in one transaction,
and the rows counted again.  The caller compares the counts with the manifest.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Connection, make_url

from core.errors import InvalidInput

DUMP_TIMEOUT_SECONDS = 6 * 3600


def table_counts(connection: Connection) -> dict[str, int]:
    """Rows per table of the connection's current schema."""
    names = connection.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    ).scalars().all()
    return {name: connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()
            for name in names}


def revision(connection: Connection) -> str:
    exists = connection.execute(text(
        "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
        "AND tablename = 'alembic_version'")).scalar_one()
    if not exists:
        return ""
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar() or ""


def tool(name: str) -> str:
    """The path of pg_dump or pg_restore: on PATH, else in Debian's server folders (the
    newest, since a newer pg_dump reads an older server but not the other way round)."""
    found = shutil.which(name) or next(iter(sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
        reverse=True)), None)
    if not found:
        raise InvalidInput(f"找不到 PostgreSQL 的 {name} 程序：请安装与数据库服务器同一版本或更新的 "
                           "PostgreSQL 客户端（Debian：apt-get install postgresql-client）")
    return found


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """The database as pg_dump/pg_restore take it: a libpq URL without the password,
    which goes in PGPASSWORD so that it never shows in the process list."""
    parsed: URL = make_url(url)
    environment = dict(os.environ)
    if parsed.password:
        environment["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), environment


def _run(command: list[str], environment: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(command, env=environment, capture_output=True, text=True,
                              timeout=DUMP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        raise InvalidInput(f"{what}超时") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise InvalidInput(f"{what}失败：{' '.join(detail) or f'退出码 {done.returncode}'}")


def dump_database(url: str, target: Path) -> tuple[dict[str, int], str]:
    """Dump the database into `target` (custom format); returns the row counts and the
    schema revision of the very snapshot dumped."""
    engine = create_engine(url, isolation_level="REPEATABLE READ")
    try:
        with engine.connect() as connection, connection.begin():
            snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            counts, current = table_counts(connection), revision(connection)
            database, environment = _libpq(url)
            _run([tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                  f"--snapshot={snapshot}", f"--file={target}", f"--dbname={database}"],
                 environment, "pg_dump 导出数据库")
    finally:
        engine.dispose()
    return counts, current


def current_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return table_counts(connection)
    finally:
        engine.dispose()


def _clear_schema(connection: Connection) -> None:
    """Drop what the migrations created in the current schema — tables (with their
    sequences and triggers) and functions (the audit log's append-only trigger) — so the
    dump restores into a schema of its own revision."""
    for name in table_counts(connection):
        connection.execute(text(f'DROP TABLE IF EXISTS "{name}" CASCADE'))
    functions = connection.execute(text(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = current_schema() AND p.prokind = 'f'")).scalars().all()
    for signature in functions:
        connection.execute(text(f"DROP FUNCTION IF EXISTS {signature} CASCADE"))


def restore_database(url: str, dump: Path) -> dict[str, int]:
    """Replace a blank database's schema by the dump's; returns the restored row counts.
    The caller has checked that the database is blank."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            _clear_schema(connection)
        database, environment = _libpq(url)
        _run([tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction",
              "--exit-on-error", f"--dbname={database}", str(dump)],
             environment, "pg_restore 恢复数据库")
        with engine.connect() as connection:
            return table_counts(connection)
    finally:
        engine.dispose()
