"""The case library, the finding guide and the citation check in a real browser, at the
desktop and the 375-px phone viewport: a trainer writes a case and sees its references
resolve as they type, saves, revises and publishes; a reader follows a reference to the
article, which lists the case among its backlinks.  Screenshots go to
test-artifacts/screenshots (case-*, guide-*, check-*)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kb.guide.seed import seed_guide
from kb.importer import Importer
from accounts.permissions import SYSTEM, system_actor
from accounts.user_admin import NewUser
from tests.support.environment import FIXTURES, PASSWORD
from tests.support.browser import VIEWPORTS, browser_page, open_nav, serving, shot, sign_in

pytestmark = pytest.mark.browser
BODY = ("## 审计发现\n\n该局以资料涉密为由，拒绝提供2022年度会计资料。\n\n## 定性依据\n\n"
        "违反了《中华人民共和国样例审计法》第四条“被审计单位不得拒绝、拖延、谎报”的规定。\n\n"
        "## 处理处罚\n\n依照《样例审计法》第九十九条责令改正。")
REPORT = ("审计发现，该局存在无预算支出问题，违反了《样例财政法》第二条的规定。\n"
          "该局拒绝提供资料，依照《中华人民共和国样例审计法》第四条、《样例审计法》第九十条处理。\n"
          "另依据《样例旧财政法》第一条。")


@pytest.fixture(scope="module")
def content_server(tmp_path_factory, statutes_path):
    with serving(tmp_path_factory.mktemp("content-browser"), statutes_path, load=True) as (url, kb):
        Importer(kb.db).import_path(FIXTURES / "citations")
        kb.citations.link_library()
        seed_guide(kb.guide, FIXTURES / "guide" / "findings.toml")
        for viewport in VIEWPORTS:
            kb.users.create_user(system_actor(), NewUser(
                f"trainer-{viewport}", "李培训", "trainer", "法规审理科", PASSWORD, False))
        yield url, kb


@pytest.fixture(params=sorted(VIEWPORTS))
def page(request, chromium, content_server):
    with browser_page(chromium, request.param, content_server[0]) as page:
        yield page


def write_case(page, title: str) -> None:
    open_nav(page)
    page.get_by_role("link", name="案例库").click()
    page.get_by_role("link", name="新建案例").click()
    page.get_by_label("标题").fill(title)
    page.get_by_label("审计类型").select_option("预算执行")
    page.get_by_label("案例日期").fill("2023-05-01")
    page.get_by_label("标签").fill("拒绝提供资料、会计资料")
    page.get_by_label("摘要").fill("被审计单位以涉密为由拒绝提供会计资料。")
    page.get_by_label("正文（Markdown）").fill(BODY)


def test_trainer_writes_revises_publishes_and_a_reader_follows_a_reference(page):
    title = f"乙县审计局拒绝提供资料案（{page.viewport_name}）"
    sign_in(page, f"trainer-{page.viewport_name}")
    write_case(page, title)
    preview = page.locator("[data-preview-output]")
    expect(preview.locator("a.cite", has_text="《中华人民共和国样例审计法》第四条")).to_be_visible()
    expect(preview.locator(".cite-unresolved", has_text="第九十九条")).to_be_visible()
    expect(page.locator("[data-preview-status]")).to_contain_text("未能解析 1 处")
    shot(page, "case-editor")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.locator(".flash-warning")).to_contain_text("《样例审计法》第九十九条")
    shot(page, "case-draft")

    page.get_by_role("link", name="编辑", exact=True).click()
    page.get_by_label("正文（Markdown）").fill(BODY.replace("第九十九条", "第五条"))
    expect(page.locator("[data-preview-status]")).to_contain_text("全部已链接")
    page.get_by_label("修订说明").fill("更正处理依据的条号")
    page.get_by_role("button", name="保存修改").click()
    expect(page.locator(".flash-success")).to_contain_text("修改已保存")
    page.get_by_role("link", name="修订记录（第2版）").click()
    expect(page.get_by_text("更正处理依据的条号")).to_be_visible()
    page.get_by_role("link", name="查看差异").click()
    expect(page.locator(".diff-ins")).to_contain_text("第五条")
    expect(page.locator(".diff-del")).to_contain_text("第九十九条")
    shot(page, "case-revision-diff")
    page.locator(".crumbs").get_by_role("link", name=title).click()
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.locator(".flash-success")).to_contain_text("案例已发布")
    open_nav(page)
    page.get_by_role("button", name="退出").click()

    sign_in(page, f"auditor-{page.viewport_name}")
    open_nav(page)
    page.get_by_role("link", name="案例库").click()
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.locator(".case-body .cite-unresolved")).to_have_count(0)
    shot(page, "case-read")
    page.locator(".case-body a.cite", has_text="第四条").click()
    expect(page.get_by_role("heading", name="第四条", exact=True)).to_be_visible()
    expect(page.locator("#backlinks")).to_contain_text(title)
    page.locator("#backlinks").scroll_into_view_if_needed()
    shot(page, "article-backlinks")


def test_a_conflicting_save_keeps_the_text(page, content_server):
    kb = content_server[1]
    title = f"丙县冲突案（{page.viewport_name}）"
    sign_in(page, f"trainer-{page.viewport_name}")
    write_case(page, title)
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("link", name="编辑", exact=True).click()
    case_id = int(re.search(r"/cases/(\d+)/edit", page.url).group(1))
    theirs = kb.cases.get_case(SYSTEM, case_id).as_input()
    kb.cases.update_case(SYSTEM, case_id, theirs.__class__(**{**theirs.__dict__, "body": theirs.body + "\n\n别人补充的一段。"}), 1)
    page.get_by_label("正文（Markdown）").fill(BODY + "\n\n我补充的一段。")
    page.get_by_role("button", name="保存修改").click()
    expect(page.get_by_role("heading", name="保存冲突：别人已经修改了这个案例")).to_be_visible()
    expect(page.get_by_label("正文（Markdown）")).to_have_value(re.compile("我补充的一段。$"))
    expect(page.locator(".conflict .diff-ins", has_text="别人补充的一段。")).to_be_visible()
    shot(page, "case-conflict")
    # The browser reports the 409 document itself; that one is expected, nothing else.
    assert page.console_problems == ["Failed to load resource: the server responded with a status of 409 (CONFLICT)"]
    page.console_problems.clear()
    page.get_by_role("button", name="保存修改").click()
    expect(page.locator(".flashes")).to_contain_text("修改已保存")


def test_guide_and_citation_check(page):
    sign_in(page, f"auditor-{page.viewport_name}")
    open_nav(page)
    page.get_by_role("link", name="问题定性指引").click()
    page.get_by_label("问题描述").fill("未列入预算")
    page.get_by_role("button", name="查找").click()
    page.get_by_role("link", name="无预算支出").click()
    expect(page.get_by_role("heading", name="定性依据")).to_be_visible()
    expect(page.locator(".basis-text").first).to_contain_text("未列入预算的不得支出")
    shot(page, "guide-entry")
    open_nav(page)
    page.get_by_role("link", name="引用核查").click()
    page.get_by_label("审计报告或决定书的文字").fill(REPORT)
    page.get_by_label("文书日期").fill("2023-06-30")
    page.get_by_role("button", name="核查引用").click()
    expect(page.get_by_role("heading", name=re.compile("核查结果"))).to_be_visible()
    expect(page.locator(".warning-list")).to_contain_text("漏引")
    expect(page.locator(".check-table")).to_contain_text("已废止")
    shot(page, "check-report")
    page.locator(".check-table").get_by_role("link", name="《样例审计法》第四条").click()
    expect(page.get_by_role("heading", name="第四条", exact=True)).to_be_visible()
