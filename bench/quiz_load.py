"""HTTP load benchmark of taking a round: the production server (gunicorn, `python -m webapp
serve`), 100 simulated staff with their own bearer tokens, a 20-question round (8 单选,
5 多选, 4 判断, 2 填空, 1 案例分析) and `--written` 简答题 (default 2, answered with 500
characters each, graded later by people).  Each person starts their attempt, then — all at once —
saves one answer per question through `PUT /api/v1/attempts/<id>/answers/<qid>` (every
fifth question answered wrongly first and corrected, as people do), then submits.

Afterwards every stored answer is read back from the database and compared with the last
one sent (lost answers), and every score with the score the answers deserve.

    python -m bench.quiz_load [--people 100] [--runs 3] [--think 0.3] [--workers 2] [--written 2]

`--think` is each person's pause between two answers (seconds, ±50 % jitter), so the
server sees 100 people answering fast rather than 100 connections in a tight loop;
`--think 0` measures the saturated server.  Prints saved answers per second (first save
to last), p50/p95 latency of a save, the server's CPU time per save (from /proc, start and
submit included: the figure the other load on a shared machine does not change), lost
answers, wrongly scored attempts and errors per run, and the medians over runs.  Targets (issue D): ≥ 200 saves/s, p95 ≤ 200 ms, 0 lost,
every score right.  Each run uses a fresh data directory; traffic goes to 127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from accounts.permissions import actor_of, system_actor
from quizzes.services import open_services
from core.settings import Settings, sqlite_url
from bench.quiz_domain_bench import PAPER, points
from bench.quiz_domain_bench import prepare as prepare_round
from bench.web_load import free_port, server_cpu_seconds, start_server


def prepare(data_dir: Path, people: int, written: int,
            database_url: str | None = None) -> tuple[int, list[tuple[int, str]]]:
    """The domain benchmark's round (plus `written` 简答题), open now, and a token per person:
    (round id, [(user id, token)]).  The database is the data directory's SQLite file unless
    `database_url` names another (bench.cluster_quiz_load: PostgreSQL)."""
    kb = open_services(Settings(data_dir, database_url or sqlite_url(data_dir), data_dir))
    try:
        round_id, staff_ids, _ = prepare_round(kb, kb, people, PAPER + ["short"] * written)
        return round_id, [(uid, kb.tokens.issue(system_actor("bench"), kb.users.get_user(uid), "bench").token)
                          for uid in staff_ids]
    finally:
        kb.close()


def answer_for(question: dict, right: bool, person: int = 0):
    """A simulated person's answer by option text (the API shows options in their own order);
    a written answer is 500 characters of the person's own."""
    def ids(options, prefix):
        return [o["id"] for o in options if o["text"].startswith(prefix)]
    kind, options = question["qtype"], question["options"]
    if kind == "short":
        return (f"第{person}人{'改后' if right else '初稿'}：被审计单位违反规定，依据相关条款定性并提出处理意见。" * 20)[:500]
    if kind == "single":
        return ids(options, "对" if right else "错的甲")[0]
    if kind == "multiple":
        return ids(options, "对") if right else ids(options, "错") + ids(options, "对的一")
    if kind == "true_false":
        return right
    if kind == "fill":
        return "3日" if right else "五日"
    first = question["parts"][0]
    return {"p1": ids(first["options"], "对" if right else "错")[0], "p2": not right}


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    started: list[float] = field(default_factory=list)   # when each save was sent
    first_save: float = float("inf")
    last_save: float = 0.0
    sent: dict[int, tuple[int, dict, float]] = field(default_factory=dict)  # user → (attempt, final answers, expected)
    scores: dict[int, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Person:
    def __init__(self, port: int, user_id: int, token: str, index: int, think: float):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.user_id, self.token, self.index, self.think = user_id, token, index, think
        self.rng = random.Random(index)

    def call(self, method: str, url: str, body=None) -> tuple[int, dict]:
        headers = {"Authorization": f"Bearer {self.token}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for retry in (True, False):
            try:
                self.connection.request(method, url, body=data, headers=headers)
                response = self.connection.getresponse()
                return response.status, json.loads(response.read() or b"null")
            except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
                # The server closed an idle keep-alive connection (gunicorn's keepalive is a
                # few seconds): reconnect and send again, as browsers do — every call here
                # (start/resume, save, submit) is safe to repeat.
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if not retry:
                    raise
        raise AssertionError("unreachable")

    def take(self, round_id: int, barrier: threading.Barrier, run: Run) -> None:
        status, attempt = self.call("POST", f"/api/v1/rounds/{round_id}/attempts")
        if status != 200:
            raise RuntimeError(f"开始作答失败：HTTP {status} {attempt}")
        barrier.wait()
        final, expected = {}, 0.0
        for number, question in enumerate(attempt["questions"]):
            right = (self.index + number) % 3 != 0
            plan = [answer_for(question, not right, self.index), answer_for(question, right, self.index)] \
                if number % 5 == 0 else [answer_for(question, right, self.index)]
            for answer in plan:
                if self.think:
                    time.sleep(self.think * self.rng.uniform(0.5, 1.5))
                self.save(attempt["attempt_id"], question["question_id"], answer, run)
            final[question["question_id"]] = plan[-1]
            # A written answer waits for a grader: the score at submission is the rest.
            expected += points(question["qtype"]) if right and question["qtype"] != "short" else 0.0
        status, result = self.call("POST", f"/api/v1/attempts/{attempt['attempt_id']}/submit")
        if status != 200:
            raise RuntimeError(f"交卷失败：HTTP {status} {result}")
        with run.lock:
            run.sent[self.user_id] = (attempt["attempt_id"], final, expected)
            run.scores[self.user_id] = result["score"]

    def save(self, attempt_id: int, question_id: int, answer, run: Run) -> None:
        started = time.perf_counter()
        status, body = self.call("PUT", f"/api/v1/attempts/{attempt_id}/answers/{question_id}", {"answer": answer})
        ended = time.perf_counter()
        with run.lock:
            if status != 200:
                run.errors.append(f"HTTP {status}: {body}")
                return
            run.latencies.append(ended - started)
            run.started.append(started)
            run.first_save, run.last_save = min(run.first_save, started), max(run.last_save, ended)


def canonical(answer):
    if isinstance(answer, str):
        return [answer] if answer in ("3日", "五日") else answer
    if isinstance(answer, list):
        return sorted(answer)
    return answer


def verify(data_dir: Path, run: Run, database_url: str | None = None) -> tuple[int, int]:
    """(lost answers, wrongly scored attempts), read back from the database."""
    kb = open_services(Settings(data_dir, database_url or sqlite_url(data_dir), data_dir))
    try:
        lost = wrong = 0
        for user_id, (attempt_id, final, expected) in run.sent.items():
            stored = kb.attempts.get_attempt(actor_of(kb.users.get_user(user_id)), attempt_id)
            lost += sum(1 for q in stored.questions if canonical(q.answer) != canonical(final[q.question_id]))
            wrong += abs(stored.score - expected) > 1e-6 or abs(run.scores[user_id] - expected) > 1e-6
        return lost, wrong
    finally:
        kb.close()


def drive(ports: list[int], round_id: int, tokens: list[tuple[int, str]], think: float) -> Run:
    """Every person takes the round at once, person i on server ports[i % len(ports)] (a
    load balancer keeping each person's connection on one server); returns what was sent."""
    run = Run()
    barrier = threading.Barrier(len(tokens))
    people = [Person(ports[i % len(ports)], uid, token, i, think) for i, (uid, token) in enumerate(tokens)]

    def work(person: Person) -> None:
        try:
            person.take(round_id, barrier, run)
        except Exception as error:  # noqa: BLE001 — counted and printed
            barrier.abort()
            with run.lock:
                run.errors.append(f"{type(error).__name__}: {error}")
    threads = [threading.Thread(target=work, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return run


def sustained_rate(started: list[float]) -> float:
    """Saves per second while everyone is answering: the middle 90 % of the saves by the
    time they were sent, over the time they took — without the first and last moments,
    when people are still arriving or have already submitted."""
    times = sorted(started)
    low, high = int(0.05 * len(times)), int(0.95 * len(times)) - 1
    span = times[high] - times[low] if high > low else 0.0
    return (high - low) / span if span > 0 else 0.0


def summary(run: Run, cpu: float, lost: int, wrong: int) -> dict:
    """The figures of one run: saves, saves/s (first save to last, and sustained), latency
    quantiles in ms, server CPU per save, submissions, lost answers, wrong scores and errors."""
    latencies = sorted(run.latencies)
    wall = run.last_save - run.first_save
    quantile = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else 0.0  # noqa: E731
    return {"saves": len(latencies), "rate": len(latencies) / wall if wall > 0 else 0.0,
            "sustained": sustained_rate(run.started),
            "p50": quantile(0.50), "p95": quantile(0.95), "max": latencies[-1] * 1000 if latencies else 0.0,
            "cpu": cpu / len(latencies) * 1000 if latencies else 0.0,
            "submitted": len(run.sent), "lost": lost, "wrong": wrong, "errors": run.errors}


def one_run(args) -> dict:
    with tempfile.TemporaryDirectory(prefix="quiz-load-") as tmp:
        data_dir = Path(tmp)
        round_id, tokens = prepare(data_dir, args.people, args.written)
        port = free_port()
        server = start_server(data_dir, port, args.workers, args.threads)
        try:
            cpu = server_cpu_seconds(server)
            run = drive([port], round_id, tokens, args.think)
            cpu = server_cpu_seconds(server) - cpu
        finally:
            server.terminate()
            server.wait(timeout=60)
        lost, wrong = verify(data_dir, run)
    return summary(run, cpu, lost, wrong)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--think", type=float, default=0.3, help="seconds between one person's answers (±50%%)")
    parser.add_argument("--written", type=int, default=2, help="简答题 on the paper (500 characters each)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    print(f"{args.people} 人同时作答 {len(PAPER) + args.written} 题（其中简答题 {args.written} 道，每道 500 字；每题自动保存，每 5 题改答一次，答题间隔约 {args.think} 秒），"
          f"然后交卷；gunicorn {args.workers} 个进程 × {args.threads} 个线程，SQLite (WAL)")
    results = []
    for number in range(1, args.runs + 1):
        result = one_run(args)
        results.append(result)
        print(f"  第 {number} 次：保存 {result['saves']} 次，{result['rate']:.0f} 次/秒，p50 {result['p50']:.1f} ms，"
              f"p95 {result['p95']:.1f} ms，最大 {result['max']:.0f} ms，服务器 CPU 每次保存 {result['cpu']:.2f} ms；交卷 {result['submitted']}，"
              f"丢失答案 {result['lost']}，评分错误 {result['wrong']}，异常 {len(result['errors'])} "
              f"{result['errors'][:2]}")
    median = lambda key: statistics.median(r[key] for r in results)  # noqa: E731
    print(f"中位数（{args.runs} 次）：{median('rate'):.0f} 次保存/秒（目标 ≥ 200），p50 {median('p50'):.1f} ms，"
          f"p95 {median('p95'):.1f} ms（目标 ≤ 200），服务器 CPU 每次保存 {median('cpu'):.2f} ms；丢失答案 {sum(r['lost'] for r in results)}，"
          f"评分错误 {sum(r['wrong'] for r in results)}，异常 {sum(len(r['errors']) for r in results)}（目标均为 0）")


if __name__ == "__main__":
    main()
