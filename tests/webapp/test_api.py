"""The JSON API: bearer tokens only, JSON everywhere, errors with reasons."""
import pytest

from tests.support.environment import PASSWORD
from webapp.extensions import services


@pytest.fixture
def api(loaded_app, accounts):
    client = loaded_app.test_client()
    response = client.post("/api/v1/auth/token", json={"username": "staff", "password": PASSWORD,
                                                        "name": "测试脚本"})
    assert response.status_code == 201, response.json
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {response.json['token']}"
    return client


def test_token_issue_me_and_revoke(api):
    me = api.get("/api/v1/me").json
    assert me["username"] == "staff" and me["role"] == "staff"
    assert api.delete("/api/v1/auth/token").json["revoked"] is True
    response = api.get("/api/v1/me")
    assert response.status_code == 401 and "吊销" in response.json["error"]["message"]


@pytest.mark.parametrize("body, status, message", [
    ({"username": "staff", "password": "wrong"}, 401, "用户名或密码错误"),
    ({"username": "staff"}, 400, "password"),
    ({"username": 1, "password": "x"}, 400, "username"),
    ([1, 2], 400, "JSON 对象"),
])
def test_token_errors(loaded_app, accounts, body, status, message):
    response = loaded_app.test_client().post("/api/v1/auth/token", json=body)
    assert response.status_code == status and message in response.json["error"]["message"]


def test_token_needs_json(loaded_app, accounts):
    response = loaded_app.test_client().post("/api/v1/auth/token", data="username=staff")
    assert response.status_code == 400 and "JSON" in response.json["error"]["message"]
    broken = loaded_app.test_client().post("/api/v1/auth/token", data="{not json",
                                           content_type="application/json")
    assert broken.status_code == 400


def test_first_login_password_blocks_tokens(loaded_app, add_user):
    add_user("temp", must_change_password=True)
    response = loaded_app.test_client().post("/api/v1/auth/token",
                                             json={"username": "temp", "password": PASSWORD})
    assert response.status_code == 403 and "修改初始密码" in response.json["error"]["message"]


def test_laws_list_filters_and_pages(api):
    data = api.get("/api/v1/laws?per_page=2").json
    assert data["total"] == 7 and len(data["items"]) == 2 and data["pages"] == 4
    laws = api.get("/api/v1/laws?level=法律&q=审计").json["items"]
    assert [law["title"] for law in laws] == ["中华人民共和国样例审计法"]
    assert laws[0]["version_count"] == 2 and laws[0]["status"] == "现行有效"
    local = api.get("/api/v1/laws?region=某省&status=现行有效").json["items"]
    assert [law["title"] for law in local] == ["某省样例审计条例"]
    assert api.get("/api/v1/laws?status=失效").status_code == 400


def test_legal_time_fields_of_a_law_and_an_article(api, loaded_app):
    law = services(loaded_app).library.find_statute("样例审计法").id
    data = api.get(f"/api/v1/laws/{law}/articles/1?date=2021-12-01").json
    assert (data["version_date"], data["in_force_on_date"], data["status"]) == ("2006-02-28", True, "现行有效")
    assert (data["promulgated"], data["effective"], data["effective_source"]) == ("2006-02-28", None, "none")
    assert data["repealed_on"] is None and data["repealed_by"] is None
    now = api.get(f"/api/v1/laws/{law}").json
    assert now["in_force_on_date"] is None and now["effective"] == "2022-01-01"
    assert now["effective_source"] == "header" and now["statute_status"] == "现行有效"
    before = api.get(f"/api/v1/laws/{law}?date=1990-01-01").json
    assert before["in_force_on_date"] is False and before["notice"].startswith("库中没有 1990-01-01 时有效的版本")


def test_law_with_versions_and_contents(api, loaded_app):
    law = services(loaded_app).library.find_statute("样例审计法").id
    data = api.get(f"/api/v1/laws/{law}").json
    assert [v["version_date"] for v in data["versions"]] == ["2006-02-28", "2021-10-23"]
    assert data["version"]["version_date"] == "2021-10-23"
    assert {"kind": "heading", "depth": 1, "text": "第一章 总 则"} in data["toc"]
    old = api.get(f"/api/v1/laws/{law}?date=2010-01-01").json
    assert old["version"]["version_date"] == "2006-02-28" and old["in_force_on_date"]


def test_article_by_date_and_version(api, loaded_app):
    law = services(loaded_app).library.find_statute("样例审计法").id
    now = api.get(f"/api/v1/laws/{law}/articles/4").json
    assert now["article_label"] == "第四条" and now["version_date"] == "2021-10-23"
    assert now["structure"][0]["items"][1]["subitems"] == ["1.电子数据；", "2.有关文档。"]
    then = api.get(f"/api/v1/laws/{law}/articles/4?date=2010-01-01").json
    assert then["version_date"] == "2006-02-28"
    assert api.get(f"/api/v1/laws/{law}/articles/3-1").json["article_suffix"] == 1
    assert api.get(f"/api/v1/laws/{law}/articles/第三条之一").status_code == 400  # the API is strict


@pytest.mark.parametrize("url, status, code", [
    ("/api/v1/laws/999999", 404, "not_found"),
    ("/api/v1/laws/1/articles/999", 404, "not_found"),
    ("/api/v1/laws/1/articles/x", 400, "bad_request"),
    ("/api/v1/laws/1/articles/4%0A", 400, "bad_request"),
    ("/api/v1/laws?per_page=500", 400, "bad_request"),
    ("/api/v1/laws?date=2020-01-01", 400, "bad_request"),  # /laws takes no date
    ("/api/v1/laws?per-page=5", 400, "bad_request"),
    ("/api/v1/laws/1?date=2020-02-30", 400, "bad_request"),
    ("/api/v1/search?q=审计&date=+", 400, "bad_request"),          # a blank is no date
    ("/api/v1/laws?per_page=%1C", 400, "bad_request"),            # nor a number
    ("/api/v1/search?q=审计&date=", 400, "bad_request"),           # the API takes no empty parameter
    ("/api/v1/nothing", 404, "not_found"),
])
def test_api_errors_are_json(api, url, status, code):
    response = api.get(url)
    assert response.status_code == status
    if code:
        assert response.json["error"]["code"] == code and response.json["error"]["message"]


def test_method_not_allowed_keeps_allow_header(api):
    response = api.put("/api/v1/laws")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]
    assert response.json["error"]["code"] == "method_not_allowed"


def test_session_cookie_writes_to_the_api_only_with_the_csrf_token(loaded_app, signed_in):
    """The cookie is the pages' scripts' identity on the API (autosave): it reads, but a
    write without the page's CSRF token — what a forged cross-site request is — is refused
    (tests/security/test_api_cookie.py has the rest)."""
    web = signed_in("admin")
    assert web.get("/api/v1/me").json["username"] == "admin"
    forged = web.client.post("/api/v1/guide", json={"slug": "x", "title": "x"})
    assert forged.status_code == 400 and "CSRF" in forged.json["error"]["message"]


def test_api_needs_no_csrf_token_but_a_bearer(loaded_app, accounts):
    client = loaded_app.test_client()
    assert client.delete("/api/v1/auth/token").status_code == 401
