"""Reading a statute in a real browser at the desktop and the 375-px phone viewport: the
whole text with contents that stay in view (a toggle on phones), 复制条文, links to a 款 or
项 that highlight it, the print stylesheet and chromium's PDF, the .docx downloads, and
the 新旧对照表.  Screenshots go to test-artifacts/screenshots (reading-*)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import VIEWPORTS, browser_page, serving, shot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def reading_server(tmp_path_factory, statutes_path):
    with serving(tmp_path_factory.mktemp("reading-browser"), statutes_path, load=True) as server:
        yield server


@pytest.fixture(params=sorted(VIEWPORTS))
def page(request, chromium, reading_server):
    with browser_page(chromium, request.param, reading_server[0]) as page:
        sign_in(page, f"auditor-{page.viewport_name}")
        page.law_id = reading_server[1].library.find_statute("样例审计法").id
        yield page


def in_view(page, selector: str) -> bool:
    return page.evaluate("""s => { const r = document.querySelector(s).getBoundingClientRect();
                                   return r.top >= 0 && r.top < window.innerHeight; }""", selector)


def test_whole_text_with_contents_that_stay_in_view(page):
    page.goto(f"{page.base_url}/laws/{page.law_id}")
    expect(page.locator("#a4-body")).to_contain_text("（一）财务、会计资料；")
    contents = page.locator("#toc-panel")
    if page.viewport_name == "phone":
        expect(contents).to_be_hidden()
        page.get_by_role("button", name="目录").click()
    expect(contents).to_be_visible()
    shot(page, "reading-statute")
    contents.get_by_role("link", name="第二章 审计机关权限").click()
    expect(page).to_have_url(re.compile(r"#h\d+$"))
    heading = page.locator(".text-heading", has_text="第二章 审计机关权限")
    assert in_view(page, f"#{heading.get_attribute('id')}")
    if page.viewport_name == "phone":
        expect(contents).to_be_hidden()                         # a jump closes the contents
    page.mouse.wheel(0, 5000)
    assert in_view(page, ".reading-toc")                        # sticky at every scroll


def test_copy_an_article_with_its_citation(page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{page.base_url}/laws/{page.law_id}")
    button = page.locator("#a4 [data-copy-article]")
    button.click()
    expect(button).to_have_text("已复制")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.splitlines()[:4] == ["《中华人民共和国样例审计法》第四条", "审计机关有权要求被审计单位提供下列资料：",
                                       "（一）财务、会计资料；", "（二）与财政收支有关的业务、管理资料，包括："]
    assert copied.splitlines()[-1] == "被审计单位不得拒绝、拖延、谎报。"
    page.goto(f"{page.base_url}/laws/{page.law_id}/articles/4")
    page.get_by_role("button", name="复制条文").click()
    assert page.evaluate("navigator.clipboard.readText()") == copied


def test_a_link_to_an_item_highlights_it(page):
    page.goto(f"{page.base_url}/laws/{page.law_id}#a4-p1-i2")
    colour = "rgb(255, 246, 213)"
    assert page.evaluate("getComputedStyle(document.getElementById('a4-p1-i2')).backgroundColor") == colour
    assert page.evaluate("getComputedStyle(document.getElementById('a4-p1-i1')).backgroundColor") != colour
    assert in_view(page, "#a4-p1-i2")
    shot(page, "reading-item-link")
    page.goto(f"{page.base_url}/laws/{page.law_id}/articles/4#a4-p2")
    assert page.evaluate("getComputedStyle(document.getElementById('a4-p2')).backgroundColor") == colour


def test_print_shows_the_text_only(page):
    page.goto(f"{page.base_url}/laws/{page.law_id}")
    page.emulate_media(media="print")
    for selector in (".topbar", ".reading-toc", ".reading-aside", ".doc-actions", "#a4 input", "#a4 button",
                     ".crumbs", ".reading-tools"):
        expect(page.locator(selector).first).to_be_hidden()
    expect(page.locator("#a4-body")).to_be_visible()
    expect(page.get_by_role("heading", name="中华人民共和国样例审计法")).to_be_visible()
    shot(page, "reading-print")
    if page.viewport_name == "desktop":                          # page.pdf is chromium's printing
        assert page.pdf(format="A4").startswith(b"%PDF")


def test_download_the_statute_and_picked_articles(page):
    page.goto(f"{page.base_url}/laws/{page.law_id}")
    with page.expect_download() as whole:
        page.get_by_role("link", name="下载全文（.docx）").click()
    assert whole.value.suggested_filename == "样例审计法.docx"
    page.locator("#a2 input[type=checkbox]").check()
    page.locator("#a4 input[type=checkbox]").check()
    with page.expect_download() as picked:
        page.get_by_role("button", name="下载所选条文（.docx）").click()
    assert picked.value.url.endswith("a=2&a=4")


def test_correspondence_table_and_matched_compare(page):
    page.goto(f"{page.base_url}/laws/{page.law_id}")
    page.locator(".doc-actions").get_by_role("link", name="新旧对照表").click()
    expect(page.get_by_role("heading", name=re.compile("新旧对照表"))).to_be_visible()
    row = page.locator(".corr-row.change-amended", has=page.locator(".corr-new a", has_text="第四条"))
    expect(row.locator(".corr-old a")).to_have_text("第三条")
    expect(row.locator("del").first).to_be_visible()
    expect(row.locator("ins").first).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    shot(page, "reading-correspondence")
    row.locator(".corr-old a").click()
    expect(page.locator(".now-is")).to_contain_text("2006 年文本第三条，现为第四条（修改）")
    page.get_by_role("link", name="新旧版本对照").click()
    expect(page.locator(".compare-side").first.locator(".side-article")).to_have_text("第三条")
    expect(page.locator(".compare-side").last.locator(".side-article")).to_have_text("第四条")
    shot(page, "reading-compare")
