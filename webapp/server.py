"""The production server: gunicorn (a real WSGI server) with N worker processes, each
building its own app — engines and connections are never shared across a fork.

`flask --app webapp serve --workers 4 --bind 0.0.0.0:8000`; defaults come from the
config (BIND, WORKERS, THREADS, WORKER_TIMEOUT, KEEPALIVE_SECONDS, MAX_REQUESTS).  The schema is migrated once here,
before any worker starts, so workers never race to create it.
"""
from __future__ import annotations

import gc
import threading
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask import current_app
from gunicorn.app.base import BaseApplication

from webapp.extensions import services
from webapp.metrics import prepare_multiprocess


class GunicornServer(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from webapp import create_app
        from webapp.metrics import prepare_worker
        prepare_worker()
        app = create_app()
        # jieba's dictionary and the index's statute names load now, not in the first search.
        services(app).search.warm()
        # The postings of the most frequent words, decoded while the first requests are served.
        threading.Thread(target=_preload_and_freeze, args=(services(app).search,),
                         name="search-preload", daemon=True).start()
        # Notices and imports the requests ask for go to the work queue; the worker
        # processes (`flask --app webapp worker`) do them.
        # One worker per data directory (a lock) applies the search change feed to this
        # server's index, builds it in the background when there is none, and prunes the
        # feed; the others take over when it goes (kb.search.follower).
        services(app).follower.start()
        return app


def _preload_and_freeze(search) -> None:
    """Preload the search postings, then move everything the worker has loaded (the app,
    jieba's dictionary, the index's caches) out of the cyclic garbage collector's sight
    (gc.freeze): a full collection walked all of it, 170 ms over the whole corpus, with
    every thread of the worker stopped: the slowest hundredth of the pages under load."""
    search.preload()
    gc.collect()
    gc.freeze()


def gunicorn_options(config, bind: str | None, workers: int | None) -> dict:
    max_requests = int(config["MAX_REQUESTS"])
    return {"bind": bind or config["BIND"], "workers": workers or int(config["WORKERS"]),
            "threads": int(config["THREADS"]),
            # gthread, taking connections only while a thread is free (see the module).
            "worker_class": "webapp.gthread_worker.FreeThreadWorker",
            "timeout": int(config["WORKER_TIMEOUT"]), "graceful_timeout": 30,
            # With LOG_FORMAT "json" the app writes the access lines itself (webapp.request_log).
            "accesslog": (config.get("ACCESS_LOG") or None) if config.get("LOG_FORMAT") == "text" else None,
            "errorlog": "-", "loglevel": "info",
            "limit_request_line": 8190, "limit_request_fields": 100,
            # Idle connections stay open longer than any proxy in front keeps them (config).
            "keepalive": int(config["KEEPALIVE_SECONDS"]),
            "worker_connections": int(config["WORKER_CONNECTIONS"]),
            # Recycle workers now and then, spread out so they never restart together.
            "max_requests": max_requests, "max_requests_jitter": max_requests // 10}


def run_server(bind: str | None = None, workers: int | None = None) -> None:
    options = gunicorn_options(current_app.config, bind, workers)
    services().close()  # the workers open their own connections
    # The workers' request and search timings are summed across processes (webapp.metrics).
    prepare_multiprocess(Path(current_app.config["DATA_DIR"]))
    click.echo(f"正在启动生产服务器：http://{options['bind']}/（{options['workers']} 个工作进程，"
               f"每个 {options['threads']} 个线程；按 Ctrl+C 停止）")
    GunicornServer(options).run()


@click.command("serve")
@with_appcontext
@click.option("--bind", "-b", help="监听地址，如 0.0.0.0:8000（默认取配置 BIND）")
@click.option("--workers", "-w", type=click.IntRange(1, 64), help="工作进程数（默认取配置 WORKERS）")
def serve(bind: str | None, workers: int | None):
    """用生产服务器（gunicorn）运行本系统。"""
    run_server(bind, workers)
