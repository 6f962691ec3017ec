"""The Prometheus endpoint `/metrics` and what it measures (prometheus-client).

Measured in each process: request latency by route (the endpoint's name, never the raw
path, so /cases/12 and /cases/13 are one series), and search latency (the search
service's timers).  Read from the database at each scrape (quizzes.gauges): jobs by kind
and state, notice deliveries by channel and state, attempts in progress, the search change
feed's head beside this server's index position.

gunicorn runs several worker processes and a scrape reaches only one of them, so under
`flask --app webapp serve` the per-process figures go through prometheus-client's
multiprocess mode: `run_server` points PROMETHEUS_MULTIPROC_DIR at a fresh directory of the
data directory before the workers start, each worker writes its samples there, and a
scrape sums them.  Elsewhere (tests, `flask run`) one process keeps them in memory.

The endpoint answers only the loopback and the networks of METRICS_ALLOWED_NETWORKS (CIDRs,
comma-separated); any other client gets the ordinary 404, as if it did not exist.  Behind
a reverse proxy, set TRUSTED_PROXIES so that the client's own address is the one checked.
"""
from __future__ import annotations

import ipaddress
import os
import shutil
import time
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, g, request
from prometheus_client import (CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest,
                               multiprocess, values)
from prometheus_client.core import GaugeMetricFamily

from core.private_files import private_directory
from webapp.extensions import services
from webapp.security import PUBLIC, access

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
LOOPBACK = ("127.0.0.0/8", "::1/128")
KEY = "metrics"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)

bp = Blueprint("metrics", __name__)


class Instruments:
    """This process's histograms (one set per process: a forked worker makes its own)."""

    def __init__(self):
        multi = bool(os.environ.get(MULTIPROC_ENV))
        # In multiprocess mode samples go to files, not to a registry of this process.
        self.registry = None if multi else CollectorRegistry()
        self.requests = Histogram("kb_http_request_duration_seconds", "请求耗时（按路由）",
                                  ["endpoint", "method", "status"], buckets=LATENCY_BUCKETS,
                                  registry=self.registry)
        self.searches = Histogram("kb_search_duration_seconds", "检索耗时", buckets=LATENCY_BUCKETS,
                                  registry=self.registry)


_instruments: tuple[int, Instruments] | None = None


def instruments() -> Instruments:
    global _instruments
    if _instruments is None or _instruments[0] != os.getpid():
        _instruments = (os.getpid(), Instruments())
    return _instruments[1]


def parse_networks(setting) -> tuple:
    """The loopback plus the configured CIDRs; a malformed one stops the app with its name."""
    items = setting.split(",") if isinstance(setting, str) else list(setting or ())
    networks = []
    for item in [*LOOPBACK, *(str(i).strip() for i in items)]:
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"METRICS_ALLOWED_NETWORKS 中的“{item}”不是有效的网段（例如 10.0.0.0/8）") from None
    return tuple(networks)


def is_allowed(address: str | None, networks) -> bool:
    try:
        ip = ipaddress.ip_address((address or "").split("%")[0])
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip in network for network in networks if network.version == ip.version)


class DatabaseCollector:
    """Gauges counted in the database at each scrape, the same whichever process answers."""

    def __init__(self, app: Flask):
        self.app = app

    def collect(self):
        kb = services(self.app)
        figures = kb.gauges.read()
        jobs = GaugeMetricFamily("kb_jobs", "后台任务数（按类型和状态；queued 为排队深度，failed 为失败）",
                                 labels=["kind", "state"])
        for (kind, state), count in sorted(figures.jobs.items()):
            jobs.add_metric([kind, state], count)
        deliveries = GaugeMetricFamily("kb_notice_deliveries", "外发通知数（按渠道和状态）",
                                       labels=["channel", "state"])
        for (channel, state), count in sorted(figures.deliveries.items()):
            deliveries.add_metric([channel, state], count)
        position = kb.search.store.read_position() or {}
        yield jobs
        yield deliveries
        yield GaugeMetricFamily("kb_open_attempts", "正在作答的答卷数", value=figures.open_attempts)
        yield GaugeMetricFamily("kb_search_feed_head", "检索变更记录的最新编号", value=figures.feed_head)
        yield GaugeMetricFamily("kb_search_index_position", "本服务器检索索引已应用到的变更编号",
                                value=int(position.get("watermark") or 0))
        yield GaugeMetricFamily("kb_search_index_ready", "本服务器检索索引是否可用（1 可用）",
                                value=1 if kb.search.is_built() else 0)


@bp.get("/metrics")
@access(PUBLIC)
def metrics():
    app = current_app._get_current_object()
    if not is_allowed(request.remote_addr, app.extensions[KEY]):
        abort(404)
    registry = CollectorRegistry()
    if os.environ.get(MULTIPROC_ENV):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = instruments().registry
    scrape = CollectorRegistry()
    scrape.register(DatabaseCollector(app))
    body = generate_latest(registry) + generate_latest(scrape)
    return Response(body, content_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})


def init_app(app: Flask) -> None:
    app.extensions[KEY] = parse_networks(app.config.get("METRICS_ALLOWED_NETWORKS"))
    app.register_blueprint(bp)
    services(app).search.timers.append(lambda seconds: instruments().searches.observe(seconds))

    @app.before_request
    def start_timer():
        g.request_started = time.perf_counter()

    @app.after_request
    def observe(response):
        started = g.get("request_started")
        if started is not None:
            instruments().requests.labels(request.endpoint or "unmatched", request.method,
                                          str(response.status_code)).observe(time.perf_counter() - started)
        return response


def prepare_multiprocess(data_dir: Path) -> None:
    """Before gunicorn starts its workers: a fresh directory for their samples (old files
    would add a previous run's counts)."""
    directory = Path(data_dir) / "metrics"
    shutil.rmtree(directory, ignore_errors=True)
    private_directory(directory)
    os.environ[MULTIPROC_ENV] = str(directory)


def prepare_worker() -> None:
    """In a new gunicorn worker: write samples to the multiprocess directory (the value
    class is chosen from the environment, read here again after the fork)."""
    values.ValueClass = values.get_value_class()
