"""以案释法 in a real browser, at the desktop and the phone viewport: a trainer makes an
经济责任审计 进点会 pack, previews it, turns the projector page's slides with the keyboard
and downloads the PDF; an article the statute does not have is refused on the form.
Screenshots go to test-artifacts/screenshots (law-pack-*)."""
from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from accounts.permissions import SYSTEM, actor_of, system_actor
from accounts.user_admin import NewUser
from kb.cases.values import CaseInput
from kb.guide.values import BasisInput, GuideInput
from tests.support.browser import VIEWPORTS, browser_page, open_nav, serving, shot, sign_in
from tests.support.environment import PASSWORD
from tests.support.questions import SINGLE_DATA

pytestmark = pytest.mark.browser
BODY = ("## 审计发现\n\n该局拒绝提供2021年度会计凭证。\n\n## 定性依据\n\n违反《样例审计法》第四条。\n\n"
        "## 处理处罚\n\n依照《样例审计法》第四条责令改正。")


@pytest.fixture(scope="module")
def pack_server(tmp_path_factory, statutes_path):
    with serving(tmp_path_factory.mktemp("law-pack-browser"), statutes_path, load=True) as (url, kb):
        kb.guide.create_entry(SYSTEM, GuideInput(
            "refuse-records", "拒绝提供审计资料", "经济责任", ("拒绝提供",), "被审计单位拒绝提供会计资料。",
            characterisation=(BasisInput("样例审计法", 4, note="有权要求提供资料"),),
            sanction=(BasisInput("样例审计法", 5, note="责令改正"),)))
        kb.cases.create_case(SYSTEM, CaseInput("某局拒绝提供资料案", "经济责任", BODY,
                                               case_date=dt.date(2021, 3, 1), summary="拒绝提供资料被责令改正。"),
                             publish=True)
        for viewport in VIEWPORTS:
            kb.users.create_user(system_actor(), NewUser(
                f"trainer-{viewport}", "李培训", "trainer", "法规审理科", PASSWORD, False))
        # A question on 第二条 for the self-check quiz, reviewed and published by the admin.
        question = kb.bank.create_question(SYSTEM, SINGLE_DATA)
        admin = actor_of(kb.users.find_user("admin"))
        assert kb.bank.review(admin, [question.id]).done == [question.id]
        assert kb.bank.publish(admin, [question.id]).done == [question.id]
        yield url, kb


@pytest.fixture(params=sorted(VIEWPORTS))
def page(request, chromium, pack_server):
    with browser_page(chromium, request.param, pack_server[0]) as page:
        yield page


def fill_pack(page, title: str, articles: str) -> None:
    page.get_by_label("被审计单位").fill("某县交通运输局")
    page.get_by_label("会议", exact=True).select_option("进点会")
    page.get_by_label("会议日期").fill("2022-06-01")
    page.get_by_label("资料包名称").fill(title)
    page.get_by_label("审计类型").select_option("经济责任")
    page.get_by_label("重点法条").fill(articles)
    page.get_by_label("经济责任｜拒绝提供审计资料").check()


def test_trainer_makes_previews_projects_and_downloads_a_pack(page, tmp_path, pdf_fonts):
    sign_in(page, f"trainer-{page.viewport_name}")
    open_nav(page)
    page.get_by_role("link", name="以案释法").click()
    page.get_by_role("link", name="新建资料包").click()
    fill_pack(page, f"经济责任审计进点会普法资料（{page.viewport_name}）", "样例审计法第九十三条")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("施行的版本中没有第九十三条")
    shot(page, "law-pack-refused")
    # The refused form comes back as 400, which the browser reports; nothing else may.
    assert page.console_problems == ["Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"]
    page.console_problems.clear()
    page.get_by_label("重点法条").fill("样例审计法第二条")
    page.get_by_label("经济责任｜拒绝提供审计资料").check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("经济责任审计进点会普法资料")
    shot(page, "law-pack-show")

    page.get_by_role("link", name="预览").first.click()
    expect(page.get_by_role("heading", name="一、重点法条")).to_be_visible()
    expect(page.locator(".pack-document")).to_contain_text("2022-01-01 起施行")
    expect(page.locator(".pack-document")).to_contain_text("自测题参考答案")
    shot(page, "law-pack-preview")

    with page.expect_download() as download:
        page.get_by_role("link", name="下载 PDF").click()
    saved = tmp_path / "pack.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")

    page.get_by_role("link", name="投影").click()
    counter = page.locator("[data-slide-count]")
    expect(counter).to_have_text("1 / 8")
    expect(page.locator(".slide-cover")).to_be_visible()
    shot(page, "law-pack-projector-cover")
    page.keyboard.press("ArrowRight")
    expect(counter).to_have_text("2 / 8")
    expect(page.locator(".slide:visible")).to_contain_text("《样例审计法》第二条")
    shot(page, "law-pack-projector-article")
    page.keyboard.press("End")
    expect(page.locator(".slide:visible")).to_contain_text("自测题参考答案")
    page.keyboard.press("ArrowLeft")
    expect(counter).to_have_text("7 / 8")
    page.keyboard.press("Home")
    expect(counter).to_have_text("1 / 8")
