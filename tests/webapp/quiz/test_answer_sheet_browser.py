"""The 答题卡 in a real browser at desktop and phone sizes: answer some questions, flag one,
leave a case's sub-question open; the sheet follows each save, keeps the flag over a
reload, jumps to a question, and 交卷 lists what is open before it submits.  Screenshots
go to test-artifacts/screenshots (sheet-*.png)."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from accounts.permissions import actor_of, system_actor
from accounts.user_admin import NewUser
from quizzes.round_spec import RoundSpec
from tests.support.browser import VIEWPORTS, browser_page, serving, shot, sign_in
from tests.support.environment import PASSWORD
from tests.support.questions import SAMPLES

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sheet_server(tmp_path_factory, statutes_path):
    """The app with one published question per type in an open round for everyone:
    (base url, round id, question ids in paper order)."""
    with serving(tmp_path_factory.mktemp("sheet-browser"), statutes_path, load=True) as (url, kb):
        trainer = actor_of(kb.users.create_user(system_actor(), NewUser(
            "trainer", "张培训", "trainer", "法规审理科", PASSWORD, False)).user)
        admin = actor_of(kb.users.find_user("admin"))
        ids = [kb.bank.create_question(trainer, data).id for data in SAMPLES.values()]
        kb.bank.review(admin, ids)
        kb.bank.publish(admin, ids)
        now = kb.clock.now()
        round_id = kb.rounds.create_round(trainer, RoundSpec(
            title="答题卡练兵", opens_at=now, closes_at=now + dt.timedelta(days=7),
            question_ids=tuple(ids))).summary.id
        kb.lifecycle.publish_round(trainer, round_id)
        yield url, round_id, ids


@pytest.fixture(params=sorted(VIEWPORTS))
def sheet_page(request, chromium, sheet_server):
    with browser_page(chromium, request.param, sheet_server[0]) as page:
        yield page


def cell(page, question_id):
    return page.locator(f'[data-sheet-cell="{question_id}"]')


def open_sheet(page) -> None:
    """At phone width the sheet starts folded."""
    sheet = page.locator("[data-answer-sheet]")
    if page.viewport_name == "phone":
        expect(sheet).not_to_have_attribute("open", "")
        sheet.locator("summary").click()
    expect(sheet.locator(".sheet-grid")).to_be_visible()


def test_answer_flag_jump_and_submit_with_the_sheet(sheet_page, sheet_server):
    page = sheet_page
    _, round_id, (single, multiple, true_false, fill, case) = sheet_server
    sign_in(page, f"auditor-{page.viewport_name}")
    page.goto(f"{page.base_url}/rounds/{round_id}")
    page.get_by_role("button", name="开始作答").click()
    open_sheet(page)
    expect(cell(page, single)).to_have_class(re.compile(r"\bis-unanswered\b"))

    page.locator(f"#q{single} label.option", has_text="三日").click()
    page.locator(f"#q{true_false} label.option", has_text="正确").click()
    page.locator(f"#q{case} [data-part=p1] label.option", has_text="县教育局").click()
    page.locator(f"#q{case} [data-part=p2] label.option", has_text="错误").click()
    page.locator(f"#q{multiple}").get_by_role("button", name="标记").click()
    expect(page.locator(f"#q{multiple}").get_by_role("button", name="已标记")).to_be_visible()
    expect(page.locator("[data-save-summary]")).to_have_text(re.compile("^所有答案已保存"))
    expect(cell(page, single)).to_have_class(re.compile(r"\bis-answered\b"))
    expect(cell(page, true_false)).to_have_class(re.compile(r"\bis-answered\b"))
    expect(cell(page, case)).to_have_class(re.compile(r"\bis-partly\b"))
    expect(cell(page, multiple)).to_have_class(re.compile(r"\bis-unanswered\b.*\bis-flagged\b"))
    expect(page.locator("[data-attempt-bar] [data-answered]")).to_have_text("2")
    shot(page, "sheet-attempt")

    page.reload()                                      # the flag is kept with the attempt
    open_sheet(page)
    expect(cell(page, multiple)).to_have_class(re.compile(r"\bis-flagged\b"))
    expect(cell(page, case)).to_have_class(re.compile(r"\bis-partly\b"))
    cell(page, fill).click()
    expect(page).to_have_url(re.compile(rf"#q{fill}$"))
    expect(page.locator(f"#q{fill} .question-bar")).to_be_in_viewport()

    page.locator("[data-attempt-bar] [data-submit-attempt]").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("共 5 题，已答 2 题。")
    expect(dialog.locator(".submit-check-row")).to_have_text(["未答：第 2 题、第 4 题", "部分作答：第 5 题",
                                                              "已标记：第 2 题"])
    shot(page, "sheet-submit")
    dialog.get_by_role("link", name="第 5 题").click()            # back to finish it
    expect(dialog).to_have_count(0)
    expect(page).to_have_url(re.compile(rf"#q{case}$"))
    page.locator("[data-attempt-bar] [data-submit-attempt]").click()
    page.get_by_role("dialog").get_by_role("button", name="确认交卷").click()
    expect(page.get_by_text("已交卷，得分 6 / 13。")).to_be_visible()
