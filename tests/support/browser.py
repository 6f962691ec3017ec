"""The browser tests' helpers: the app served in a thread on a free port (with a queue
worker thread beside it), a browser page
at a desktop or phone viewport that fails the test on console errors (CSP violations),
screenshots under test-artifacts/screenshots, signing in and opening the phone menu.
The fixtures built on them (`live_server`, `empty_server`, `page`) are in
tests/webapp/conftest.py."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

from werkzeug.serving import make_server

from accounts.permissions import system_actor
from accounts.user_admin import NewUser
from kb.importer import Importer
from tests.support.environment import PASSWORD
from tests.support.work_queue import QueueWorker
from webapp import create_app
from webapp.extensions import services

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots"
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1366, "height": 860}},
    "phone": {"viewport": {"width": 375, "height": 740}, "device_scale_factor": 2,
              "is_mobile": True, "has_touch": True},
}


@contextmanager
def serving(data_dir: Path, corpus: Path, load: bool):
    """The app on its own data directory, served by werkzeug in a thread on a free port."""
    app = create_app({"DATA_DIR": str(data_dir), "SECRET_KEY": "browser-test",
                      "PASSWORD_SCRYPT_N": 2 ** 8, "CORPUS": str(corpus)})
    kb = services(app)
    if load:
        Importer(kb.db).import_path(corpus)
        kb.search.rebuild()
    kb.departments.create(system_actor(), "法规审理科")
    # One reader per viewport: both runs of a test favourite the same article.
    for username, role in (("admin", "admin"), ("auditor-desktop", "staff"), ("auditor-phone", "staff")):
        kb.users.create_user(system_actor(), NewUser(username, "管理员" if role == "admin" else "王审计",
                                                     role, "法规审理科", PASSWORD, False))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with QueueWorker(kb):   # the imports and deliveries the pages ask for
            yield f"http://127.0.0.1:{server.server_port}", kb
    finally:
        server.shutdown()
        thread.join(timeout=10)
        services(app).runner.join(timeout=60)
        kb.close()


@contextmanager
def browser_page(chromium, viewport: str, base_url: str):
    """A fresh browser context at a viewport; console errors (CSP violations) fail the test."""
    context = chromium.new_context(locale="zh-CN", **VIEWPORTS[viewport])
    page = context.new_page()
    page.viewport_name = viewport
    page.base_url = base_url
    page.set_default_timeout(15_000)
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.console_problems = problems
    yield page
    context.close()
    assert not problems, f"browser console errors (CSP violations?): {problems}"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{page.viewport_name}-{name}.png"), full_page=True)


def sign_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto(page.base_url + "/login")
    page.get_by_label("用户名（工号）").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登 录").click()


def open_nav(page) -> None:
    """On a phone the navigation sits behind the menu button."""
    if page.viewport_name == "phone":
        page.get_by_role("button", name="菜单").click()
