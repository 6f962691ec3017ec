"""Structured logs: one JSON access line per request (time, method, endpoint, status,
duration, user id, request id) and errors as JSON lines with their traceback."""
import json
import logging

import pytest
from flask import Blueprint

from tests.support.web import Web, app_config
from webapp import create_app
from webapp.extensions import services
from webapp.request_log import JsonErrorFormatter
from webapp.security import PUBLIC, access


@pytest.fixture
def logged_app(tmp_path, database_url, clock, statutes_path):
    """An app writing its access lines to a file; one route that fails."""
    log = tmp_path / "access.log"
    app = create_app(app_config(tmp_path / "data", clock, CORPUS=str(statutes_path),
                                DATABASE_URL=database_url, ACCESS_LOG=str(log)))
    broken = Blueprint("broken", __name__)

    @broken.get("/broken")
    @access(PUBLIC)
    def fail():
        raise RuntimeError("故意的错误")
    app.register_blueprint(broken)
    app.access_log = log
    yield app
    services(app).close()


def lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_one_json_line_per_request_with_the_user_and_the_request_id(logged_app, add_user, accounts):
    web = Web(logged_app.test_client())
    assert web.login("staff").status_code == 302
    response = web.client.get("/laws", headers={"X-Request-ID": "lb-0123456789abcdef"})
    assert response.headers["X-Request-ID"] == "lb-0123456789abcdef"
    anonymous = logged_app.test_client().get("/laws/no-such-page")
    entries = lines(logged_app.access_log)
    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("GET", "/login", 200), ("POST", "/login", 302), ("GET", "/laws", 200),
        ("GET", "/laws/no-such-page", 404)]
    laws = entries[2]
    assert laws["endpoint"] == "library.index" and laws["user_id"] == accounts["staff"].id
    assert laws["request_id"] == "lb-0123456789abcdef" and laws["duration_ms"] >= 0
    assert set(laws) >= {"time", "method", "endpoint", "status", "duration_ms", "user_id", "request_id"}
    assert entries[0]["user_id"] is None and entries[3]["user_id"] is None
    # An id made here when none (or a malformed one) came with the request.
    assert len(anonymous.headers["X-Request-ID"]) == 32
    assert entries[3]["request_id"] == anonymous.headers["X-Request-ID"]
    bad = logged_app.test_client().get("/login", headers={"X-Request-ID": "evil\"id with spaces"})
    assert bad.headers["X-Request-ID"] != "evil\"id with spaces"


def test_an_error_is_one_json_line_with_its_traceback(logged_app, caplog):
    with caplog.at_level(logging.ERROR, logger="webapp"):
        response = logged_app.test_client().get("/broken", headers={"X-Request-ID": "req-12345678"})
    assert response.status_code == 500 and "故意的错误" not in response.get_data(as_text=True)
    record = next(r for r in caplog.records if r.exc_info)
    assert any(isinstance(h.formatter, JsonErrorFormatter) for h in logged_app.logger.handlers)
    with logged_app.test_request_context("/broken", headers={"X-Request-ID": "req-12345678"}):
        entry = json.loads(JsonErrorFormatter().format(record))
    assert entry["type"] == "error" and entry["request_id"] == "req-12345678"
    assert "RuntimeError: 故意的错误" in entry["traceback"] and entry["path"] == "/broken"
    access_line = lines(logged_app.access_log)[-1]
    assert (access_line["status"], access_line["request_id"]) == (500, "req-12345678")


def test_text_format_leaves_the_access_log_to_gunicorn(tmp_path, database_url, clock):
    from webapp.server import gunicorn_options
    app = create_app(app_config(tmp_path / "data", clock, DATABASE_URL=database_url,
                                ACCESS_LOG=str(tmp_path / "a.log"), LOG_FORMAT="text"))
    try:
        app.test_client().get("/login")
        assert not (tmp_path / "a.log").exists()
        assert gunicorn_options(app.config, None, None)["accesslog"] == str(tmp_path / "a.log")
        app.config["LOG_FORMAT"] = "json"
        assert gunicorn_options(app.config, None, None)["accesslog"] is None
    finally:
        services(app).close()
