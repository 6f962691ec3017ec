"""Bad input and safety: headers, size limits, escaping, and no 500 for junk."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.permissions import system_actor
from webapp.extensions import services
from webapp.security import CONTENT_SECURITY_POLICY


def test_security_headers_on_pages_and_api(loaded_app, client):
    for url in ("/login", "/api/v1/openapi.json", "/no/such/page"):
        headers = client.get(url).headers
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY and "script-src 'self'" in CONTENT_SECURITY_POLICY
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["Cache-Control"] == "no-store"


def test_static_files_are_cached_and_versioned(client):
    page = client.get("/login").get_data(as_text=True)
    assert "/static/app.css?v=" in page and "/static/app.js?v=" in page
    response = client.get("/static/app.css")
    assert response.status_code == 200 and "max-age=31536000" in response.headers["Cache-Control"]
    response.close()


def test_no_inline_script_or_style_in_any_page(loaded_app, signed_in):
    web = signed_in("admin")
    law = services(loaded_app).library.find_statute("样例审计法").id
    for url in ("/laws", f"/laws/{law}", f"/laws/{law}/articles/4", f"/laws/{law}/articles/4/compare",
                "/admin/users", "/admin/audit", "/me/account", "/admin/library/import"):
        page = web.text(url)
        assert "<script>" not in page and "<script " not in page.replace('<script src="', "")
        assert " style=" not in page and "onclick" not in page and "<style" not in page


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_request_size_limit(loaded_app, signed_in):
    web = signed_in("admin")
    web.csrf("/admin/users/import")
    # A raw body: werkzeug's multipart encoder would spool to a temporary file that a
    # refused (never read) request leaves to the garbage collector.
    response = web.client.post("/admin/users/import", data=b"0" * (9 * 1024 * 1024),
                               content_type="multipart/form-data; boundary=x")
    assert response.status_code == 413 and "大小限制" in response.get_data(as_text=True)
    api = web.client.post("/api/v1/auth/token", data=b"{" + b" " * (9 * 1024 * 1024) + b"}",
                          content_type="application/json")
    assert api.status_code == 413 and api.json["error"]["code"] == "too_large"


def test_user_supplied_text_is_escaped(loaded_app, signed_in, add_user):
    web = signed_in("admin")
    add_user("evil", department="<img src=x onerror=alert(1)>")
    page = web.text("/admin/users")
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img src=x" not in page
    search = web.text("/laws?q=<b>粗体</b>")
    assert "&lt;b&gt;粗体&lt;/b&gt;" in search and "<b>粗体</b>" not in search


JUNK = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
ROUTES = ["/laws?q={}", "/laws?level={}", "/laws?page={}", "/laws/1?version={}", "/laws/1?date={}",
          "/laws/1/articles/{}", "/laws/1/articles/4/compare?left={}", "/admin/users?department={}",
          "/admin/audit?since={}", "/api/v1/laws?per_page={}", "/api/v1/laws/1/articles/{}",
          "/me/favourites?page={}"]


@pytest.mark.parametrize("route", ROUTES)
def test_junk_never_breaks_a_route(loaded_app, signed_in, accounts, route):
    web = signed_in("admin")
    token = services(loaded_app).tokens.issue(system_actor(), accounts["admin"]).token

    @settings(max_examples=40, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(junk=JUNK)
    def probe(junk):
        from urllib.parse import quote
        url = route.format(quote(junk, safe=""))
        response = web.client.get(url, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code < 500, (url, response.status_code)

    probe()


@given(body=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_junk_bodies_never_break_the_token_endpoint(loaded_app, body):
    response = loaded_app.test_client().post("/api/v1/auth/token", data=body,
                                             content_type="application/json")
    assert response.status_code in (400, 401, 429) and "error" in response.json


@given(form=st.dictionaries(st.sampled_from(["username", "password", "next", "csrf_token", "x"]),
                            st.text(max_size=300), max_size=5))
@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_junk_forms_never_break_the_login_page(loaded_app, form):
    response = loaded_app.test_client().post("/login", data=form)
    assert response.status_code in (302, 400, 401, 429)
