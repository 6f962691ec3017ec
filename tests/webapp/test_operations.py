"""Operations endpoints: /readyz (database, migrations, search index → 200, else 503 naming
what is not ready), /healthz, and /metrics (Prometheus text, loopback or the configured
networks only)."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from core.db import Database
from kb.readiness import ReadinessCheck
from tests.support.web import Web, app_config
from webapp import create_app
from webapp.extensions import services


def test_ready_when_database_migrations_and_index_are(loaded_app, client):
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "not_ready" and body["not_ready"] == ["search_index"]
    assert "检索索引尚未建立" in body["checks"]["search_index"]
    assert body["checks"]["database"] == "ok" and body["checks"]["migrations"] == "ok"
    services(loaded_app).search.rebuild()
    response = client.get("/readyz")
    assert response.status_code == 200 and response.get_json()["status"] == "ready"
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get("/healthz").status_code == 200


def test_not_ready_while_the_index_is_being_built(loaded_app, client):
    services(loaded_app).search.store.mark_building(300, 1200)
    body = client.get("/readyz").get_json()
    assert "索引正在建立" in body["checks"]["search_index"] and "25%" in body["checks"]["search_index"]


def test_not_ready_when_the_schema_is_behind_the_code(loaded_app, client):
    kb = services(loaded_app)
    kb.search.rebuild()
    with kb.db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0019'"))
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["not_ready"] == ["migrations"] and "0019" in body["checks"]["migrations"]


def test_not_ready_when_the_database_cannot_be_reached(loaded_app):
    kb = services(loaded_app)
    kb.search.rebuild()
    nowhere = Database("postgresql+psycopg://kb@127.0.0.1:9/kb?connect_timeout=2")
    readiness = ReadinessCheck(nowhere, kb.search).check()
    nowhere.dispose()
    assert not readiness.ready
    assert "数据库无法连接" in readiness.checks["database"]
    assert readiness.checks["search_index"] == "ok"


def test_metrics_from_the_loopback(loaded_app, client, make_case, accounts):
    kb = services(loaded_app)
    kb.search.rebuild()
    case = make_case(title="甲县虚列支出案")
    web = Web(client)
    web.login(accounts["staff"].username)
    assert web.get(f"/cases/{case.id}").status_code == 200
    assert web.get("/search?q=虚列支出").status_code == 200
    response = client.get("/metrics")
    assert response.status_code == 200 and response.content_type.startswith("text/plain")
    body = response.get_data(as_text=True)
    assert 'kb_http_request_duration_seconds_count{endpoint="cases.show",method="GET",status="200"}' in body
    assert f"/cases/{case.id}" not in body  # routes by name, never raw paths
    assert "kb_search_duration_seconds_count" in body
    assert "kb_open_attempts 0.0" in body
    assert "kb_search_index_ready 1.0" in body
    head = [line for line in body.splitlines() if line.startswith("kb_search_feed_head ")]
    assert head and float(head[0].split()[1]) > 0


def test_metrics_are_hidden_from_other_networks(app, client):
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert response.status_code == 404
    assert "kb_http" not in response.get_data(as_text=True)


def test_a_configured_network_may_read_metrics(tmp_path, clock):
    app = create_app(app_config(tmp_path / "data", clock, METRICS_ALLOWED_NETWORKS="10.1.0.0/16, 192.168.5.0/24"))
    try:
        client = app.test_client()
        assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
        assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.2.0.1"}).status_code == 404
        assert client.get("/metrics", environ_base={"REMOTE_ADDR": "::ffff:192.168.5.9"}).status_code == 200
    finally:
        services(app).close()


def test_a_malformed_network_stops_the_app_with_its_name(tmp_path, clock):
    with pytest.raises(ValueError, match="METRICS_ALLOWED_NETWORKS 中的“10.1.0/33”不是有效的网段"):
        create_app(app_config(tmp_path / "data", clock, METRICS_ALLOWED_NETWORKS="10.1.0/33"))


def test_search_page_and_api_say_the_index_is_being_built(loaded_app, client, accounts):
    services(loaded_app).search.store.mark_building(1830, 4900)
    web = Web(client)
    web.login(accounts["staff"].username)
    page = web.text("/search?q=审计机关")
    assert page.count("索引正在建立（已完成 37%，1,830/4,900 篇）") == 1
    assert "条结果" not in page
    body = client.get("/api/v1/search?q=审计机关").get_json()
    assert body["index_building"] is True and body["hits"] == []
    assert body["message"].startswith("索引正在建立")
