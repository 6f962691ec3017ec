"""The pages and the API on the whole corpus (imported once per session by corpus_kb)."""
import pytest

from tests.support.web import Web, app_config
from webapp import create_app
from webapp.extensions import services

pytestmark = pytest.mark.corpus


@pytest.fixture
def corpus_web(corpus_kb, clock, add_corpus_user):
    web = Web(add_corpus_user.test_client())
    assert web.login("reader").status_code == 302
    return web


@pytest.fixture
def add_corpus_user(corpus_kb, clock):
    from accounts.permissions import system_actor
    from accounts.user_admin import NewUser
    from tests.support.environment import PASSWORD
    app = create_app(app_config(corpus_kb.settings.data_dir, clock))
    kb = services(app)
    if kb.users.find_user("reader") is None:
        kb.users.create_user(system_actor(), NewUser("reader", "读者", "staff", None, PASSWORD, False))
    yield app
    kb.close()


def test_library_counts_and_the_civil_code(corpus_web, corpus_kb):
    page = corpus_web.text("/laws")
    assert "共 <strong>3309</strong> 部" in page and "部门规章" in page and "下一页" in page
    code = corpus_kb.library.find_statute("民法典").id
    outline = corpus_web.text(f"/laws/{code}")
    assert "共 1260 条" in outline and "第一千二百六十条" in outline and "人格权编" in outline


def test_audit_law_article_34_across_versions(corpus_web, corpus_kb):
    law = corpus_kb.library.find_statute("审计法").id
    page = corpus_web.text(f"/laws/{law}/articles/34")
    assert "审计机关有权要求被审计单位按照审计机关的规定提供" in page
    compare = corpus_web.text(f"/laws/{law}/articles/34/compare")
    assert "版本对照" in compare and "只有一个版本" in compare  # the corpus holds the 2021 text only
    accounting = corpus_kb.library.find_statute("会计法").id
    changed = corpus_web.text(f"/laws/{accounting}/articles/1/compare")
    assert "2017-11-04 版" in changed and "2024-06-28 版" in changed


def test_accounting_law_by_date_through_the_api(corpus_web, corpus_kb, add_corpus_user):
    from tests.support.environment import PASSWORD
    client = add_corpus_user.test_client()
    token = client.post("/api/v1/auth/token", json={"username": "reader", "password": PASSWORD}).json["token"]
    law = corpus_kb.library.find_statute("会计法").id
    data = client.get(f"/api/v1/laws/{law}/articles/1?date=2020-01-01",
                      headers={"Authorization": f"Bearer {token}"}).json
    assert data["version_date"].startswith("2017")
