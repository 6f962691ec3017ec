"""审计案例 and 裁判案例 apart, in a real browser at the desktop and the 375-px phone
viewport: a reader searches, sees each hit's kind, and switches between the two case
scopes; the case list filters by kind.  Screenshots: test-artifacts/screenshots
(*-case-kinds-*)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.permissions import SYSTEM
from kb.cases.kinds import COURT_CASE_TYPE
from kb.cases.values import CaseInput
from tests.support.browser import VIEWPORTS, browser_page, serving, shot, sign_in

pytestmark = pytest.mark.browser
AUDIT_CASES = (
    ("甲县财政局虚列会议费案", "预算执行", ("虚列支出", "会议费"),
     "## 审计发现\n\n该局以虚构会议名义虚列会议费支出十二万元。"),
    ("乙市住建局虚列工程款案", "政府投资", ("虚列支出", "工程款"),
     "## 审计发现\n\n该局虚列工程款支出，资金转入下属单位账户。"),
)
COURT_CASES = (
    ("某公司诉某酒店虚列会议费服务合同纠纷案", ("消费购物", "服务合同", "中级法院"),
     "## 基本案情\n\n酒店虚列会议费，虚列会议费多次，虚列会议费金额较大。\n\n"
     "## 裁判结果\n\n某市中级人民法院二审维持原判。"),
)


@pytest.fixture(scope="module")
def kinds_server(tmp_path_factory, statutes_path):
    with serving(tmp_path_factory.mktemp("kinds-browser"), statutes_path, load=True) as (url, kb):
        for title, audit_type, tags, body in AUDIT_CASES:
            kb.cases.create_case(SYSTEM, CaseInput(title, audit_type, body, tags), publish=True)
        for title, tags, body in COURT_CASES:
            kb.cases.create_case(SYSTEM, CaseInput(title, COURT_CASE_TYPE, body, tags),
                                 publish=True)
        kb.search.rebuild()
        yield url, kb


@pytest.fixture(params=sorted(VIEWPORTS))
def page(request, chromium, kinds_server):
    with browser_page(chromium, request.param, kinds_server[0]) as page:
        yield page


def test_a_reader_sees_audit_and_court_cases_apart(page):
    sign_in(page, f"auditor-{page.viewport_name}")
    page.goto(page.base_url + "/search?q=虚列会议费")
    hits = page.locator(".hit-list")
    expect(hits.locator(".kind-badge", has_text="审计案例").first).to_be_visible()
    expect(hits.locator(".kind-badge", has_text="裁判案例")).to_be_visible()
    shot(page, "case-kinds-all")

    page.get_by_role("navigation", name="检索范围").get_by_role("link", name="审计案例").click()
    expect(page.locator(".hit-case").first).to_be_visible()
    expect(page.locator(".hit-court_case")).to_have_count(0)
    expect(page.locator(".hit-list")).to_contain_text("甲县财政局虚列会议费案")
    shot(page, "case-kinds-audit")

    page.get_by_role("navigation", name="检索范围").get_by_role("link", name="裁判案例").click()
    expect(page.locator(".hit-court_case")).to_have_count(1)
    expect(page.locator(".hit-case")).to_have_count(0)
    expect(page.locator(".hit-court_case")).to_contain_text("中级法院")
    shot(page, "case-kinds-court")

    page.goto(page.base_url + "/cases")
    page.get_by_role("navigation", name="案例类别").get_by_role("link", name="裁判案例").click()
    expect(page.locator(".case-list li")).to_have_count(1)
    expect(page.locator(".case-list")).to_contain_text("某公司诉某酒店虚列会议费服务合同纠纷案")
    shot(page, "case-kinds-list")
