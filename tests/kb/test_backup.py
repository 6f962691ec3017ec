"""Backups of a live database restore into an empty data directory, row for row."""
import sqlite3
import tarfile
from contextlib import closing

import pytest

from accounts.user import Department
from core.backup import create_backup, restore_backup, table_counts
from core.clock import to_local
from core.errors import Conflict, InvalidInput


def rows(path):
    with closing(sqlite3.connect(path)) as connection:
        return {name: sorted(connection.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
                for name in table_counts(connection)}


def test_backup_while_open_then_restore(loaded_kb, make_user, tmp_path, clock):
    make_user("zhang")
    settings_file = loaded_kb.settings.data_dir / "webapp.cfg"
    settings_file.write_text("SESSION_IDLE_MINUTES = 20\n", encoding="utf-8")
    with loaded_kb.db.session() as writer:  # a write in progress is not in the snapshot
        writer.add(Department(name="未提交的科室"))
        writer.flush()
        info = create_backup(loaded_kb.settings.sqlite_path, [settings_file, tmp_path / "absent"],
                             tmp_path, clock)
        writer.rollback()
    assert info.path.name == f"kb-backup-{to_local(clock.now()):%Y%m%d-%H%M%S}.tar.gz"
    assert info.counts["users"] == 1 and info.settings_files == ["webapp.cfg"]
    target = tmp_path / "restored"
    restored = restore_backup(info.path, target, target / "kb.sqlite3")
    assert restored.counts == info.counts
    assert rows(target / "kb.sqlite3") == rows(loaded_kb.settings.sqlite_path)
    assert (target / "webapp.cfg").read_text(encoding="utf-8") == "SESSION_IDLE_MINUTES = 20\n"


def test_restore_refuses_a_used_data_directory(loaded_kb, tmp_path, clock):
    info = create_backup(loaded_kb.settings.sqlite_path, [], tmp_path / "b.tar.gz", clock)
    with pytest.raises(Conflict, match="不是空的"):
        restore_backup(info.path, loaded_kb.settings.data_dir, loaded_kb.settings.sqlite_path)
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("x")
    with pytest.raises(Conflict, match="notes.txt"):
        restore_backup(info.path, other, other / "kb.sqlite3")


def test_restore_rejects_foreign_and_damaged_archives(loaded_kb, tmp_path, clock):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(InvalidInput, match="无法读取备份文件"):
        restore_backup(junk, tmp_path / "t1", tmp_path / "t1" / "kb.sqlite3")
    foreign = tmp_path / "foreign.tar.gz"
    with tarfile.open(foreign, "w:gz") as archive:
        archive.add(__file__, "x.py")
    with pytest.raises(InvalidInput, match="manifest.json"):
        restore_backup(foreign, tmp_path / "t2", tmp_path / "t2" / "kb.sqlite3")
