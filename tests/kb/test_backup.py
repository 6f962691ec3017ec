"""Backups of a live database restore into an empty install, row for row — on SQLite
(the online backup API) and on PostgreSQL (pg_dump / pg_restore), whatever backend the
rest of the suite runs on."""
import io
import json
import tarfile

import pytest

from accounts.user import Department
from core.backup import create_backup, restore_backup
from core.clock import to_local
from core.errors import Conflict, InvalidInput
from core.settings import sqlite_url
from tests.support.database import database_rows
from tests.support.postgres import database_of


@pytest.fixture
def database_url(backend_url):
    """This module's installs run on each backend in turn."""
    return backend_url


def test_backup_while_open_then_restore(loaded_kb, make_user, blank_url, tmp_path, clock):
    make_user("zhang")
    settings_file = loaded_kb.settings.data_dir / "webapp.cfg"
    settings_file.write_text("SESSION_IDLE_MINUTES = 20\n", encoding="utf-8")
    with loaded_kb.db.session() as writer:  # a write in progress is not in the snapshot
        writer.add(Department(name="未提交的科室"))
        writer.flush()
        info = create_backup(loaded_kb.settings.database_url, [settings_file, tmp_path / "absent"],
                             tmp_path, clock)
        writer.rollback()
    assert info.path.name == f"kb-backup-{to_local(clock.now()):%Y%m%d-%H%M%S}.tar.gz"
    assert info.counts["users"] == 1 and info.counts["departments"] == 0
    assert info.counts["statute_versions"] > 0 and info.settings_files == ["webapp.cfg"]
    target = tmp_path / "restored"
    restored = restore_backup(info.path, target, blank_url)
    assert restored.counts == info.counts and restored.backend == info.backend
    assert database_rows(blank_url) == database_rows(loaded_kb.settings.database_url)
    assert (target / "webapp.cfg").read_text(encoding="utf-8") == "SESSION_IDLE_MINUTES = 20\n"


def test_restore_refuses_a_used_data_directory_or_database(loaded_kb, blank_url, tmp_path, clock):
    blank = database_rows(blank_url)
    info = create_backup(loaded_kb.settings.database_url, [], tmp_path / "b.tar.gz", clock)
    with pytest.raises(Conflict, match="不是空的"):
        restore_backup(info.path, loaded_kb.settings.data_dir, loaded_kb.settings.database_url)
    other = tmp_path / "other"
    other.mkdir()
    with pytest.raises(Conflict, match="数据库中已有数据"):   # an empty folder, a used database
        restore_backup(info.path, other, loaded_kb.settings.database_url)
    (other / "notes.txt").write_text("x")
    with pytest.raises(Conflict, match="notes.txt"):
        restore_backup(info.path, other, blank_url)
    assert database_rows(blank_url) == blank   # refused before anything was written


def test_restore_checks_the_manifest_counts(loaded_kb, blank_url, tmp_path, clock):
    info = create_backup(loaded_kb.settings.database_url, [], tmp_path / "b.tar.gz", clock)
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(info.path, "r:gz") as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["counts"]["statutes"] += 1
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(InvalidInput, match="行数与备份清单不一致"):
        restore_backup(tampered, tmp_path / "restored", blank_url)


def test_restore_refuses_a_backup_of_the_other_backend(loaded_kb, request, tmp_path, clock):
    info = create_backup(loaded_kb.settings.database_url, [], tmp_path / "b.tar.gz", clock)
    postgres = loaded_kb.settings.database_url.startswith("postgresql")
    other = database_of("sqlite" if postgres else "postgresql", request, tmp_path / "other")
    url = next(other)
    try:
        with pytest.raises(InvalidInput, match="请恢复到同类数据库"):
            restore_backup(info.path, tmp_path / "other", url)
    finally:
        next(other, None)


def test_restore_rejects_foreign_and_damaged_archives(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(InvalidInput, match="无法读取备份文件"):
        restore_backup(junk, tmp_path / "t1", sqlite_url(tmp_path / "t1"))
    foreign = tmp_path / "foreign.tar.gz"
    with tarfile.open(foreign, "w:gz") as archive:
        archive.add(__file__, "x.py")
    with pytest.raises(InvalidInput, match="manifest.json"):
        restore_backup(foreign, tmp_path / "t2", sqlite_url(tmp_path / "t2"))
