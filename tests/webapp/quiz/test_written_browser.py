"""Written answers end to end in a real browser: a trainer writes a case with a written
part and its rubric in the editor; a staff member answers it on a phone (character counter,
citations checked as they type: 不存在 / 已废止, autosave); after the close the trainer grades
by question with the suggested rubric point pre-marked; the staff member then sees the
points per scoring point and the comment.  Screenshots: test-artifacts/screenshots
(*-written-*.png)."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from accounts.permissions import actor_of, system_actor
from accounts.user_admin import NewUser
from kb.importer import Importer
from quizzes.round_spec import RoundSpec
from tests.support.browser import browser_page, serving, shot, sign_in
from tests.support.environment import FIXTURES, PASSWORD

pytestmark = pytest.mark.browser
ANSWER = ("教育局未经招标采购设备，违反《样例审计法》第四条；另见《样例审计法》第九十九条、"
          "《中华人民共和国样例旧财政法》第三条。应责令改正。")


@pytest.fixture
def server(tmp_path, statutes_path):
    """The fixture library plus 样例财政法 (which repeals 样例旧财政法), and a trainer."""
    with serving(tmp_path / "data", statutes_path, load=True) as (url, kb):
        Importer(kb.db).import_path(FIXTURES / "citations")
        kb.citations.link_library()
        kb.users.create_user(system_actor(), NewUser("trainer", "张培训", "trainer", "法规审理科", PASSWORD, False))
        yield url, kb


def write_case(page) -> int:
    sign_in(page, "trainer")
    page.goto(page.base_url + "/bank/new?type=case")
    page.locator("#stem").fill("2024年，某县审计局审计县教育局，发现其未经招标采购设备 80 万元。")
    part = page.locator("[data-part-slot='0']")
    part.locator("select").select_option("short")
    part.locator("#p0_stem").fill("请指出问题并说明定性依据和处理意见。")
    part.locator("#p0_reference").fill("违反《样例审计法》第四条，应责令改正。")
    part.locator("#p0_rub_text_0").fill("指出问题")
    part.locator("#p0_rub_points_0").fill("3")
    part.locator("#p0_rub_text_1").fill("定性依据")
    part.locator("#p0_rub_points_1").fill("5")
    part.locator("#p0_rub_articles_1").fill("《样例审计法》第四条")
    shot(page, "written-editor")
    page.get_by_role("button", name="保存为草稿").click()
    expect(page.locator("[data-rubric]")).to_contain_text("《样例审计法》第四条")
    return int(re.search(r"/bank/(\d+)$", page.url).group(1))


def answer_on_a_phone(page, attempt_url: str) -> None:
    sign_in(page, "auditor-phone")
    page.goto(attempt_url)
    box = page.locator("textarea[data-written-input]")
    box.fill(ANSWER)
    expect(page.locator("[data-char-count]")).to_have_text(str(len(ANSWER)))
    flags = page.locator("[data-cite-flags]")
    expect(flags.locator("[data-cite-status=no_such_article]")).to_contain_text("不存在")
    expect(flags.locator("[data-cite-status=repealed]")).to_contain_text("已废止")
    expect(page.locator("[data-save-state]")).to_have_text("已保存")
    shot(page, "written-answer")
    page.reload()
    expect(box).to_have_value(ANSWER)
    page.locator("[data-attempt-bar] [data-submit-attempt]").click()
    page.get_by_role("dialog").get_by_role("button", name="确认交卷").click()
    expect(page.locator("[data-ungraded]")).to_contain_text("待阅卷")


def grade_by_question(page, round_id: int) -> None:
    page.goto(f"{page.base_url}/rounds/{round_id}/grading")
    expect(page.locator("[data-grading-progress]")).to_have_text("已阅 0/1")
    suggested = page.locator("[data-rubric-point='r2']")
    expect(suggested).to_have_class(re.compile("is-suggested"))
    expect(suggested.locator("input")).to_have_value("5.0")
    expect(page.locator("[data-answer-text] mark[data-cite-flag=不存在]")).to_be_visible()
    expect(page.locator("[data-answer-text] mark[data-cite-flag=已废止]")).to_be_visible()
    page.locator("[data-rubric-point='r1'] input").fill("2")
    page.get_by_label("评语").fill("<b>依据准确</b>，但还引用了不存在的条文。")
    shot(page, "written-grading")
    page.get_by_role("button", name=re.compile("^保存")).click()
    expect(page.locator(".flash")).to_contain_text("已保存：答卷 1 得 7 分。")
    expect(page.locator("[data-grading-progress]")).to_have_text("已阅 1/1")


def test_write_answer_grade_and_read_a_written_case(chromium, server):
    url, kb = server
    with browser_page(chromium, "desktop", url) as trainer, browser_page(chromium, "phone", url) as staff:
        question_id = write_case(trainer)
        admin = actor_of(kb.users.find_user("admin"))
        kb.bank.review(admin, [question_id])
        kb.bank.publish(admin, [question_id])
        now = kb.clock.now()
        round_id = kb.rounds.create_round(admin, RoundSpec("案例练兵", now, now + dt.timedelta(days=3),
                                                           question_ids=(question_id,))).summary.id
        kb.lifecycle.publish_round(admin, round_id)
        attempt = kb.attempts.start(actor_of(kb.users.find_user("auditor-phone")), round_id)
        answer_on_a_phone(staff, f"{url}/attempts/{attempt.attempt_id}")
        kb.lifecycle.close_round(admin, round_id)
        grade_by_question(trainer, round_id)
        staff.reload()
        expect(staff.locator("[data-written-points]")).to_have_text("7")
        expect(staff.locator("[data-grader-comment]")).to_have_text("<b>依据准确</b>，但还引用了不存在的条文。")
        expect(staff.locator("[data-written-feedback] tbody tr").nth(1)).to_contain_text("5")
        shot(staff, "written-feedback")


def test_the_editor_adds_rubric_rows_up_to_the_limit(chromium, server):
    url, kb = server
    with browser_page(chromium, "phone", url) as page:
        sign_in(page, "trainer")
        page.goto(page.base_url + "/bank/new?type=short")
        body = page.locator("fieldset.rubric-fieldset").first
        rows, add = body.locator("[data-rubric-slot]"), body.locator("[data-add-rubric]")
        expect(rows.locator("visible=true")).to_have_count(8)
        for _ in range(12):
            add.click()
        expect(rows.locator("visible=true")).to_have_count(20)
        expect(add).to_be_hidden()
        expect(body.locator("[data-rubric-limit]")).to_contain_text("最多 20 个评分要点")
        page.locator("#stem").fill("请指出问题。")
        page.locator("#reference").fill("参考答案")
        page.locator("#rub_text_0").fill("指出问题")
        page.locator("#rub_points_0").fill("2")
        page.locator("#rub_text_19").fill("第二十个要点")
        page.locator("#rub_points_19").fill("3")
        shot(page, "written-rubric-rows")
        page.get_by_role("button", name="保存为草稿").click()
        expect(page.locator("body")).to_contain_text("第二十个要点")
    key = kb.bank.get_question(actor_of(kb.users.find_user("trainer")), 1).content.body.written_key
    assert [(p.text, p.points) for p in key.rubric] == [("指出问题", 2.0), ("第二十个要点", 3.0)]
