"""专家解题 and 申请复核 end to end in a real browser, at desktop and phone width: a trainer
grades a written answer and picks it as a 示范答案; the staff member sees the 专家解题 with
it (anonymous), files a 申请复核 with a reason; another grader (the admin) takes it from the
复核申请 queue and changes the points; the staff member sees the outcome.  Screenshots:
test-artifacts/screenshots (*-regrade-*.png)."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from accounts.permissions import actor_of, system_actor
from accounts.user_admin import NewUser
from quizzes.round_spec import RoundSpec
from tests.support.browser import browser_page, shot, sign_in
from tests.support.environment import PASSWORD
from tests.support.questions import SHORT_DATA

pytestmark = pytest.mark.browser
ANSWER = "应提供财务、会计资料，依据《样例审计法》第四条。"


def closed_round_answered(kb, viewport: str) -> tuple[int, int]:
    """A closed round of one 简答题 the viewport's auditor answered: (round id, attempt id)."""
    admin = actor_of(kb.users.find_user("admin"))
    question = kb.bank.create_question(admin, dict(SHORT_DATA, stem=f"{SHORT_DATA['stem']}（{viewport}）")).id
    kb.bank.review(admin, [question])
    kb.bank.publish(admin, [question])
    now = kb.clock.now()
    round_id = kb.rounds.create_round(admin, RoundSpec(f"复核练兵 {viewport}", now, now + dt.timedelta(days=3),
                                                       question_ids=(question,))).summary.id
    kb.lifecycle.publish_round(admin, round_id)
    staff = actor_of(kb.users.find_user(f"auditor-{viewport}"))
    attempt = kb.attempts.start(staff, round_id).attempt_id
    kb.attempts.save_answer(staff, attempt, question, ANSWER)
    kb.attempts.submit(staff, attempt)
    kb.lifecycle.close_round(admin, round_id)
    return round_id, attempt


def grade_and_pick(page, round_id: int) -> None:
    page.goto(f"{page.base_url}/rounds/{round_id}/grading")
    page.locator("[data-rubric-point='r1'] input").fill("2")
    page.locator("input[name=exemplary]").check()
    shot(page, "regrade-grading")
    page.get_by_role("button", name=re.compile("^保存")).click()
    expect(page.locator(".flash")).to_contain_text("已保存：答卷 1 得 8 分。")


def file_regrade(page, attempt_url: str) -> None:
    page.goto(attempt_url)
    exemplary = page.locator("[data-exemplary]")
    expect(exemplary.locator("[data-exemplary-text]")).to_have_text(ANSWER)
    expect(exemplary.locator("[data-exemplary-author]")).to_contain_text("匿名")
    page.locator("[data-regrade] summary").click()
    page.get_by_label("理由（必填，不超过 1000 字）").fill("第一个要点已写明财务、会计资料，请复核。")
    shot(page, "regrade-request")
    page.locator("[data-regrade-submit]").click()
    expect(page.locator(".flash")).to_contain_text("已提交复核申请")
    expect(page.locator("[data-regrade-state]")).to_contain_text("复核中")


def decide(page) -> None:
    page.goto(page.base_url + "/rounds/grading")
    page.locator("[data-regrade-link]").click()
    page.locator("[data-take-regrade]").first.click()
    expect(page.locator("[data-regrade-reason]")).to_have_text("第一个要点已写明财务、会计资料，请复核。")
    page.locator("[data-rubric-point='r1'] input").fill("4")
    page.get_by_label("复核意见（必填，申请人可见）").fill("第一个要点完整，改为满分。")
    shot(page, "regrade-decision")
    page.get_by_role("button", name="保存复核结果").click()
    expect(page.locator(".flash")).to_contain_text("复核已处理：复核已改分（10 分）")


def test_exemplary_answer_regrade_and_its_outcome(page, chromium, live_server):
    url, kb = live_server
    viewport = page.viewport_name
    kb.users.create_user(system_actor(), NewUser(f"trainer-{viewport}", "张培训", "trainer", "法规审理科",
                                                 PASSWORD, False))
    round_id, attempt = closed_round_answered(kb, viewport)
    with browser_page(chromium, viewport, url) as trainer, browser_page(chromium, viewport, url) as admin:
        sign_in(trainer, f"trainer-{viewport}")
        grade_and_pick(trainer, round_id)
        sign_in(page, f"auditor-{viewport}")
        file_regrade(page, f"{url}/attempts/{attempt}")
        sign_in(admin, "admin")
        decide(admin)
    page.reload()
    expect(page.locator("[data-regrade-outcome]")).to_contain_text("由 8 分改为 10 分")
    expect(page.locator("[data-written-points]")).to_have_text("10")
    shot(page, "regrade-outcome")
