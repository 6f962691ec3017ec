"""审计案例 and 裁判案例 apart on the web: the search page's two case scopes, the API's
court_cases scope and kind fields, the case list's kind tabs, the article's backlinks."""
from __future__ import annotations

import pytest

from kb.cases.kinds import COURT_CASE_TYPE
from tests.support.environment import PASSWORD
from webapp.extensions import services

RULING = ("## 基本案情\n\n某公司虚列会议费，虚列会议费多次，虚列会议费金额巨大，"
          "违反《中华人民共和国样例审计法》第四条。\n\n## 裁判结果\n\n北京市第二中级人民法院二审维持。")


@pytest.fixture
def kinds_app(citing_app, make_case):
    """An audit case and a court ruling about 虚列会议费, both citing 样例审计法 第四条."""
    audit = make_case("某县财政局虚列会议费案",
                      body="经查，该局虚列会议费支出十二万元，违反《中华人民共和国样例审计法》第四条。")
    court = make_case("某公司虚列会议费纠纷案", audit_type=COURT_CASE_TYPE, body=RULING,
                      tags=("合同", "中级法院"))
    services(citing_app).search.rebuild()
    citing_app.config["CASES"] = (audit, court)
    return citing_app


@pytest.fixture
def staff_web(kinds_app, signed_in):
    return signed_in("staff")


@pytest.fixture
def api(kinds_app):
    client = kinds_app.test_client()
    token = client.post("/api/v1/auth/token", json={"username": "staff", "password": PASSWORD}).json
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token['token']}"
    return client


def test_the_search_page_offers_audit_and_court_cases_apart(staff_web):
    page = staff_web.text("/search?q=虚列会议费")
    assert ">审计案例</a>" in page and ">裁判案例</a>" in page and "scope=court_cases" in page
    audit = staff_web.text("/search?q=虚列会议费&scope=cases")
    assert "某县财政局虚列会议费案" in audit and "某公司虚列会议费纠纷案" not in audit
    assert 'class="kind-badge kind-audit">审计案例' in audit
    court = staff_web.text("/search?q=虚列会议费&scope=court_cases")
    assert "某公司虚列会议费纠纷案" in court and "某县财政局虚列会议费案" not in court
    assert 'class="hit hit-court_case"' in court and 'kind-badge kind-court">裁判案例' in court
    assert '<span class="tag">中级法院</span>' in court
    both = staff_web.text("/search?q=虚列会议费")
    assert "某县财政局虚列会议费案" in both and "某公司虚列会议费纠纷案" in both


def test_the_api_keeps_its_shape_with_a_court_cases_scope(api, kinds_app):
    audit, court = kinds_app.config["CASES"]
    cases = api.get("/api/v1/search?q=虚列会议费&scope=cases").json
    assert [(h["kind"], h["details"]["case_id"]) for h in cases["hits"]] == [("case", audit.id)]
    rulings = api.get("/api/v1/search?q=虚列会议费&scope=court_cases").json
    assert rulings["scope"] == "court_cases"
    assert [(h["kind"], h["details"]["case_kind"]) for h in rulings["hits"]] == [
        ("court_case", "court")]
    listed = api.get("/api/v1/cases?kind=court").json
    assert [(c["id"], c["kind"]) for c in listed["items"]] == [(court.id, "court")]
    wrong = api.get("/api/v1/cases?kind=x")
    assert wrong.status_code == 400 and "案例类别只能是" in wrong.json["error"]["message"]


def test_the_case_list_shows_and_filters_the_kind(staff_web):
    everything = staff_web.text("/cases")
    assert "kind-badge kind-audit" in everything and "kind-badge kind-court" in everything
    court = staff_web.text("/cases?kind=court")
    assert "某公司虚列会议费纠纷案" in court and "某县财政局虚列会议费案" not in court
    assert 'aria-current="page">裁判案例' in court
    assert staff_web.get("/cases?kind=x").status_code == 400


def test_backlinks_name_the_kind_of_each_citing_case(staff_web, kinds_app):
    statute = services(kinds_app).library.find_statute("样例审计法")
    page = staff_web.text(f"/laws/{statute.id}/articles/4")
    audit, court = page.index("某县财政局虚列会议费案"), page.index("某公司虚列会议费纠纷案")
    assert audit < court  # the bureau's own cases first
    assert page.count('kind-badge kind-audit">审计案例') >= 1
    assert page.count('kind-badge kind-court">裁判案例') >= 1
