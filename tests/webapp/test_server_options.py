"""gunicorn's settings (webapp/server.py) and the shipped nginx example agree: nginx closes
an idle upstream connection before gunicorn does, so no request is ever sent on a
connection the server is closing (the RemoteDisconnected of bench/web_load); and a worker
freezes what it has loaded for the garbage collector once its search preload is done."""
import gc
import re
from pathlib import Path

from quizzes.services import open_services
from tests.support.environment import make_settings
from webapp import config
from webapp.server import _preload_and_freeze, gunicorn_options

ROOT = Path(__file__).resolve().parents[2]


def defaults() -> dict:
    return {name: getattr(config, name) for name in dir(config) if name.isupper()}


def test_idle_connections_outlive_the_proxys_and_workers_restart_rarely():
    options = gunicorn_options(defaults(), None, None)
    nginx = (ROOT / "deploy" / "nginx" / "kb.conf").read_text(encoding="utf-8")
    proxy_idle = int(re.search(r"^\s*keepalive_timeout (\d+)s;", nginx, re.M).group(1))
    assert options["keepalive"] == 75 > proxy_idle
    assert options["worker_class"] == "webapp.gthread_worker.FreeThreadWorker" and options["worker_connections"] == 1000
    assert options["max_requests"] == 50000 and options["max_requests_jitter"] == 5000
    assert int(re.search(r"proxy_read_timeout (\d+)s;", nginx).group(1)) > options["timeout"]


def test_worker_recycling_can_be_turned_off():
    options = gunicorn_options({**defaults(), "MAX_REQUESTS": 0}, None, None)
    assert options["max_requests"] == 0 and options["max_requests_jitter"] == 0


def test_a_worker_freezes_what_it_loaded_once_the_preload_is_done(tmp_path):
    kb = open_services(make_settings(tmp_path))
    try:
        assert gc.get_freeze_count() == 0
        _preload_and_freeze(kb.search)
        # The app and its caches are out of the full collections' walk (170 ms a time over
        # the whole corpus), and those collections now see only what requests create.
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
        kb.close()
