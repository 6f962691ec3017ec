"""`flask --app webapp backup|restore` on each backend: SQLite and PostgreSQL, whatever
backend the rest of the suite runs on."""
import pytest

from accounts.permissions import actor_of
from tests.support.database import database_rows
from tests.support.web import Web, app_config
from webapp import create_app
from webapp.extensions import services


@pytest.fixture
def database_url(backend_url):
    """This module's apps run on each backend in turn."""
    return backend_url


def test_backup_then_restore_into_an_empty_install(loaded_app, runner, accounts, blank_url, tmp_path,
                                                   clock):
    kb = services(loaded_app)
    (kb.settings.data_dir / "webapp.cfg").write_text("SESSION_IDLE_MINUTES = 15\n", encoding="utf-8")
    kb.bookmarks.set_favourite(actor_of(accounts["staff"]), kb.library.find_statute("样例审计法").id, 4, 0, True)
    before = database_rows(kb.settings.database_url)
    result = runner.invoke(args=["backup", "--output", str(tmp_path / "backups")])
    assert result.exit_code == 0, result.output
    assert "备份完成" in result.output and "法规 7 部" in result.output and "用户 3 个" in result.output
    archive = next((tmp_path / "backups").glob("kb-backup-*.tar.gz"))
    assert archive.stat().st_mode & 0o777 == 0o600

    config = app_config(tmp_path / "restored", clock, DATABASE_URL=blank_url)
    fresh = create_app(config)
    restore = fresh.test_cli_runner().invoke(args=["restore", str(archive)])
    assert restore.exit_code == 0, restore.output
    assert "恢复完成" in restore.output and "检索索引已重建" in restore.output
    assert database_rows(blank_url) == before   # the backup's own log entry came after its snapshot
    assert (tmp_path / "restored" / "webapp.cfg").read_text(encoding="utf-8") == "SESSION_IDLE_MINUTES = 15\n"

    reopened = create_app(config)
    try:
        assert Web(reopened.test_client()).login("staff").status_code == 302
        assert services(reopened).search.search("样例审计法第四条").hits[0].article_no == 4
    finally:
        services(reopened).close()


def test_restore_refuses_a_data_directory_in_use(loaded_app, runner, tmp_path):
    runner.invoke(args=["backup", "--output", str(tmp_path / "b.tar.gz")])
    result = runner.invoke(args=["restore", str(tmp_path / "b.tar.gz")])
    assert result.exit_code == 2 and "不是空的" in result.output
