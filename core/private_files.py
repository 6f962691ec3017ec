"""The data directory holds password hashes, token digests and the audit log, so it is
kept private to the account the product runs as: directories 0700, files 0600,
whatever the umask — and an older install's looser modes are tightened when opened.

SQLite creates a database's -wal and -shm files with the database file's own mode, so
creating that file 0600 before SQLite opens it covers all three.
"""
from __future__ import annotations

import os
from pathlib import Path

DIRECTORY_MODE = 0o700
FILE_MODE = 0o600


def private_directory(path: Path) -> Path:
    """Create the directory (and missing parents) 0700, or tighten it to 0700."""
    path.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
    _tighten(path, DIRECTORY_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create an empty file 0600 if it is missing (never truncating), or tighten it."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE))
    _tighten(path, FILE_MODE)
    return path


def private_database(path: Path) -> None:
    """The SQLite database file and its WAL and SHM files, 0600, in a 0700 directory."""
    private_directory(path.parent)
    private_file(path)
    for suffix in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            _tighten(companion, FILE_MODE)


def _tighten(path: Path, mode: int) -> None:
    try:
        if path.stat().st_mode & 0o777 & ~mode:
            os.chmod(path, mode)
    except PermissionError:
        pass   # not ours to change (e.g. a shared folder the operator chose): leave it
