"""The search page and GET /api/v1/search: one box over statutes, cases and the guide,
citations opening the article, suggestions, scopes, bad input; the index built from the
browser (a rebuild job, or the first import)."""
from __future__ import annotations

import pytest

from tests.support.environment import PASSWORD
from webapp.extensions import services
from tests.support.work_queue import run_queue


@pytest.fixture
def search_app(citing_app, make_case):
    make_case("某县财政局虚列会议费案", body="经查，该局虚列会议费支出十二万元，违反《中华人民共和国样例审计法》第四条。")
    services(citing_app).search.rebuild()
    return citing_app


@pytest.fixture
def staff_web(search_app, signed_in):
    return signed_in("staff")


def test_the_empty_page_explains_how_to_search(staff_web):
    page = staff_web.text("/search")
    assert "怎么检索" in page and "预算法第93条" in page
    assert '<a href="/search"' in page  # in the navigation


def test_a_citation_opens_the_article(staff_web, search_app):
    response = staff_web.get("/search?q=样例审计法第四条")
    assert response.status_code == 302
    statute = services(search_app).library.find_statute("样例审计法")
    assert response.location.startswith(f"/laws/{statute.id}/articles/4?version=")
    article = staff_web.text(response.location)
    assert "由检索“样例审计法第四条”直接打开" in article
    listing = staff_web.text("/search?q=样例审计法第四条&jump=0")
    assert "《样例审计法》第四条" in listing


def test_a_question_shows_the_guide_entry_above_highlighted_hits(staff_web):
    page = staff_web.text("/search?q=被审计单位拒绝提供资料怎么处理")
    guide, hits = page.index('class="card guide-hit"'), page.index('class="hit-list')
    assert guide < hits and "拒绝提供审计资料" in page[guide:hits]
    assert "定性依据" in page[guide:hits] and "/articles/4" in page[guide:hits]
    assert "<mark>" in page[hits:] and "《样例审计法》第四条" in page[hits:]


def test_a_misspelt_name_suggests_the_statute(staff_web):
    page = staff_web.text("/search?q=样例审记法")
    assert "您是不是要找" in page and "q=%E6%A0%B7%E4%BE%8B%E5%AE%A1%E8%AE%A1%E6%B3%95" in page


def test_scopes_narrow_to_cases_or_the_guide(staff_web):
    cases = staff_web.text("/search?q=虚列会议费&scope=cases")
    assert "某县财政局虚列会议费案" in cases and 'class="hit hit-case"' in cases
    assert 'class="hit hit-article"' not in cases
    guide = staff_web.text("/search?q=拒绝提供资料&scope=guide")
    assert 'class="hit hit-guide"' in guide and "/guide/refusing-documents" in guide
    laws = staff_web.text("/search?q=虚列会议费&scope=laws")
    assert "某县财政局虚列会议费案" not in laws


def test_filters_and_pages(staff_web):
    page = staff_web.text("/search?q=审计&level=法律&versions=all&jump=0")
    assert "2006-02-28 版" in page and "行政法规" not in page.split('class="hit-list')[1]
    dated = staff_web.text("/search?q=被审计单位 资料&law=样例审计法&date=2010-01-01")
    assert "2006-02-28 版" in dated and "2021-10-23 版" not in dated
    unknown = staff_web.text("/search?q=审计&law=不存在的法")
    assert "没有找到法规“不存在的法”" in unknown


@pytest.mark.parametrize("query, message", [
    ("q=" + "审" * 10_001, "参数 q 过长"),
    ("q=审计&level=条例", "效力级别只能是"),
    ("q=审计&page=1001", "页码不能超过"),
    ("q=审计&page=0", "参数 page 应为正整数"),
    ("q=审计&scope=everything", "范围只能是"),
    ("q=审计&date=2020-13-01", "日期"),
    ("q=审计&versions=old", "版本范围只能是"),
])
def test_bad_parameters_are_a_400_with_the_reason(staff_web, query, message):
    response = staff_web.get(f"/search?{query}")
    assert response.status_code == 400 and message in response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["审计" * 2_000, "条*", "审计 AND 资料 OR NOT", "body:审计 [a TO z]",
                                   "“被审计单位", "）））", "😀\u200b\x07", "？？？"])
def test_any_text_gets_a_page(staff_web, query):
    response = staff_web.get("/search", query_string={"q": query})
    assert response.status_code == 200
    assert "检索时出现内部错误" not in response.get_data(as_text=True)


def test_without_an_index_the_page_says_who_builds_it(citing_app, signed_in):
    web = signed_in("staff")
    assert "请联系系统管理员建立检索索引" in web.text("/search?q=审计")


def test_an_admin_builds_the_index_from_the_import_page(citing_app, signed_in):
    web = signed_in("admin")
    page = web.text("/admin/library/import")
    assert "检索索引尚未建立" in page and "建立检索索引" in page
    web.csrf("/admin/library/import")
    response = web.post("/admin/library/index")
    assert response.status_code == 302
    services(citing_app).runner.join(timeout=120)
    status = web.get(f"{response.location}/status").json
    assert status["status"] == "done" and "检索索引已重建" in status["message"]
    assert "前往检索" in web.text(response.location)
    assert "检索索引已建立" in web.text("/admin/library/import")
    assert web.get("/search?q=样例审计法第四条").status_code == 302
    events = web.text("/admin/audit")
    assert "开始重建检索索引" in events and "检索索引重建完成" in events


def test_the_rebuild_form_needs_its_csrf_token(citing_app, signed_in):
    web = signed_in("admin")
    response = web.client.post("/admin/library/index", data={})
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)
    assert not services(citing_app).search.is_built()


def test_staff_cannot_rebuild(citing_app, signed_in):
    web = signed_in("staff")
    assert web.post("/admin/library/index", token_from="/search").status_code == 403


def test_the_first_browser_import_builds_the_index(app, accounts, web, statutes_path):
    web.login("admin")
    web.csrf("/admin/library/import")
    web.post("/admin/library/import", {"path": str(statutes_path)})
    run_queue(services(app))
    assert services(app).search.is_built()
    assert web.get("/search?q=样例审计法第四条").status_code == 302


@pytest.fixture
def api(search_app, accounts):
    client = search_app.test_client()
    token = client.post("/api/v1/auth/token", json={"username": "staff", "password": PASSWORD}).json
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token['token']}"
    return client


def test_api_search_returns_the_hit_fields(api):
    body = api.get("/api/v1/search?q=样例审计法第四条&limit=3").json
    assert body["citation_only"] and body["citation"]["label"] == "第四条"
    hit = body["hits"][0]
    assert (hit["law_title"], hit["short_title"], hit["article_no"], hit["article_label"],
            hit["version_date"], hit["level"], hit["status"]) == (
        "中华人民共和国样例审计法", "样例审计法", 4, "第四条", "2021-10-23", "法律", "现行有效")
    assert isinstance(hit["score"], float) and hit["snippet"]
    question = api.get("/api/v1/search?q=拒绝提供资料怎么处理").json
    assert question["guide"][0]["slug"] == "refusing-documents"
    cases = api.get("/api/v1/search?q=虚列会议费&scope=cases").json
    assert cases["hits"][0]["details"]["audit_type"] == "预算执行"


@pytest.mark.parametrize("query, message", [
    ("", "缺少查询参数 q"), ("q=审计&limit=101", "每页条数不能超过"), ("q=审计&scope=x", "范围只能是"),
    ("q=审计&per_page=5", "未知的查询参数"),
])
def test_api_search_errors(api, query, message):
    response = api.get(f"/api/v1/search?{query}")
    assert response.status_code == 400 and message in response.json["error"]["message"]
