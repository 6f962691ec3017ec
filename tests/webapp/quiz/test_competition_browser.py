"""练兵比武 in a real browser, on a desktop and a 375-px phone: the trainer opens the live
ranking of a running competition (it refreshes itself), closes the competition and reads
the results sheet; a staff member reads 年度积分.  Screenshots: competition-*.png."""
from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from accounts.permissions import actor_of, system_actor
from accounts.user_admin import NewUser
from core.clock import Clock
from quizzes.round_spec import RoundSpec
from tests.support.environment import PASSWORD
from tests.support.questions import SAMPLES
from tests.support.browser import VIEWPORTS, browser_page, serving, shot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def contest_server(tmp_path_factory, statutes_path):
    """A running competition of one 判断题 that both staff members have answered."""
    with serving(tmp_path_factory.mktemp("contest-browser"), statutes_path, load=True) as (url, kb):
        trainer = actor_of(kb.users.create_user(system_actor(), NewUser(
            "trainer", "张培训", "trainer", "法规审理科", PASSWORD, False)).user)
        admin = actor_of(kb.users.find_user("admin"))
        question = kb.bank.create_question(trainer, SAMPLES["true_false"]).id
        kb.bank.review(admin, [question])
        kb.bank.publish(admin, [question])
        now = Clock().now()
        round_id = kb.rounds.create_round(trainer, RoundSpec(
            title="第一届练兵比武", opens_at=now - dt.timedelta(minutes=1), closes_at=now + dt.timedelta(hours=2),
            question_ids=(question,), time_limit_minutes=30, competition=True, start_window_minutes=30)).summary.id
        kb.lifecycle.publish_round(trainer, round_id)
        for username, answer in (("auditor-desktop", True), ("auditor-phone", False)):
            person = actor_of(kb.users.find_user(username))
            attempt = kb.attempts.start(person, round_id).attempt_id
            kb.attempts.save_answer(person, attempt, question, answer)
            kb.attempts.submit(person, attempt)
        yield url, round_id


@pytest.fixture(params=sorted(VIEWPORTS))
def page(request, chromium, contest_server):
    with browser_page(chromium, request.param, contest_server[0]) as page:
        page.on("dialog", lambda dialog: dialog.accept())
        yield page


def test_live_ranking_sheet_and_year_points(page, contest_server):
    _, round_id = contest_server
    sign_in(page, "trainer")
    page.goto(f"{page.base_url}/rounds/{round_id}")
    page.get_by_role("link", name="实时排名").click()
    expect(page.get_by_role("heading", name="个人排名")).to_be_visible()
    running = page.viewport_name == "desktop"    # the phone run (second) finds it closed
    expect(page.locator("meta[http-equiv=refresh]")).to_have_count(1 if running else 0)
    people = page.locator("section", has=page.get_by_role("heading", name="个人排名"))
    expect(people.locator("tbody tr").first).to_contain_text("王审计")
    expect(page.get_by_text("已交卷 2 人")).to_be_visible()
    shot(page, "competition-live")
    if running:
        page.goto(f"{page.base_url}/rounds/{round_id}")
        page.get_by_role("button", name="提前结束并公布答案").click()
    page.goto(f"{page.base_url}/rounds/{round_id}/sheet")
    page.get_by_label("颁奖单位（落款）").fill("某区审计局")
    with page.expect_download() as download:
        page.get_by_role("button", name="下载奖状（Word）").click()
    assert download.value.suggested_filename == f"奖状-轮次{round_id}.docx"
    shot(page, "competition-sheet")
    page.context.clear_cookies()
    sign_in(page, f"auditor-{page.viewport_name}")
    page.goto(f"{page.base_url}/training/points")
    expect(page.get_by_role("heading", name="年度积分")).to_be_visible()
    expect(page.locator("tbody tr").first).to_contain_text("25")
    shot(page, "competition-points")
