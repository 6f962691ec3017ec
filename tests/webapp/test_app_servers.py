"""Two app servers on one PostgreSQL (issue 17): each `flask --app webapp serve` with its
own data directory and index.  The second starts with an empty data directory and builds
its index from the database in the background; a case published through one is found by
search on the other within 10 s; after SIGKILL of one, the other still serves and still
follows the feed."""
from __future__ import annotations

import time

import pytest

from tests.support.app_servers import AppServer, Client, prepare_library

# The bound for a change on one server to be found on another.
FEED_SECONDS = 10
BODY = "## 定性\n\n该局以虚列支出方式套取财政资金{marker}，设立账外账户。"


@pytest.fixture
def servers(shared_database, tmp_path):
    prepare_library(shared_database, tmp_path / "setup")
    started = [AppServer(name, tmp_path / name, shared_database) for name in ("server-a", "server-b")]
    yield started
    for server in started:
        server.stop()


def found_within(client: Client, words: str, title: str, seconds: float) -> float | None:
    """Seconds until `title` is among the hits for `words`, or None after `seconds`."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        answer = client.search_cases(words)
        if answer.status == 200 and title in [h["law_title"] for h in answer.body["hits"]]:
            return time.monotonic() - start
        time.sleep(0.2)
    return None


def test_a_case_published_on_one_server_is_found_on_the_other(servers):
    a, b = servers
    for server in servers:
        ready = server.wait_ready()
        assert ready.body["checks"] == {"database": "ok", "migrations": "ok", "search_index": "ok"}
    assert (b.data_dir / "index" / "CURRENT").is_file()  # built from the database on start
    trainer = Client(a.base, "trainer1")
    reader = Client(b.base, "staff1")
    case = trainer.publish_case("某局虚列支出套取资金案", BODY.format(marker="一"))
    assert found_within(reader, "虚列支出 套取", case["title"], FEED_SECONDS) is not None

    a.kill()
    assert b.get("/readyz").status == 200
    assert b.get("/healthz").status == 200
    writer = Client(b.base, "trainer1")
    second = writer.publish_case("某局虚列支出设立小金库案", BODY.format(marker="二"))
    assert found_within(reader, "小金库 虚列支出", second["title"], FEED_SECONDS) is not None
    assert found_within(reader, "虚列支出 套取", case["title"], 1) is not None
