"""Load benchmark: the whole corpus, the production server, 20 concurrent signed-in clients
on the search page (the evaluation queries of bench/search_eval.json), article pages and
statute (table of contents) pages.

Usage: python -m bench.web_load [--clients 20] [--requests 4000] [--runs 3] [--workers 2]
       [--data-dir DIR] [--corpus PATH] [--no-resend] [--server-log FILE]
The data directory (default bench/out/web-data) is imported and indexed once and reused.  Every run
starts `python -m webapp serve` (gunicorn) on a free loopback port, signs the clients in,
warms up, then sends a bounded number of requests.  Prints requests/s, p50/p95/p99 latency
and errors per run and the medians over runs.  Targets (issue F): ≥ 100 req/s, p95 ≤ 300 ms,
no errors.  Traffic goes to 127.0.0.1 only.

A client resends a GET whose reused keep-alive connection the server closed, as browsers
do, and counts it apart ("idle connections reopened"); `--no-resend` counts it as an error
instead, which is what a client that cannot resend sees (nginx with a POST: a 502).
`--server-log FILE` keeps gunicorn's own log (worker boots, restarts, timeouts).
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from bench.search_eval import load_queries
from core.progress import progress_bar
from kb.importer import Importer
from kb.library import article_slug
from kb.models import KIND_ARTICLE, STATUS_CURRENT, StatuteVersion, Unit
from accounts.permissions import system_actor
from quizzes.services import Services, open_services
from core.settings import Settings, sqlite_url
from accounts.user_admin import NewUser

ROOT = Path(__file__).resolve().parent.parent
USERNAME = "bench-reader"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
MAX_SECONDS = 300  # a run stops here whatever --requests says


def prepare(data_dir: Path, corpus: Path, password: str) -> list[str]:
    """Import the corpus if needed, (re)set the bench account, sample the URLs to fetch."""
    kb = open_services(Settings(data_dir, sqlite_url(data_dir), corpus))
    try:
        if kb.catalogue.is_empty():
            with progress_bar("导入法规") as update:
                Importer(kb.db, update).import_path(corpus)
        if not kb.search.is_built():
            with progress_bar("建立检索索引") as update:
                kb.search.rebuild(update)
        user = kb.users.find_user(USERNAME)
        if user is None:
            kb.users.create_user(system_actor("bench"), NewUser(USERNAME, "压测读者", "staff", None, password, False))
        else:
            kb.users.set_password(system_actor("bench"), user.id, password)
        return sample_urls(kb)
    finally:
        kb.close()


def sample_urls(kb: Services, articles: int = 400, statutes: int = 100,
                searches: int = 300) -> list[str]:
    """Search pages, article pages and statute pages of current versions, 3:4:1, in a fixed
    random order.  Searches are the evaluation queries (questions, keywords, citations with
    jump=0 so the result list is rendered, names, misspellings)."""
    rng = random.Random(20260302)
    with kb.db.session() as session:
        rows = session.execute(select(StatuteVersion.statute_id, Unit.article_no, Unit.article_suffix)
                               .join(Unit, Unit.version_id == StatuteVersion.id)
                               .where(StatuteVersion.status == STATUS_CURRENT,
                                      Unit.kind == KIND_ARTICLE)).all()
    picked = rng.sample(rows, min(articles, len(rows)))
    urls = [f"/laws/{sid}/articles/{article_slug(no, suffix)}" for sid, no, suffix in picked]
    statute_ids = sorted({sid for sid, _, _ in rows})
    urls += [f"/laws/{sid}" for sid in rng.sample(statute_ids, min(statutes, len(statute_ids)))]
    queries = [entry["query"] for entry in load_queries()]
    urls += ["/search?" + urllib.parse.urlencode({"q": q, "jump": 0})
             for q in (queries * (searches // len(queries) + 1))[:searches]]
    rng.shuffle(urls)
    return urls


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_cpu_seconds(process: subprocess.Popen) -> float:
    """CPU time (user + system) used so far by the server: the gunicorn master and its workers,
    read from /proc.  The difference over a run divided by the requests is the server's CPU
    per request, a figure the other load on a shared machine does not change (latency does)."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if process.pid in (pid, ppid):
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def start_server(data_dir: Path, port: int, workers: int, threads: int,
                 log: Path | None = None, database_url: str | None = None) -> subprocess.Popen:
    """`python -m webapp serve` on the data directory (its SQLite file, or `database_url`),
    returned once /healthz answers."""
    env = {**os.environ, "KB_DATA_DIR": str(data_dir), "KB_ACCESS_LOG": "", "KB_THREADS": str(threads)}
    # Named always: a DATABASE_URL in the caller's environment must not move a SQLite run.
    env["KB_DATABASE_URL"] = database_url or sqlite_url(data_dir)
    output = open(log, "a", encoding="utf-8") if log else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen([sys.executable, "-m", "webapp", "serve", "--bind", f"127.0.0.1:{port}",
                                "--workers", str(workers)], cwd=ROOT, env=env,
                               stdout=output, stderr=output)
    if log:
        output.close()   # the server holds its own copy
    deadline = time.monotonic() + 120
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                connection.close()
                return process
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise SystemExit("服务器未能启动") from None
            time.sleep(0.2)


@dataclass
class Client:
    port: int
    password: str
    cookie: str = ""
    latencies: list[float] = field(default_factory=list)
    by_page: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    # Idle keep-alive connections the server had closed, reopened and the GET resent.
    reconnects: int = 0
    resend: bool = True

    def connect(self) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def fetch(self, method: str, url: str, body: str | None = None):
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, url, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closes a keep-alive connection idle for its keepalive time (2 s in
            # gunicorn), e.g. while the other clients finish warming up on a loaded machine.
            # A GET that got no answer on a reused connection is resent on a new one, as
            # browsers do (RFC 9112 §9.3.1.1); anything else is an error.
            if method != "GET" or not self.resend:
                raise
            self.reconnects += 1
            self.connect()
            self.connection.request(method, url, body=body, headers=headers)
            response = self.connection.getresponse()
        data = response.read()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, data

    def sign_in(self) -> None:
        self.connect()
        _, page = self.fetch("GET", "/login")
        token = _CSRF.search(page.decode()).group(1)
        form = urllib.parse.urlencode({"csrf_token": token, "username": USERNAME, "password": self.password})
        status, _ = self.fetch("POST", "/login", form)
        if status != 302:
            raise SystemExit(f"登录失败：HTTP {status}")

    def run(self, urls: list[str], count: int, stop_at: float, record: bool = True) -> None:
        for url in urls[:count]:
            if time.monotonic() > stop_at:
                return
            start = time.perf_counter()
            try:
                status, _ = self.fetch("GET", url)
            except (OSError, http.client.HTTPException) as error:
                self.errors.append(f"{url}: {error.__class__.__name__}")
                self.connect()
                continue
            if record:
                self.latencies.append(time.perf_counter() - start)
                self.by_page.setdefault(page_kind(url), []).append(self.latencies[-1])
                if status != 200:
                    self.errors.append(f"{url}: HTTP {status}")


def page_kind(url: str) -> str:
    return "search" if url.startswith("/search") else "article" if "/articles/" in url else "statute"


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000 if values else 0.0


def one_run(args, data_dir: Path, password: str, urls: list[str]) -> dict:
    port = free_port()
    server = start_server(data_dir, port, args.workers, args.threads,
                          Path(args.server_log) if args.server_log else None)
    try:
        clients = [Client(port, password, resend=not args.no_resend) for _ in range(args.clients)]
        signing_in = time.perf_counter()
        for client in clients:
            client.sign_in()
        # The sign-ins (one scrypt hash each at the production work factor, one after the
        # other) are not measured, and on a loaded machine they last longer than the
        # server's keep-alive (75 s): the first clients' connections would be closed as
        # idle.  The warm-up starts on fresh connections, as after any pause.
        sign_in_seconds = time.perf_counter() - signing_in
        for client in clients:
            client.connection.close()
            client.connect()
        per_client = args.requests // args.clients
        plans = [urls[i::args.clients] * (per_client // max(1, len(urls[i::args.clients])) + 2)
                 for i in range(args.clients)]
        warm = [threading.Thread(target=c.run, args=(plan, 10, time.monotonic() + 60, False))
                for c, plan in zip(clients, plans, strict=True)]
        for thread in warm:
            thread.start()
        for thread in warm:
            thread.join()
        stop_at = time.monotonic() + MAX_SECONDS
        threads = [threading.Thread(target=c.run, args=(plan[10:], per_client, stop_at))
                   for c, plan in zip(clients, plans, strict=True)]
        started, cpu, own = time.perf_counter(), server_cpu_seconds(server), time.process_time()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        cpu, own = server_cpu_seconds(server) - cpu, time.process_time() - own
    finally:
        server.terminate()
        server.wait(timeout=60)
    latencies = [x for c in clients for x in c.latencies]
    errors = [e for c in clients for e in c.errors]
    reconnects = sum(c.reconnects for c in clients)
    pages = {kind: [x for c in clients for x in c.by_page.get(kind, [])]
             for kind in ("search", "article", "statute")}
    return {"requests": len(latencies), "seconds": elapsed, "rps": len(latencies) / elapsed,
            "p50": percentile(latencies, 0.50), "p95": percentile(latencies, 0.95),
            "p99": percentile(latencies, 0.99), "errors": len(errors), "examples": errors[:5],
            "reconnects": reconnects, "sign_in_seconds": sign_in_seconds,
            "server_cpu": cpu / max(1, len(latencies)) * 1000, "client_cpu": own / max(1, len(latencies)) * 1000,
            "pages": {kind: (len(xs), percentile(xs, 0.50), percentile(xs, 0.95))
                      for kind, xs in pages.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=4000, help="requests per run (all clients)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--data-dir", default=str(ROOT / "bench" / "out" / "web-data"))
    parser.add_argument("--corpus", default=str(Settings.from_env().corpus_path))
    parser.add_argument("--no-resend", action="store_true",
                        help="count a GET on a keep-alive connection the server closed as an error")
    parser.add_argument("--server-log", help="append gunicorn's log to this file")
    args = parser.parse_args()
    data_dir = Path(args.data_dir).resolve()
    password = "Bench-" + secrets.token_urlsafe(12) + "-9a"
    urls = prepare(data_dir, Path(args.corpus), password)
    print(f"{len(urls)} URLs sampled (search, article and statute pages); {args.clients} clients, "
          f"gunicorn {args.workers} workers × {args.threads} threads")
    results = []
    for run in range(1, args.runs + 1):
        result = one_run(args, data_dir, password, urls)
        results.append(result)
        print(f"run {run}: {result['requests']} requests in {result['seconds']:.1f} s = "
              f"{result['rps']:.0f} req/s; p50 {result['p50']:.0f} ms, p95 {result['p95']:.0f} ms, "
              f"p99 {result['p99']:.0f} ms; errors {result['errors']} {result['examples']}; "
              f"idle connections reopened {result['reconnects']}; "
              f"sign-ins took {result['sign_in_seconds']:.0f} s; CPU per request: server "
              f"{result['server_cpu']:.1f} ms, these clients {result['client_cpu']:.1f} ms")
        print("        " + "; ".join(f"{kind} pages {n}: p50 {p50:.0f} ms, p95 {p95:.0f} ms"
                                     for kind, (n, p50, p95) in result["pages"].items()))
    median = lambda key: statistics.median(r[key] for r in results)  # noqa: E731
    print(f"median over {args.runs} runs: {median('rps'):.0f} req/s (target ≥ 100), "
          f"p50 {median('p50'):.0f} ms, p95 {median('p95'):.0f} ms (target ≤ 300), "
          f"errors {sum(r['errors'] for r in results)} (target 0)")


if __name__ == "__main__":
    main()
