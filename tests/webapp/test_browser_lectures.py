"""法治讲座 and 学法记录 in a real browser, desktop and phone: a trainer records a lecture,
uploads its slides, is shown which rows of a bad attendance sheet are wrong, ticks the
attendance; the attendee finds it in their record; the annual summary shows it and its
export downloads and opens."""
from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.support.browser import shot, sign_in
from tests.support.sheets import PDF, xlsx

pytestmark = pytest.mark.browser
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_a_lecture_with_attendance_reaches_the_record_and_the_export(page, live_server):
    kb, auditor = live_server[1], f"auditor-{page.viewport_name}"
    title = f"审计法专题讲座（{page.viewport_name}）"
    today = kb.clock.today_local()
    sign_in(page, "admin")
    page.goto(page.base_url + "/lectures/new")
    page.get_by_label("讲座题目").fill(title)
    page.get_by_label("主讲人").fill("王处长")
    page.get_by_label("举办日期").fill(today.isoformat())
    page.get_by_label("学时").fill("1.5")
    page.get_by_label("涉及法规").select_option(index=0)
    page.get_by_label("内容简介").fill("新修订审计法的主要变化")
    shot(page, "lecture-new")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("讲座已登记")).to_be_visible()
    page.get_by_label("讲座材料").set_input_files(files=[{"name": "讲义.pdf", "mimeType": "application/pdf",
                                                         "buffer": PDF}])
    page.get_by_role("button", name="上传材料").click()
    expect(page.get_by_role("link", name="讲义.pdf")).to_be_visible()
    sheet = xlsx([("工号", "姓名"), (auditor, "王审计"), ("99999", "王五")])
    page.get_by_label("签到表").set_input_files(files=[{"name": "签到表.xlsx", "mimeType": XLSX, "buffer": sheet}])
    page.get_by_role("button", name="导入签到表").click()
    expect(page.get_by_text("工号“99999”不存在")).to_be_visible()
    expect(page.get_by_text(re.compile("未导入任何签到记录"))).to_be_visible()
    shot(page, "lecture-sheet-rejected")
    assert page.console_problems == ["Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"]
    page.console_problems.clear()
    page.get_by_role("link", name="从人员名单登记签到").click()
    page.get_by_label(re.compile(f"王审计 {auditor}")).check()
    shot(page, "lecture-attendance")
    page.get_by_role("button", name="保存签到名单").click()
    expect(page.get_by_text("已登记签到 1 人")).to_be_visible()
    shot(page, "lecture-show")

    page.goto(page.base_url + "/record/annual")
    expect(page.get_by_role("link", name=title)).to_be_visible()
    shot(page, "record-annual")
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert title in [row[2] for row in book["讲座"].iter_rows(min_row=2, values_only=True)]
    people = {row[0]: row for row in book["个人学法记录"].iter_rows(min_row=2, values_only=True)}
    assert people[auditor][3:5] == (1, 1.5)

    page.context.clear_cookies()
    sign_in(page, auditor)
    page.goto(page.base_url + "/record")
    expect(page.get_by_role("link", name=title)).to_be_visible()
    expect(page.get_by_text("1.5 学时").first).to_be_visible()
    shot(page, "record-mine")
