"""Quiz load on a city installation (issue 17): two app servers on one PostgreSQL, compared
in the same run with one server on SQLite.

    python -m bench.cluster_quiz_load [--people 1000] [--think 3.0] [--saturate 0.3]
                                      [--workers 2] [--threads 4]
                                      [--postgres postgresql+psycopg://…/postgres] [--no-sqlite]

bench.quiz_load's round (20 questions: 8 单选, 5 多选, 4 判断, 2 填空, 1 案例分析; no 简答题)
taken by `--people` simulated staff at once, each with their own bearer token: an autosave
(`PUT /api/v1/attempts/<id>/answers/<qid>`) per answer, every fifth question answered
wrongly first and corrected, then submit.  On PostgreSQL two `python -m webapp serve`
processes (`--workers` gunicorn workers each, their own data directories) share a scratch
database on the server `--postgres` (or DATABASE_URL, else a throwaway one from
scripts/start-postgres.sh, with fsync on) names; person i goes to server i mod 2, as a load
balancer keeps a connection on one server.  On SQLite, one server with the same workers.

Each setting runs twice.  First at the target's load: 1,000 people saving 300 answers a
second is one save per person every 3.3 s, so each person pauses `--think` seconds (±50 %,
mean 3 s) between two answers: about 330 saves/s asked for while everyone is answering.
The rate is given sustained (the middle 90 % of the saves by the time they were sent: the
first seconds, when people are still arriving, and the last, when most have submitted and
the rate falls off, are left out) and from the first save to the last; the latency
quantiles are over every save.  Then saturated, with
`--saturate` seconds between answers: the thousand people then ask for ten times what two
cores serve, the rate is the installation's capacity, and a save's latency is mostly its
wait in the queue (in a closed loop, latency ≈ people ÷ rate − pause).

Every stored answer is then read back from the database and compared with the last one
sent, every score with the score the answers deserve.  Prints saves/s, p50/p95/max of a
save, the CPU per save of the app servers, of this load generator and of the whole machine
(the rest is the database), lost answers, wrong scores, errors, and the load average before
and after (on a shared machine latency follows it).  Targets (issue 17, PostgreSQL, at the
target's load): ≥ 300 saves/s, p95 ≤ 300 ms, 0 lost answers, every score right.  Traffic
goes to 127.0.0.1.
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from bench.change_feed_bench import postgres_url
from bench.quiz_load import drive, prepare, summary, verify
from bench.web_load import free_port, server_cpu_seconds, start_server
from core.db import scratch_database

QUESTIONS = 20


def load_average() -> str:
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def machine_cpu_seconds() -> float:
    """CPU time the whole machine has been busy (every core, from /proc/stat)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]   # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def measure(work: Path, database_url: str | None, servers: int, args, think: float) -> dict:
    """One setting: prepare the round, start the servers, let everyone take it, verify."""
    round_id, tokens = prepare(work / "setup", args.people, 0, database_url)
    if database_url is None:   # SQLite: the one server serves the setup's own data directory
        homes = [work / "setup"]
    else:
        homes = [work / f"server-{n}" for n in range(servers)]
    ports = [free_port() for _ in homes]
    started = []
    try:
        for home, port in zip(homes, ports):
            home.mkdir(parents=True, exist_ok=True)
            started.append(start_server(home, port, args.workers, args.threads,
                                        log=work / f"{home.name}.log", database_url=database_url))
        cpu = sum(server_cpu_seconds(server) for server in started)
        machine, driver = machine_cpu_seconds(), time.process_time()
        run = drive(ports, round_id, tokens, think)
        machine, driver = machine_cpu_seconds() - machine, time.process_time() - driver
        cpu = sum(server_cpu_seconds(server) for server in started) - cpu
    finally:
        for server in started:
            server.terminate()
        for server in started:
            server.wait(timeout=60)
    lost, wrong = verify(work / "setup", run, database_url)
    result = summary(run, cpu, lost, wrong)
    saves = max(result["saves"], 1)
    result["driver"], result["machine"] = driver / saves * 1000, machine / saves * 1000
    return result


def report(label: str, result: dict, before: str) -> None:
    print(f"{label}（负载 {before} → {load_average()}）：保存 {result['saves']} 次，"
          f"持续 {result['sustained']:.0f} 次/秒（首末之间 {result['rate']:.0f} 次/秒），"
          f"p50 {result['p50']:.1f} ms，p95 {result['p95']:.1f} ms，最大 {result['max']:.0f} ms，"
          f"每次保存 CPU：服务器 {result['cpu']:.2f} ms、压测客户端 {result['driver']:.2f} ms、"
          f"整机 {result['machine']:.2f} ms；交卷 {result['submitted']}，丢失答案 {result['lost']}，"
          f"评分错误 {result['wrong']}，异常 {len(result['errors'])} {result['errors'][:2]}", flush=True)


def loads(args) -> list[tuple[str, float]]:
    return [(f"目标负载（答题间隔约 {args.think} 秒）", args.think),
            (f"饱和（答题间隔约 {args.saturate} 秒）", args.saturate)]


def run_postgres(args) -> None:
    server_url, stop_server = (args.postgres, lambda: None) if args.postgres else postgres_url()
    try:
        for load, think in loads(args):
            url, drop = scratch_database(server_url)
            try:
                with tempfile.TemporaryDirectory(prefix="cluster-load-pg-") as tmp:
                    before = load_average()
                    result = measure(Path(tmp), url, 2, args, think)
            finally:
                drop()
            report(f"PostgreSQL，两台服务器（各 {args.workers} 个进程 × {args.threads} 个线程），{load}", result, before)
    finally:
        stop_server()


def run_sqlite(args) -> None:
    for load, think in loads(args):
        with tempfile.TemporaryDirectory(prefix="cluster-load-sqlite-") as tmp:
            before = load_average()
            result = measure(Path(tmp), None, 1, args, think)
        report(f"SQLite，一台服务器（{args.workers} 个进程 × {args.threads} 个线程），{load}", result, before)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--think", type=float, default=3.0,
                        help="seconds between one person's answers at the target's load (±50%%)")
    parser.add_argument("--saturate", type=float, default=0.3,
                        help="seconds between one person's answers in the saturated run (±50%%)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--postgres", help="PostgreSQL server URL (default: DATABASE_URL, else a throwaway server)")
    parser.add_argument("--no-sqlite", action="store_true", help="skip the one-server SQLite comparison")
    args = parser.parse_args()
    args.postgres = args.postgres or (os.environ.get("DATABASE_URL", "") if
                                      os.environ.get("DATABASE_URL", "").startswith("postgresql") else None)
    print(f"{args.people} 人同时作答 {QUESTIONS} 题（每题自动保存，每 5 题改答一次），然后交卷；机器 {os.cpu_count()} 核；"
          f"目标（PostgreSQL 两台，目标负载下）：≥ 300 次/秒，p95 ≤ 300 ms，丢失 0，评分全对", flush=True)
    run_postgres(args)
    if not args.no_sqlite:
        run_sqlite(args)


if __name__ == "__main__":
    main()
