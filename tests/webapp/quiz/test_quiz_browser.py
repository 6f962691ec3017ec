"""The quiz in a real browser (Debian's chromium through Playwright), on a desktop and a
375-px phone: a trainer composes a round from the bank and opens it; a staff member takes
it — every answer autosaved, a reload keeps them — and submits; the trainer closes it; the
results, the charts and the expert's explanation appear.  Screenshots go to
test-artifacts/screenshots (quiz-*.png)."""
from __future__ import annotations

import re
from contextlib import ExitStack

import pytest
from playwright.sync_api import expect

from accounts.permissions import actor_of, system_actor
from accounts.user_admin import NewUser
from tests.support.environment import PASSWORD
from tests.support.questions import SAMPLES
from tests.support.browser import VIEWPORTS, browser_page, open_nav, serving, shot, sign_in

pytestmark = pytest.mark.browser
# Right answers by option text, in the order of tests.quizzes.conftest.SAMPLES.
CHOICES = ("三日", "财务资料", "会计资料", "业务资料", "县教育局")


@pytest.fixture(scope="module")
def quiz_server(tmp_path_factory, statutes_path):
    """The app with the fixture statutes, a trainer, and one published question per type."""
    with serving(tmp_path_factory.mktemp("quiz-browser"), statutes_path, load=True) as (url, kb):
        trainer = kb.users.create_user(system_actor(), NewUser("trainer", "张培训", "trainer", "法规审理科",
                                                               PASSWORD, False)).user
        admin = actor_of(kb.users.find_user("admin"))
        ids = [kb.bank.create_question(actor_of(trainer), data).id for data in SAMPLES.values()]
        kb.bank.review(admin, ids)
        kb.bank.publish(admin, ids)
        yield url


@pytest.fixture(params=sorted(VIEWPORTS))
def new_page(request, chromium, quiz_server):
    """new_page() → a page in a browser context of its own (its own cookies) at the
    viewport, accepting confirmations; console errors fail the test."""
    with ExitStack() as stack:
        def make():
            page = stack.enter_context(browser_page(chromium, request.param, quiz_server))
            page.on("dialog", lambda dialog: dialog.accept())
            return page
        yield make


def go(page, label: str) -> None:
    open_nav(page)
    page.get_by_role("link", name=label, exact=True).click()


def compose_round(page, title: str) -> None:
    sign_in(page, "trainer")
    go(page, "轮次管理")
    page.get_by_role("link", name="新建轮次").click()
    page.get_by_label("标题").fill(title)
    page.get_by_label("保存后从题库手动挑选").check()
    shot(page, "quiz-round-form")
    page.get_by_role("button", name="保存为草稿").click()
    expect(page.get_by_text("轮次已保存为草稿")).to_be_visible()
    page.get_by_role("link", name="＋ 从题库添加试题").click()
    page.get_by_label("全选本页").check()
    shot(page, "quiz-picker")
    page.get_by_role("button", name="加入试卷").click()
    expect(page.get_by_text("试卷已更新：共 5 题，满分 13 分。")).to_be_visible()
    page.get_by_role("link", name=re.compile("^完成")).click()
    page.get_by_role("button", name="立即开始").click()
    expect(page.get_by_text("轮次已立即开始，已通知参加人员。")).to_be_visible()
    shot(page, "quiz-round-trainer")


def answer_everything(page) -> None:
    for text in CHOICES:
        page.locator("label.option", has_text=text).first.click()
    page.locator("section[data-qtype=true_false] label.option", has_text="正确").click()
    page.locator("[data-part=p2] label.option", has_text="错误").click()
    page.locator("section[data-qtype=fill] input[type=text]").fill("10日")
    page.locator("[data-part=p3] input[type=text]").fill("拖延")
    page.locator("[data-part=p3] input[type=text]").blur()
    expect(page.locator("[data-save-summary]")).to_have_text(re.compile("^所有答案已保存"))
    expect(page.locator("[data-answered]").first).to_have_text("5")


def take_round(page, title: str) -> None:
    sign_in(page, f"auditor-{page.viewport_name}")
    go(page, "练兵")
    page.get_by_role("link", name=title).click()
    page.get_by_role("button", name="开始作答").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    answer_everything(page)
    expect(page.locator(".save-saved")).to_have_count(5)
    shot(page, "quiz-attempt")
    page.reload()
    expect(page.locator("label.option", has_text="三日").locator("input")).to_be_checked()
    expect(page.locator("[data-part=p3] input[type=text]")).to_have_value("拖延")
    page.locator("[data-attempt-bar] [data-submit-attempt]").click()
    page.get_by_role("dialog").get_by_role("button", name="确认交卷").click()
    expect(page.get_by_text("已交卷，得分 13 / 13。")).to_be_visible()
    expect(page.get_by_text("答案与专家解题将在轮次结束后公布")).to_be_visible()


def close_and_review(page, title: str) -> None:
    page.goto(page.base_url + "/rounds/manage")
    page.get_by_role("link", name=title).click()
    page.get_by_role("button", name="提前结束并公布答案").click()
    expect(page.locator(".flash")).to_contain_text("轮次已结束：1 份答卷已评分")
    page.get_by_role("link", name="成绩与分析").click()
    expect(page.locator("svg.chart-bar-chart")).to_be_visible()
    expect(page.locator("#people")).to_contain_text("13 / 13")
    shot(page, "quiz-results")


def read_explanations(page, title: str) -> None:
    page.goto(page.base_url + "/rounds")
    page.get_by_role("link", name=title).click()
    page.get_by_role("link", name="第 1 次").click()
    expect(page.locator(".explanation").first).to_contain_text("专家解题")
    expect(page.locator(".basis a").first).to_have_attribute("href", re.compile(r"^/laws/\d+/articles/"))
    shot(page, "quiz-answers")
    go(page, "我的成绩")
    expect(page.locator("svg.chart-line-chart")).to_be_visible()
    expect(page.locator("svg.chart-hbar-chart").first).to_be_visible()
    shot(page, "quiz-my-results")


def test_compose_take_close_and_review_a_round(new_page):
    trainer, staff = new_page(), new_page()
    title = f"{trainer.viewport_name}练兵"
    compose_round(trainer, title)
    take_round(staff, title)
    close_and_review(trainer, title)
    read_explanations(staff, title)
