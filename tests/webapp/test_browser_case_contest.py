"""案例评比 end to end in a real browser: a trainer opens a 评比, two staff submit cases with
the case editor (one as a team with a judge), the window closes, three judges score
(blind; the team's judge is recused), the trainer sets awards and publishes, the winners
are 优秀案例 in the case library, and the 汇编 is previewed and downloaded (.docx, read
back).  Each user has a browser context of their own; the phone viewport is checked on
the contest, scoring and 汇编 pages.  Screenshots: test-artifacts/screenshots/*-contest-*."""
from __future__ import annotations

import datetime as dt
import io
import threading
from contextlib import contextmanager

import pytest
from docx import Document
from playwright.sync_api import expect
from werkzeug.serving import make_server

from accounts.permissions import system_actor
from accounts.user_admin import NewUser
from core.clock import FixedClock, to_local
from kb.importer import Importer
from tests.support.browser import browser_page, open_nav, shot, sign_in
from tests.support.environment import PASSWORD, START
from tests.support.web import app_config
from webapp import create_app
from webapp.extensions import services

pytestmark = pytest.mark.browser
BODY = ("## 基本情况\n\n对甲县财政局2025年度预算执行情况进行审计。\n\n## 审计发现\n\n"
        "该局以资料涉密为由，拒绝提供会计资料。\n\n## 定性依据\n\n"
        "违反《中华人民共和国样例审计法》第四条的规定。")
PEOPLE = {"t1": ("李培训", "trainer"), "j1": ("赵评委", "staff"), "j2": ("钱评委", "staff"),
          "j3": ("孙评委", "staff"), "s1": ("周审计", "staff"), "s2": ("吴审计", "staff")}


@contextmanager
def contest_server(tmp_path, statutes_path, clock):
    app = create_app(app_config(tmp_path / "data", clock, CORPUS=str(statutes_path)))
    kb = services(app)
    Importer(kb.db).import_path(statutes_path)
    kb.citations.link_library()
    kb.departments.create(system_actor(), "审计一科")
    for username, (name, role) in PEOPLE.items():
        kb.users.create_user(system_actor(), NewUser(username, name, role, "审计一科", PASSWORD, False))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        kb.close()


@contextmanager
def person(chromium, url: str, username: str, viewport: str = "desktop"):
    with browser_page(chromium, viewport, url) as page:
        sign_in(page, username)
        page.wait_for_url(lambda address: "/login" not in address)
        page.on("dialog", lambda dialog: dialog.accept())
        yield page


def local(value: dt.datetime) -> str:
    return to_local(value).strftime("%Y-%m-%dT%H:%M")


def go_to_contest(page) -> None:
    open_nav(page)
    page.get_by_role("link", name="案例评比").click()
    page.get_by_role("link", name="2026年度审计案例评比").click()


def submit_case(page, title: str, coauthors: str = "") -> None:
    go_to_contest(page)
    page.get_by_role("link", name="提交参评案例").click()
    page.get_by_label("标题").fill(title)
    page.get_by_label("审计类型").select_option("预算执行")
    page.get_by_label("案例日期").fill("2026-01-05")
    page.get_by_label("合作作者（工号）").fill(coauthors)
    page.get_by_label("摘要").fill("被审计单位以涉密为由拒绝提供会计资料。")
    page.get_by_label("正文（Markdown）").fill(BODY)
    expect(page.locator("[data-preview-citations] a")).to_have_text(["《样例审计法》第四条"])


def score_all(page, points) -> None:
    page.get_by_role("link", name="我的评审").click()
    while page.get_by_role("link", name="评分", exact=True).count():
        page.get_by_role("link", name="评分", exact=True).first.click()
        for field, value in zip(page.locator("input[type=number]").all(), points):
            field.fill(str(value))
        page.get_by_label("评语").fill("定性准确，依据充分，处理恰当。")
        page.get_by_role("button", name="保存评分").click()
        expect(page.locator(".flash-success")).to_contain_text("已保存")


def test_a_contest_runs_end_to_end_in_the_browser(chromium, tmp_path, statutes_path):
    clock = FixedClock(START)
    with contest_server(tmp_path, statutes_path, clock) as url:
        with person(chromium, url, "t1") as trainer:
            open_nav(trainer)
            trainer.get_by_role("link", name="案例评比").click()
            trainer.get_by_role("link", name="发起评比").click()
            trainer.get_by_label("评比名称").fill("2026年度审计案例评比")
            trainer.get_by_label("征集开始").fill(local(START - dt.timedelta(hours=1)))
            trainer.get_by_label("征集截止").fill(local(START + dt.timedelta(days=7)))
            trainer.get_by_label("评委（工号）").fill("j1、j2、j3")
            shot(trainer, "contest-open")
            trainer.get_by_role("button", name="发起评比").click()
            expect(trainer.locator(".flash-success")).to_contain_text("案例评比已发起")
        with person(chromium, url, "s1") as s1:
            submit_case(s1, "甲县财政局拒绝提供资料案")
            shot(s1, "contest-entry-editor")
            s1.get_by_role("button", name="提交参评").click()
            expect(s1.locator(".flash-success")).to_contain_text("案例已提交参评")
            shot(s1, "contest-entry")
        with person(chromium, url, "s2") as s2:
            submit_case(s2, "乙镇违规采购案", coauthors="j3")
            s2.get_by_role("button", name="提交参评").click()
            expect(s2.locator(".flash-success")).to_contain_text("案例已提交参评")
        clock.set(START + dt.timedelta(days=8))
        for judge, points in (("j1", (28, 27, 18, 17)), ("j2", (25, 25, 16, 16)), ("j3", (27, 26, 17, 18))):
            with person(chromium, url, judge, "phone" if judge == "j2" else "desktop") as page:
                go_to_contest(page)
                if judge == "j2":
                    page.get_by_role("link", name="我的评审").click()
                    page.get_by_role("link", name="评分", exact=True).first.click()
                    shot(page, "contest-score-form")
                    page.go_back()
                    page.go_back()
                score_all(page, points)
                expect(page.locator("tbody tr")).to_have_count(2)
                if judge == "j3":
                    expect(page.get_by_text("回避（本人参与）")).to_be_visible()
                assert "周审计" not in page.content()  # blind judging
                shot(page, f"contest-judging-{judge}")
        with person(chromium, url, "t1") as trainer:
            go_to_contest(trainer)
            expect(trainer.locator("body")).to_contain_text("2 / 2")
            trainer.get_by_label("《甲县财政局拒绝提供资料案》的奖项").select_option("一等奖")
            trainer.get_by_label("《乙镇违规采购案》的奖项").select_option("二等奖")
            trainer.get_by_role("button", name="保存奖项").click()
            shot(trainer, "contest-results")
            trainer.get_by_role("button", name="公布结果").click()
            expect(trainer.locator(".flash-success")).to_contain_text("2 个获奖案例")
            trainer.get_by_role("link", name="预览案例汇编").click()
            expect(trainer.locator(".compilation-article").first).to_contain_text("审计机关有权要求")
            shot(trainer, "contest-compilation")
            with trainer.expect_download() as download:
                trainer.get_by_role("link", name="下载 Word 文档").click()
            texts = [p.text for p in Document(io.BytesIO(download.value.path().read_bytes())).paragraphs]
            assert texts[:2] == ["2026年度审计案例评比", "优秀案例汇编"] and "附：引用条文" in texts
        with person(chromium, url, "s1", "phone") as s1:
            go_to_contest(s1)
            expect(s1.get_by_role("heading", name="获奖名单")).to_be_visible()
            shot(s1, "contest-winners")
            s1.get_by_role("row", name="一等奖").get_by_role("link").click()
            expect(s1.locator(".badge-excellent")).to_have_text("优秀案例")
            expect(s1.locator("body")).to_contain_text("作者：周审计")
            shot(s1, "contest-library-case")
