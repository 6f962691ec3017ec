"""法规动态 in a real browser, desktop and phone: a staff member follows 样例审计法, an
administrator imports a new version of it through 新增法规, and the follower finds the
notice in 通知 and the entry (with its 新旧对照) on 法规更新.  Screenshots: updates-*.png."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.browser import shot, sign_in

pytestmark = pytest.mark.browser
AUDIT_LAW_2021 = Path(__file__).resolve().parent.parent / "fixtures" / "statutes" / "经济法" / "样例审计法(2021-10-23).md"
# One new version per viewport (the same file twice would change nothing).
DATES = {"desktop": ("2026-06-01", "2027-01-01"), "phone": ("2026-07-01", "2027-02-01")}


def test_a_follower_hears_of_a_new_version(page, live_server, tmp_path):
    law = live_server[1].library.find_statute("样例审计法").id
    follower = f"auditor-{page.viewport_name}"
    promulgated, effective = DATES[page.viewport_name]
    sign_in(page, follower)
    page.goto(f"{page.base_url}/laws/{law}")
    page.get_by_role("button", name="关注", exact=True).click()
    expect(page.get_by_text("已关注《中华人民共和国样例审计法》")).to_be_visible()
    expect(page.get_by_role("button", name="取消关注")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, "admin")
    source = tmp_path / f"审计法修正-{page.viewport_name}.txt"
    source.write_text(AUDIT_LAW_2021.read_text(encoding="utf-8").replace(
        "第一条", f"第一条 （{promulgated} 修正）", 1), encoding="utf-8")
    page.goto(page.base_url + "/admin/library/intake")
    page.get_by_label("法规文件（.docx、.pdf、.html、.txt）").set_input_files(str(source))
    page.get_by_role("button", name="读取并预览").click()
    page.get_by_label("已有法规的新版本").check()
    page.get_by_label("已有法规（全称、简称或别名）").fill("样例审计法")
    page.get_by_label("公布日期").fill(promulgated)
    page.get_by_label("施行日期").fill(effective)
    page.get_by_role("button", name="保存到法规库").click()
    expect(page.get_by_text("已导入《中华人民共和国样例审计法》")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, follower)
    page.goto(page.base_url + "/notices")
    expect(page.get_by_text("关注的法规新版本：《中华人民共和国样例审计法》")).to_be_visible()
    shot(page, "updates-notice")
    page.goto(page.base_url + "/laws/updates")
    entry = page.locator("[data-change=version]").filter(has_text=f"{promulgated} 版").first
    expect(entry).to_be_visible()
    shot(page, "updates-feed")
    entry.get_by_role("link", name="新旧对照").click()
    expect(page.get_by_role("heading", name="新旧对照", exact=False).first).to_be_visible()
