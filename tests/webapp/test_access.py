"""Every registered route, every role: the access each route declares is what it enforces.

The walk reads the routes from the app itself, so blueprints added later are covered
without touching this file; a route that declares no access level fails here (and is
refused at run time).
"""
import pytest

from accounts.user import has_role
from accounts.permissions import system_actor
from tests.support.web import ROLES, Web
from webapp.extensions import services
from webapp.security import PUBLIC, access_level

SAMPLE_VALUES = {"int": "1", "default": "1", "string": "1", "path": "x"}


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        values = {arg: SAMPLE_VALUES.get(type(rule._converters[arg]).__name__.lower()
                                          .replace("converter", "").replace("bounded", ""), "1")
                  for arg in rule.arguments}
        url = app.url_map.bind("localhost").build(rule.endpoint, values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, url


def test_every_route_declares_its_access(loaded_app):
    undeclared = [e for e, _, _ in routes(loaded_app) if access_level(loaded_app, e) is None]
    assert not undeclared, f"routes without @access or blueprint.access: {undeclared}"


def test_admin_pages_are_admin_only_and_api_needs_a_token(loaded_app):
    for endpoint, _, url in routes(loaded_app):
        level = access_level(loaded_app, endpoint)
        if url.startswith("/admin"):
            assert level == "admin", endpoint
        if url.startswith("/api/") and endpoint not in ("api.tokens.issue", "api.openapi.openapi"):
            assert level != PUBLIC, endpoint
        if level == PUBLIC:
            # /readyz for the load balancer; /metrics answers only the loopback and the
            # configured networks (tests/webapp/test_operations.py).
            assert endpoint in {"auth.login", "main.health", "main.ready", "metrics.metrics",
                                "api.tokens.issue", "api.openapi.openapi"}, endpoint


@pytest.fixture
def identities(loaded_app, accounts):
    """A signed-in browser per role, and a function issuing a fresh API token per role."""
    browsers = {None: Web(loaded_app.test_client())}
    for role in ROLES:
        browsers[role] = Web(loaded_app.test_client())
        assert browsers[role].login(role).status_code == 302
    kb = services(loaded_app)

    def token(role):
        return kb.tokens.issue(system_actor(), accounts[role]).token
    return browsers, token


def call(loaded_app, identities, role, method, url):
    browsers, token = identities
    if url.startswith("/api/"):
        headers = {"Authorization": f"Bearer {token(role)}"} if role else {}
        return loaded_app.test_client().open(url, method=method, headers=headers, json={})
    return browsers[role].client.open(url, method=method)


# 阅卷: declared for 审计人员 (an admin may designate one 阅卷人); the domain refuses the
# others with 403.
GRADERS = {"marking.index", "marking.round_grading", "marking.save", "api.marking.round_grading",
           "api.marking.grade_answer", "api.marking.grade_part", "regrade.index", "regrade.show",
           "regrade.decide", "api.marking.regrade_queue", "api.marking.regrade_case", "api.marking.decide_regrade",
           "marking.choose_exemplary", "api.marking.choose_exemplary",
           # 案例评比: judging is the panel's (the domain refuses staff not on it with 403),
           # and results reach staff only once published.
           "case_contests.judging.index", "case_contests.judging.score", "api.contests.judging",
           "api.contests.score", "api.contests.results"}


def test_each_role_gets_exactly_its_access(loaded_app, identities):
    problems = []
    for endpoint, method, url in routes(loaded_app):
        level = access_level(loaded_app, endpoint)
        for role in (None,) + ROLES:
            response = call(loaded_app, identities, role, method, url)
            status = response.status_code
            allowed = level == PUBLIC or (role is not None and has_role(role, level))
            to_login = status == 302 and response.location.startswith("/login")
            # /readyz answers 503 by design here: this library has no search index yet.
            if status >= 500 and not (endpoint == "main.ready" and status == 503):
                problems.append((endpoint, method, role, status, "server error"))
            elif allowed and (status in (401, 403) or to_login) and endpoint != "auth.login" \
                    and not (endpoint in GRADERS and role == "staff" and status == 403):
                problems.append((endpoint, method, role, status, "refused but allowed"))
            elif not allowed and role is None and not (to_login or status == 401):
                problems.append((endpoint, method, role, status, "anonymous not sent to sign in"))
            elif not allowed and role is not None and status != 403:
                problems.append((endpoint, method, role, status, "not refused"))
    assert not problems


def test_json_errors_on_the_api_and_pages_elsewhere(loaded_app, identities):
    anonymous = loaded_app.test_client().get("/api/v1/laws")
    assert anonymous.status_code == 401 and anonymous.json["error"]["code"] == "unauthorized"
    assert anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    browsers, _ = identities
    page = browsers["staff"].client.get("/admin/users")
    assert page.status_code == 403 and "没有权限" in page.get_data(as_text=True)
