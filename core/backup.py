"""Backup and restore of an install: the database — SQLite through its online backup
API, PostgreSQL through pg_dump (core.pg_backup) — each a consistent snapshot even while
the app keeps writing, plus the settings files of the data directory, in one .tar.gz
with a manifest of row counts taken from that same snapshot.

The search index is not included: it is derived from the database and rebuilt.  Restore
only writes into an empty data directory and a blank database of the backup's kind,
checks the database's integrity and compares its row counts with the manifest, so a
damaged archive is noticed at once.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import sqlite3
import tarfile
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from core import pg_backup
from core.clock import Clock, to_local
from core.db import Database
from core.errors import Conflict, InvalidInput
from core.private_files import private_directory

MANIFEST = "manifest.json"
SQLITE, POSTGRESQL = "sqlite", "postgresql"
# The database's member of the archive, by backend (a manifest without "backend" is SQLite's).
DATABASE_MEMBER = {SQLITE: "kb.sqlite3", POSTGRESQL: "kb.pgdump"}
BACKEND_NAMES = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}
SETTINGS_FOLDER = "settings"
FORMAT = 1


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: str
    revision: str
    counts: dict[str, int]
    settings_files: list[str]
    backend: str = SQLITE


def backend_of(database_url: str) -> str:
    if database_url.startswith("sqlite:///"):
        return SQLITE
    if database_url.startswith("postgresql"):
        return POSTGRESQL
    raise InvalidInput("备份与恢复只支持 SQLite 与 PostgreSQL 数据库")


def _sqlite_file(database_url: str) -> Path:
    return Path(database_url[len("sqlite:///"):])


def table_counts(connection: sqlite3.Connection) -> dict[str, int]:
    names = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def _revision(connection: sqlite3.Connection) -> str:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return ""
    return row[0] if row else ""


def _check_integrity(connection: sqlite3.Connection) -> None:
    result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise InvalidInput(f"数据库完整性检查未通过：{result}")


def snapshot_database(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (WAL content included)."""
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
        _check_integrity(dst)
    finally:
        dst.close()
        src.close()


def create_backup(database_url: str, settings_files: Sequence[Path], destination: Path,
                  clock: Clock) -> BackupInfo:
    """Write a backup archive; `destination` is a *.tar.gz file name, or else a folder
    (created if missing) that gets a time-stamped archive."""
    backend = backend_of(database_url)
    if backend == SQLITE and not _sqlite_file(database_url).is_file():
        raise InvalidInput(f"数据库文件不存在：{_sqlite_file(database_url)}")
    stamp = to_local(clock.now())
    if destination.is_dir() or not destination.name.endswith(".tar.gz"):
        destination = destination / f"kb-backup-{stamp:%Y%m%d-%H%M%S}.tar.gz"
    if not destination.parent.exists():
        private_directory(destination.parent)
    with tempfile.TemporaryDirectory(dir=destination.parent) as tmp:
        copy = Path(tmp) / DATABASE_MEMBER[backend]
        counts, revision = _snapshot(backend, database_url, copy)
        present = [f for f in settings_files if f.is_file()]
        info = BackupInfo(destination, stamp.isoformat(timespec="seconds"), revision, counts,
                          [f.name for f in present], backend)
        partial = Path(tmp) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(_manifest(info), ensure_ascii=False, indent=2).encode())
            archive.add(copy, DATABASE_MEMBER[backend])
            for file in present:
                archive.add(file, f"{SETTINGS_FOLDER}/{file.name}")
        os.chmod(partial, 0o600)
        os.replace(partial, destination)
    return info


def _snapshot(backend: str, database_url: str, copy: Path) -> tuple[dict[str, int], str]:
    """Copy the database to `copy`; the row counts and revision of exactly that copy."""
    if backend == POSTGRESQL:
        return pg_backup.dump_database(database_url, copy)
    snapshot_database(_sqlite_file(database_url), copy)
    with closing(sqlite3.connect(copy)) as connection:
        return table_counts(connection), _revision(connection)


def _manifest(info: BackupInfo) -> dict:
    return {"format": FORMAT, "backend": info.backend, "created_at": info.created_at,
            "revision": info.revision, "counts": info.counts, "settings_files": info.settings_files}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    member = tarfile.TarInfo(name)
    member.size = len(data)
    member.mtime = int(dt.datetime.now().timestamp())
    archive.addfile(member, io.BytesIO(data))


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.loads(archive.extractfile(MANIFEST).read())
    except (KeyError, AttributeError, ValueError):
        raise InvalidInput("不是本系统的备份文件（缺少 manifest.json）") from None
    if manifest.get("format") != FORMAT:
        raise InvalidInput(f"备份文件格式版本不受支持：{manifest.get('format')}")
    return manifest


def database_files(database: Path) -> list[Path]:
    return [database] + [database.with_name(database.name + ext) for ext in ("-wal", "-shm", "-journal")]


def is_blank_database(database_url: str) -> bool:
    """True when the database is missing or holds nothing but what the migrations
    themselves create (the schema and its seed rows, such as the default audit types)."""
    if backend_of(database_url) == POSTGRESQL:
        counts = pg_backup.current_counts(database_url)
    else:
        database = _sqlite_file(database_url)
        if not database.exists():
            return True
        with closing(sqlite3.connect(database, timeout=30)) as connection:
            counts = table_counts(connection)
    return not counts or counts == _fresh_counts()


def _fresh_counts() -> dict[str, int]:
    """Row counts of a freshly migrated database (the same seed rows on every backend)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Database(f"sqlite:///{tmp}/fresh.sqlite3")
        fresh.upgrade()
        fresh.dispose()
        with closing(sqlite3.connect(Path(tmp) / "fresh.sqlite3")) as connection:
            return table_counts(connection)


def restore_backup(path: Path, data_dir: Path, database_url: str,
                   replaceable: Sequence[str] = ()) -> BackupInfo:
    """Restore an archive into an empty install and verify what was restored.

    "Empty" allows what a freshly started app creates by itself: a database holding only
    the schema, and the settings files named in `replaceable` (a generated secret key).
    The caller must have closed its own connections to the database.
    """
    backend = backend_of(database_url)
    _refuse_used_install(data_dir, database_url, replaceable)
    try:
        archive = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError):
        raise InvalidInput(f"无法读取备份文件：{path}") from None
    with archive, tempfile.TemporaryDirectory() as tmp:
        manifest = read_manifest(archive)
        source = manifest.get("backend", SQLITE)
        if source != backend:
            raise InvalidInput(f"这是 {BACKEND_NAMES.get(source, source)} 数据库的备份，而目标数据库是 "
                               f"{BACKEND_NAMES[backend]}：请恢复到同类数据库")
        names = manifest.get("settings_files", [])
        if any("/" in name or name.startswith(".") for name in names):
            raise InvalidInput("备份中的设置文件名无效")
        private_directory(data_dir)
        counts = _restore_database(archive, backend, database_url, Path(tmp))
        for name in names:
            _extract(archive, f"{SETTINGS_FOLDER}/{name}", data_dir / name)
    if counts != manifest["counts"]:
        raise InvalidInput("恢复后的数据行数与备份清单不一致，备份文件可能已损坏")
    return BackupInfo(path, manifest["created_at"], manifest["revision"], counts, names, backend)


def _refuse_used_install(data_dir: Path, database_url: str, replaceable: Sequence[str]) -> None:
    own = set(replaceable)
    if backend_of(database_url) == SQLITE:
        own |= {p.name for p in database_files(_sqlite_file(database_url))}
    others = sorted(p.name for p in data_dir.iterdir() if p.name not in own) if data_dir.exists() else []
    if others or not is_blank_database(database_url):
        what = "、".join(others[:5]) or "数据库中已有数据"
        raise Conflict(f"数据目录 {data_dir} 不是空的（{what}）；恢复只写入空的数据目录，以免覆盖现有数据")


def _restore_database(archive: tarfile.TarFile, backend: str, database_url: str,
                      scratch: Path) -> dict[str, int]:
    """Put the archive's database in place; the restored row counts."""
    member = DATABASE_MEMBER[backend]
    if backend == POSTGRESQL:
        _extract(archive, member, scratch / member)
        return pg_backup.restore_database(database_url, scratch / member)
    database = _sqlite_file(database_url)
    private_directory(database.parent)
    for file in database_files(database):
        file.unlink(missing_ok=True)
    _extract(archive, member, database)
    with closing(sqlite3.connect(database)) as connection:
        _check_integrity(connection)
        return table_counts(connection)


def _extract(archive: tarfile.TarFile, member: str, target: Path) -> None:
    """Copy one named member's bytes (never trusting member paths or types)."""
    try:
        source = archive.extractfile(member)
    except KeyError:
        source = None
    if source is None:
        raise InvalidInput(f"备份文件缺少 {member}")
    with open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
        while chunk := source.read(1 << 20):
            out.write(chunk)
    os.chmod(target, 0o600)   # a file that was there before keeps its mode through O_TRUNC
