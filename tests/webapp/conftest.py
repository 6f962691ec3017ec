"""Web fixtures: an app per test on its own data directory (flaskr's app/client/runner),
accounts per role, and a `web` helper that signs in and submits forms with their CSRF
token, as a browser would."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from accounts.permissions import actor_of, system_actor
from kb.cases.values import CaseInput
from kb.guide.seed import seed_guide
from kb.importer import Importer
from accounts.user_admin import NewUser
from tests.support.environment import FIXTURES, PASSWORD
from tests.support.browser import VIEWPORTS, browser_page, serving
from tests.support.web import ROLES, Web, app_config
from webapp import create_app
from webapp.extensions import services

ROOT = Path(__file__).resolve().parents[2]

@pytest.fixture
def app(tmp_path, database_url, clock, statutes_path):
    app = create_app(app_config(tmp_path / "data", clock, CORPUS=str(statutes_path),
                                DATABASE_URL=database_url))
    yield app
    services(app).runner.join(timeout=60)
    services(app).close()


@pytest.fixture
def loaded_app(app, statutes_path):
    Importer(services(app).db).import_path(statutes_path)
    return app


@pytest.fixture
def citing_app(loaded_app):
    """The fixture library plus 样例财政法 (cites 样例审计法, repeals 样例旧财政法), linked,
    with the small test guide (tests/fixtures/guide) seeded."""
    kb = services(loaded_app)
    Importer(kb.db).import_path(FIXTURES / "citations")
    kb.citations.link_library()
    seed_guide(kb.guide, FIXTURES / "guide" / "findings.toml")
    return loaded_app


@pytest.fixture
def make_case(app, accounts):
    """Factory: make_case(title=…, publish=True, **fields) → CaseView, written by the trainer."""
    def make(title: str = "甲县财政局无预算支出案", *, publish: bool = True, **fields):
        data = CaseInput(title, fields.pop("audit_type", "预算执行"),
                         fields.pop("body", "## 定性依据\n\n违反《中华人民共和国样例审计法》第四条。"),
                         **fields)
        return services(app).cases.create_case(actor_of(accounts["trainer"]), data, publish=publish)
    return make


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def add_user(app):
    """Factory: add_user("zhang", role="admin") → UserInfo in the app's database."""
    def add(username: str, role: str = "staff", *, password: str = PASSWORD,
            department: str | None = None, must_change_password: bool = False):
        kb = services(app)
        if department and department not in {d.name for d in kb.departments.list()}:
            kb.departments.create(system_actor(), department)
        return kb.users.create_user(system_actor(), NewUser(
            username, f"用户{username}", role, department, password, must_change_password)).user
    return add


@pytest.fixture
def accounts(add_user):
    """One account per role, named after it (the admin is in 审计一科)."""
    return {role: add_user(role, role, department="审计一科" if role == "admin" else None)
            for role in ROLES}


@pytest.fixture
def web(client):
    return Web(client)


@pytest.fixture
def signed_in(loaded_app, accounts, web):
    """Factory: signed_in("admin") → a Web signed in as that role on the fixture library."""
    def sign_in(role: str) -> Web:
        response = web.login(accounts[role].username)
        assert response.status_code == 302, response.get_data(as_text=True)
        return web
    return sign_in


@pytest.fixture
def browser(app, accounts):
    """Factory: browser("trainer") → a client of its own, signed in as that role (several
    users at once, where `signed_in` is one)."""
    def sign_in(role: str) -> Web:
        web = Web(app.test_client())
        assert web.login(accounts[role].username).status_code == 302
        return web
    return sign_in


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--lang=zh-CN"]


@pytest.fixture(scope="session")
def chromium():
    """One browser for every browser test of the session (Playwright's sync API allows one
    instance at a time).  Installed by scripts/install-browser.sh when absent."""
    from playwright.sync_api import sync_playwright
    subprocess.run(["bash", str(ROOT / "scripts" / "install-browser.sh")], check=True)
    with sync_playwright() as playwright:
        # Playwright starts chromium with a fresh temporary --user-data-dir of its own.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


# The browser tests' served app and pages (helpers: tests/support/browser.py).
@pytest.fixture(scope="module")
def live_server(tmp_path_factory, statutes_path):
    with serving(tmp_path_factory.mktemp("browser-data"), statutes_path, load=True) as server:
        yield server


@pytest.fixture
def empty_server(tmp_path, statutes_path):
    with serving(tmp_path / "data", statutes_path, load=False) as server:
        yield server


@pytest.fixture(params=sorted(VIEWPORTS))
def page(request, chromium, live_server):
    with browser_page(chromium, request.param, live_server[0]) as page:
        yield page
