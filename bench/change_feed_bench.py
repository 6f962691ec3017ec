"""Change-feed delay benchmark (issue 17): a case saved through app server A, how long until
search on app server B finds it.  Target: p95 ≤ 5 s.

Usage: python -m bench.change_feed_bench [--saves 30] [--workers 2] [--no-sqlite]
Starts two `flask --app webapp serve` processes (each its own data directory and index) on
one PostgreSQL — the one DATABASE_URL names, else a throwaway one from
scripts/start-postgres.sh — with the fixture statutes.  Each save publishes a case with a
word of its own through A's API; B's search API is asked every 50 ms until the case is
among the hits.  For comparison, the same on one server on SQLite (saved and searched on
the same server: its own follower applies the row it wrote).  Prints p50/p95/max per
setting.  Traffic goes to 127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from core.db import scratch_database
from core.settings import sqlite_url
from tests.support.app_servers import ROOT, AppServer, Client, prepare_library

POLL_SECONDS = 0.05
GIVE_UP_SECONDS = 30


def delay(writer: Client, reader: Client, number: int) -> float:
    """Publish a case on the writer's server; seconds until the reader's search finds it."""
    word = f"feedmark{number:05d}x"
    title = f"基准案例{number:05d}（{word}）"
    writer.publish_case(title, f"## 定性\n\n虚列支出套取资金，标记 {word}。")
    start = time.monotonic()
    while time.monotonic() - start < GIVE_UP_SECONDS:
        answer = reader.search_cases(word)
        if answer.status == 200 and any(h["law_title"] == title for h in answer.body["hits"]):
            return time.monotonic() - start
        time.sleep(POLL_SECONDS)
    raise SystemExit(f"第 {number} 个案例 {GIVE_UP_SECONDS} 秒内未被检索到")


def measure(label: str, writer: Client, reader: Client, saves: int) -> list[float]:
    delay(writer, reader, 0)  # warm-up: the first search loads jieba and the index
    delays = [delay(writer, reader, n) for n in range(1, saves + 1)]
    ordered = sorted(delays)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    print(f"{label}: {saves} 次保存 → 检索到的延迟  p50 {statistics.median(delays):.2f} s  "
          f"p95 {p95:.2f} s  最大 {max(delays):.2f} s", flush=True)
    return delays


def postgres_url() -> tuple[str, callable]:
    if os.environ.get("DATABASE_URL", "").startswith("postgresql"):
        return os.environ["DATABASE_URL"], lambda: None
    started = subprocess.run(["bash", str(ROOT / "scripts" / "start-postgres.sh")], check=True,
                             capture_output=True, text=True)
    exports = dict(line[len("export "):].split("=", 1) for line in started.stdout.splitlines()
                   if line.startswith("export "))
    return exports["DATABASE_URL"], lambda: subprocess.run(
        ["bash", str(ROOT / "scripts" / "start-postgres.sh"), "stop", exports["PG_THROWAWAY_DIR"]],
        check=True, capture_output=True)


def run_postgres(work: Path, saves: int, workers: int) -> None:
    server_url, stop_server = postgres_url()
    url, drop = scratch_database(server_url)
    prepare_library(url, work / "setup")
    servers = [AppServer(name, work / name, url, workers=workers) for name in ("pg-a", "pg-b")]
    try:
        for server in servers:
            server.wait_ready()
        a, b = servers
        measure(f"PostgreSQL，两台服务器（各 {workers} 个工作进程），A 保存 → B 检索到",
                Client(a.base, "trainer1"), Client(b.base, "staff1"), saves)
    finally:
        for server in servers:
            server.stop()
        drop()
        stop_server()


def run_sqlite(work: Path, saves: int, workers: int) -> None:
    data = work / "sqlite"
    prepare_library(sqlite_url(data), data)
    server = AppServer("sqlite", data, sqlite_url(data), workers=workers)
    try:
        server.wait_ready()
        measure(f"SQLite，一台服务器（{workers} 个工作进程），保存 → 同一服务器检索到",
                Client(server.base, "trainer1"), Client(server.base, "staff1"), saves)
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="feed-bench-") as work:
        run_postgres(Path(work), args.saves, args.workers)
        if not args.no_sqlite:
            run_sqlite(Path(work), args.saves, args.workers)


if __name__ == "__main__":
    main()
