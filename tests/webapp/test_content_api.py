"""The API of cases, the guide, the citation check and backlinks: roles, drafts,
optimistic locking and strict bodies."""
import pytest

from accounts.permissions import system_actor
from webapp.extensions import services

CASE = {"title": "辛县财政局无预算支出案", "audit_type": "预算执行", "case_date": "2023-03-01",
        "tags": ["无预算支出"], "summary": "预算外列支。",
        "body": "违反《样例财政法》第二条，依照《样例财政法》第三条第（一）项处理；另见《样例财政法》第八条。"}
BASIS = {"characterisation": [{"law": "样例财政法", "article_no": 2, "paragraph": 2, "note": "不得虚假列支"}],
         "sanction": [{"law": "样例财政法", "article_no": 3, "item": 2}]}


@pytest.fixture
def api(citing_app, accounts):
    """api(role) → a function calling the API with that role's bearer token."""
    tokens = services(citing_app).tokens
    client = citing_app.test_client()

    def as_role(role):
        token = tokens.issue(system_actor(), accounts[role]).token

        def call(method, url, **kwargs):
            return client.open(f"/api/v1{url}", method=method,
                               headers={"Authorization": f"Bearer {token}"}, **kwargs)
        return call
    return as_role


def test_cases_round_trip(api):
    trainer, staff = api("trainer"), api("staff")
    created = trainer("POST", "/cases", json=CASE)
    assert created.status_code == 201
    case = created.json
    assert case["status"] == "draft" and case["revision"] == 1 and case["unresolved"] == 1
    assert [c["status"] for c in case["citations"]] == ["resolved", "resolved", "no_such_article"]
    assert case["citations"][0]["url"].startswith("/laws/")
    assert staff("GET", f"/cases/{case['id']}").status_code == 404          # a draft
    assert staff("GET", "/cases").json["total"] == 0
    assert trainer("GET", "/cases?status=draft").json["items"][0]["title"] == CASE["title"]
    published = trainer("POST", f"/cases/{case['id']}/publish", json={"revision": 1})
    assert published.status_code == 200 and published.json["status"] == "published"
    read = staff("GET", f"/cases/{case['id']}").json
    assert read["body"] == CASE["body"] and '<a class="cite"' in read["html"]
    assert len(read["citations"]) == 3
    listing = staff("GET", "/cases?audit_type=预算执行&tag=无预算支出&q=辛县").json
    assert listing["total"] == 1 and listing["items"][0]["tags"] == ["无预算支出"]


def test_case_updates_name_their_revision(api):
    trainer = api("trainer")
    case = trainer("POST", "/cases", json={**CASE, "publish": True}).json
    changed = {**CASE, "body": "改写的正文", "revision": 1, "note": "改写"}
    assert trainer("PUT", f"/cases/{case['id']}", json=changed).json["revision"] == 2
    stale = trainer("PUT", f"/cases/{case['id']}", json=changed)
    assert stale.status_code == 409 and stale.json["error"]["code"] == "conflict"
    assert "当前为第2版" in stale.json["error"]["message"]
    assert trainer("PUT", f"/cases/{case['id']}", json={**CASE}).status_code == 400  # no revision
    assert trainer("PUT", "/cases/99999", json=changed).status_code == 404


def test_case_writes_need_a_trainer_and_a_clean_body(api):
    assert api("staff")("POST", "/cases", json=CASE).status_code == 403
    trainer = api("trainer")
    for body, message in (({**CASE, "colour": "red"}, "未知的字段：colour"),
                          ({**CASE, "tags": "无预算"}, "字段 tags 必须是字符串数组"),
                          ({**CASE, "case_date": "2023-02-30"}, "日期格式不正确"),
                          ({**CASE, "publish": "yes"}, "字段 publish 必须是 true 或 false"),
                          ({**CASE, "audit_type": "没有这种类型"}, "没有名为“没有这种类型”的审计类型"),
                          ({**CASE, "title": "   "}, "字段 title 必须是非空字符串"),
                          ({**CASE, "summary": None}, "字段 summary 不能为 null"),
                          ({**CASE, "tags": None}, "字段 tags 不能为 null")):
        response = trainer("POST", "/cases", json=body)
        assert response.status_code == 400 and message in response.json["error"]["message"], body
    assert trainer("POST", "/cases", data="x", content_type="text/plain").status_code == 400
    assert trainer("POST", "/cases", json={**CASE, "case_date": None}).status_code == 201    # nullable
    assert trainer("POST", "/cases", json={**CASE, "uid": "same"}).status_code == 201
    assert trainer("POST", "/cases", json={**CASE, "uid": "same"}).status_code == 409


def test_guide_api(api):
    staff, trainer = api("staff"), api("trainer")
    assert [e["slug"] for e in staff("GET", "/guide").json["items"]] == ["no-budget", "refusing-documents"]
    found = staff("GET", "/guide?q=未列入预算").json["items"]
    assert found[0]["slug"] == "no-budget" and found[0]["matched"]
    entry = staff("GET", "/guide/no-budget").json
    assert entry["characterisation"][0]["label"] == "《样例财政法》第二条第一款"
    assert "未列入预算的不得支出" in entry["characterisation"][0]["text"]
    new = {"slug": "false-spending", "title": "虚假列支", "keywords": ["虚列支出"], **BASIS}
    assert staff("POST", "/guide", json=new).status_code == 403
    created = trainer("POST", "/guide", json=new)
    assert created.status_code == 201 and created.json["sanction"][0]["resolved"] is True
    missing = trainer("POST", "/guide", json={**new, "slug": "other", "sanction": [{"law": "样例财政法", "article_no": 99}]})
    assert missing.status_code == 400 and "法规库中找不到" in missing.json["error"]["message"]
    updated = trainer("PUT", "/guide/false-spending", json={**new, "title": "虚列支出", "revision": 1})
    assert updated.status_code == 200 and updated.json["revision"] == 2
    assert trainer("PUT", "/guide/false-spending", json={**new, "revision": 1}).status_code == 409
    assert staff("GET", "/guide/no-such").status_code == 404
    nulls = trainer("POST", "/guide", json={**new, "slug": "n1", "advice": None})
    assert nulls.status_code == 400 and "字段 advice 不能为 null" in nulls.json["error"]["message"]
    nested = trainer("POST", "/guide", json={**new, "slug": "n2", "sanction": [
        {"law": "样例财政法", "article_no": 3, "note": None}]})
    assert nested.status_code == 400 and "字段 sanction[0].note 不能为 null" in nested.json["error"]["message"]
    item_null = trainer("POST", "/guide", json={**new, "slug": "n3", "sanction": [
        {"law": "样例财政法", "article_no": 3, "item": None}]})
    assert item_null.status_code == 201                                               # nullable


def test_citation_check_and_backlinks_api(api, citing_app, make_case):
    staff = api("staff")
    report = staff("POST", "/citations/check", json={
        "text": "该局存在无预算支出问题，违反了《样例财政法》第二条。另见《样例旧财政法》第一条。",
        "date": "2023-06-30"}).json
    assert [c["status"] for c in report["citations"]] == ["resolved", "repealed"]
    assert report["citations"][0]["url"] and report["citations"][1]["url"] is None
    assert report["warnings"][0]["kind"] == "missing_sanction"
    assert staff("POST", "/citations/check", json={"text": ""}).status_code == 400
    blank_date = staff("POST", "/citations/check", json={"text": "《样例财政法》第二条", "date": ""})
    assert blank_date.status_code == 400 and "省略或设为 null" in blank_date.json["error"]["message"]
    assert staff("POST", "/citations/check", json={"text": "《样例财政法》第二条", "date": None}).status_code == 200
    case = make_case("壬县案例", body="违反《中华人民共和国样例审计法》第四条。")
    law = services(citing_app).library.find_statute("样例审计法").id
    links = staff("GET", f"/laws/{law}/articles/4/backlinks").json
    assert [c["title"] for c in links["cases"]] == [case.title]
    assert [a["law_title"] for a in links["articles"]] == ["中华人民共和国样例财政法"]
    assert staff("GET", f"/laws/{law}/articles/99/backlinks").status_code == 404
    assert staff("GET", f"/laws/{law}/articles/4/backlinks?colour=red").status_code == 400
