"""A real browser (Debian's chromium driven by Playwright; the `chromium` fixture is in
conftest) through the main journeys, at a desktop and a 375-px phone viewport, saving
screenshots under test-artifacts/screenshots.

The browser is installed by scripts/install-browser.sh when absent, so `python -m pytest`
alone works on a fresh CI machine.  The app runs in a thread on a random free port.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import open_nav, shot, sign_in

pytestmark = pytest.mark.browser


def test_sign_in_and_browse_the_library(page):
    page.goto(page.base_url + "/laws")
    expect(page).to_have_url(re.compile(r"/login\?next=/laws$"))
    shot(page, "login")
    sign_in(page, f"auditor-{page.viewport_name}")
    expect(page.get_by_role("heading", name="法规库")).to_be_visible()
    shot(page, "library")
    page.get_by_role("link", name=re.compile("^法律")).first.click()
    page.get_by_role("link", name="中华人民共和国样例审计法", exact=True).click()
    expect(page.get_by_role("heading", name="中华人民共和国样例审计法")).to_be_visible()
    expect(page.locator(".text-heading", has_text="第一章 总 则")).to_be_visible()
    shot(page, "statute")


def test_read_an_article_and_keep_it(page):
    sign_in(page, f"auditor-{page.viewport_name}")
    page.goto(page.base_url + "/laws")
    page.get_by_role("link", name="中华人民共和国样例审计法", exact=True).click()
    page.get_by_role("link", name=re.compile("^第四条")).click()
    expect(page.get_by_role("heading", name="第四条", exact=True)).to_be_visible()
    expect(page.locator(".article-text")).to_contain_text("（一）财务、会计资料；")
    page.get_by_role("button", name="☆ 收藏本条").click()
    expect(page.get_by_text("已加入收藏。")).to_be_visible()
    page.get_by_label("笔记内容").fill("<script>alert(1)</script> 定性依据")
    page.get_by_role("button", name="保存笔记").click()
    expect(page.get_by_label("笔记内容")).to_have_value("<script>alert(1)</script> 定性依据")
    shot(page, "article")
    open_nav(page)
    page.get_by_role("link", name="我的收藏").click()
    expect(page.get_by_role("link", name="中华人民共和国样例审计法 第四条")).to_be_visible()


def test_search_a_question_a_citation_and_a_misspelt_name(page):
    sign_in(page, f"auditor-{page.viewport_name}")
    open_nav(page)
    page.get_by_role("link", name="检索", exact=True).click()
    expect(page.get_by_role("heading", name="怎么检索")).to_be_visible()
    box = page.get_by_label("检索内容")
    box.fill("被审计单位拒绝提供资料怎么处理")
    page.get_by_role("button", name="检索", exact=True).click()
    first = page.locator(".hit").first
    expect(first).to_contain_text("样例审计法")
    expect(page.locator(".snippet mark").first).to_be_visible()
    shot(page, "search-results")
    page.get_by_text("筛选条件").click()
    page.get_by_label("效力级别").select_option("行政法规")
    page.get_by_role("button", name="检索", exact=True).click()
    expect(page.locator(".hit").first).to_contain_text("行政法规")
    shot(page, "search-filtered")
    page.goto(page.base_url + "/search")
    page.get_by_label("检索内容").fill("《样例审计法》第4条")
    page.get_by_role("button", name="检索", exact=True).click()
    expect(page.get_by_role("heading", name="第四条", exact=True)).to_be_visible()
    expect(page.get_by_text("由检索“《样例审计法》第4条”直接打开")).to_be_visible()
    shot(page, "search-citation")
    page.get_by_role("link", name="查看全部检索结果").click()
    expect(page.locator(".hit").first).to_contain_text("《样例审计法》第四条")
    page.get_by_label("检索内容").fill("样例审记法")
    page.get_by_role("button", name="检索", exact=True).click()
    expect(page.locator(".did-you-mean")).to_contain_text("您是不是要找")
    shot(page, "search-suggestion")
    page.locator(".did-you-mean a").first.click()
    expect(page.locator(".hit").first).to_contain_text("中华人民共和国样例审计法")


def test_compare_two_versions(page):
    sign_in(page, f"auditor-{page.viewport_name}")
    page.goto(page.base_url + "/laws")
    page.get_by_role("link", name="中华人民共和国样例审计法", exact=True).click()
    page.get_by_role("link", name=re.compile("^第四条")).click()
    page.get_by_role("link", name="新旧版本对照").click()
    expect(page.get_by_role("heading", name=re.compile("第四条 · 版本对照"))).to_be_visible()
    expect(page.locator(".compare-side ins").first).to_be_visible()
    expect(page.locator(".compare-side del").first).to_be_visible()
    shot(page, "compare")


def test_admin_creates_a_user_who_then_signs_in(page, live_server):
    username = f"new-{page.viewport_name}"
    sign_in(page, "admin")
    open_nav(page)
    page.get_by_role("link", name="系统管理", exact=True).click()
    expect(page.get_by_role("heading", name="系统管理")).to_be_visible()
    shot(page, "admin-users")
    page.get_by_role("link", name="新建用户").click()
    page.get_by_label("用户名（工号）").fill(username)
    page.get_by_label("姓名").fill("李新")
    page.get_by_label("科室").select_option(label="法规审理科")
    page.get_by_label("角色").select_option(label="培训管理员")
    shot(page, "admin-new-user")
    page.get_by_role("button", name="创建").click()
    expect(page.get_by_role("heading", name="用户已创建")).to_be_visible()
    password = page.locator("#temp-password").inner_text()
    shot(page, "admin-user-created")
    open_nav(page)
    page.get_by_role("button", name="退出").click()
    sign_in(page, username, password)
    expect(page.get_by_role("heading", name="修改密码")).to_be_visible()
    shot(page, "first-login-password")
    page.get_by_label("当前密码").fill(password)
    page.get_by_label("新密码", exact=True).fill("Brand-New-Pass-9")
    page.get_by_label("再次输入新密码").fill("Brand-New-Pass-9")
    page.get_by_role("button", name="保存新密码").click()
    expect(page.get_by_text("密码已修改。")).to_be_visible()
    assert live_server[1].users.find_user(username).role == "trainer"


def test_security_headers_reach_the_browser(page):
    response = page.goto(page.base_url + "/login")
    headers = response.headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"


def test_admin_imports_statutes_into_an_empty_library(page, empty_server, statutes_path):
    page.base_url = empty_server[0]
    sign_in(page, "admin")
    expect(page.get_by_role("heading", name="法规库中还没有法规")).to_be_visible()
    shot(page, "empty-library")
    page.get_by_role("link", name="前往法规导入").click()
    expect(page.get_by_label("服务器上的法规文件夹")).to_have_value(str(statutes_path))
    page.get_by_role("button", name="开始导入").click()
    # The page polls the job's status and reloads itself when the job has finished.
    expect(page.get_by_text("已完成", exact=True)).to_be_visible()
    expect(page.locator("[data-job-percent]")).to_have_text("100%")
    shot(page, "import-done")
    page.get_by_role("link", name="浏览法规库").click()
    expect(page.get_by_role("link", name="中华人民共和国样例审计法", exact=True)).to_be_visible()
    # The import built the search index too.
    page.goto(page.base_url + "/search?q=样例审计法第四条")
    expect(page.get_by_role("heading", name="第四条", exact=True)).to_be_visible()


def test_admin_pages_render(page):
    sign_in(page, "admin")
    for path, heading, name in (("/admin/departments", "新建科室", "admin-departments"),
                                ("/admin/audit", "系统管理", "admin-audit"),
                                ("/admin/users/import", "批量导入用户", "admin-import-users"),
                                ("/me/account", "我的账号", "account")):
        page.goto(page.base_url + path)
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        shot(page, name)
    page.goto(page.base_url + "/laws/9999")
    expect(page.get_by_role("heading", name="页面不存在")).to_be_visible()
    shot(page, "not-found")
    # The browser reports the 404 document itself; that one is expected, nothing else.
    assert page.console_problems == ["Failed to load resource: the server responded with a status of 404 (NOT FOUND)"]
    page.console_problems.clear()
