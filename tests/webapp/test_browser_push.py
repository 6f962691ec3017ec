"""The push pages in a real browser, desktop and phone: the admin sets the schedule (and
is told why a bad one is refused), adds a group robot and sends it a test message; a
staff member sees the unread count and reads the notice."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.permissions import system_actor
from quizzes.notify.notifier import Announcement, Notifier
from tests.quizzes.notify.servers import RobotServer
from tests.support.browser import shot, sign_in

pytestmark = pytest.mark.browser


def test_the_push_starts_off_and_the_admin_turns_it_on(page, live_server):
    live_server[1].schedule.update(system_actor(), enabled=False)   # as on a new install
    sign_in(page, "admin")
    page.goto(page.base_url + "/admin/schedule")
    expect(page.get_by_role("heading", name="自动推送未启用")).to_be_visible()
    expect(page.get_by_label("按计划自动推送")).not_to_be_checked()
    shot(page, "admin-schedule-off")
    page.locator("#schedule-off").get_by_role("button", name="启用").click()
    expect(page.get_by_text("已启用按计划自动推送")).to_be_visible()
    expect(page.get_by_role("heading", name="自动推送未启用")).to_have_count(0)
    expect(page.get_by_label("按计划自动推送")).to_be_checked()


def test_admin_sets_the_schedule(page):
    sign_in(page, "admin")
    page.goto(page.base_url + "/admin/schedule")
    expect(page.get_by_role("heading", name="推送计划")).to_be_visible()
    expect(page.get_by_text("未运行")).to_be_visible()
    page.get_by_label("开放日").select_option(label="星期三")
    page.get_by_label("开放时间").fill("14:30")
    page.get_by_label("法规审理科").check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("推送计划已保存。")).to_be_visible()
    expect(page.get_by_text(re.compile("每2周星期三 14:30 开放"))).to_be_visible()
    expect(page.locator(".period-list li").first).to_contain_text("星期三 14:30 开放")
    shot(page, "admin-schedule")
    page.get_by_label("开放时间").fill("25:00")
    page.get_by_label("开放天数").fill("0")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text(re.compile("时间“25:00”不存在"))).to_be_visible()
    expect(page.get_by_text(re.compile("截止时间不能早于开放时间"))).to_be_visible()
    shot(page, "admin-schedule-invalid")
    # The refused form comes back as a 400 document; the browser reports that one, nothing else.
    assert page.console_problems == ["Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"]
    page.console_problems.clear()
    page.goto(page.base_url + "/admin/schedule")
    expect(page.get_by_text(re.compile("每2周星期三 14:30 开放"))).to_be_visible()


def test_admin_adds_a_robot_and_tests_it(page):
    sign_in(page, "admin")
    with RobotServer() as robots:
        page.goto(page.base_url + "/admin/notices")
        page.get_by_label("名称").fill(f"法规科群-{page.viewport_name}")
        page.get_by_label("类型").select_option(label="钉钉自定义机器人")
        page.get_by_label("Webhook 地址").fill(robots.url + "/ok?access_token=TOPSECRET")
        page.get_by_label("加签密钥（钉钉）").fill("SEC123")
        page.get_by_label("发送到").select_option(label="法规审理科 群")
        page.get_by_role("button", name="添加").click()
        expect(page.get_by_text(f"已添加群机器人“法规科群-{page.viewport_name}”。")).to_be_visible()
        expect(page.locator("body")).not_to_contain_text("TOPSECRET")
        item = page.locator(".period-list li", has_text=f"法规科群-{page.viewport_name}")
        item.get_by_role("button", name="发送测试").click()
        expect(page.get_by_text(f"测试消息已发送到机器人“法规科群-{page.viewport_name}”")).to_be_visible()
        assert robots.bodies("/ok")[-1]["markdown"]["title"] == "【测试】审计法规库通知"
        shot(page, "admin-notices")


def test_staff_reads_a_notice(page, live_server):
    kb = live_server[1]
    user = kb.users.find_user(f"auditor-{page.viewport_name}")
    Notifier(kb.db.session, kb.clock, email_enabled=False).announce(Announcement(key=f"round:77:open:{page.viewport_name}", title="【练兵】第7期审计实务案例练兵 已开始",
                                   body="本期练兵共 10 题，截止时间 03月09日 09:00。", link="/laws",
                                   user_ids=(user.id,), group_body=None))
    sign_in(page, user.username)
    bell = page.locator(".bell-phone" if page.viewport_name == "phone" else ".bell-desktop")
    expect(bell).to_contain_text("1")
    bell.click()
    expect(page.get_by_text("【练兵】第7期审计实务案例练兵 已开始")).to_be_visible()
    shot(page, "inbox")
    page.get_by_role("button", name="查看详情").click()
    expect(page).to_have_url(re.compile(r"/laws$"))
    expect(page.locator(".bell-count")).to_have_count(0)
