"""Domain-level load benchmark: 100 simulated staff take a 20-question round at once
through the service layer, each on its own thread — start, one autosave per answer
(a few answers changed once), submit — then every stored answer and score is checked.

    python -m bench.quiz_domain_bench [--people 100] [--runs 3]

SQLite (WAL) in a temporary directory by default; with DATABASE_URL set, a throwaway
database on that PostgreSQL server (see scripts/start-postgres.sh).  Prints each run and
the medians: saved answers per second (wall clock, from the first save to the last),
save latency p50/p95/max (including waiting for a pooled connection), lost answers and
wrongly scored attempts (both must be 0).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from accounts.permissions import actor_of
from accounts.user import ROLE_ADMIN, ROLE_STAFF, User
from core.db import scratch_database
from quizzes.services import Services, open_services
from core.settings import Settings, sqlite_url
from quizzes.round_spec import RoundSpec
from quizzes.scoring import DEFAULT_POINTS

PAPER = (["single"] * 8 + ["multiple"] * 5 + ["true_false"] * 4 + ["fill"] * 2 + ["case"])


def question_data(kind: str, index: int) -> dict:
    if kind == "single":
        return {"type": "single", "stem": f"单选题{index}", "options": ["对的", "错的甲", "错的乙", "错的丙"], "answer": "A"}
    if kind == "multiple":
        return {"type": "multiple", "stem": f"多选题{index}", "options": ["对的一", "对的二", "错的", "对的三"],
                "answer": ["A", "B", "D"]}
    if kind == "true_false":
        return {"type": "true_false", "stem": f"判断题{index}", "answer": True}
    if kind == "fill":
        return {"type": "fill", "stem": f"填空题{index}：应当在____前送达", "answer": [["三日", "3日"]]}
    if kind == "short":
        return {"type": "short", "stem": f"简答题{index}：请指出问题并说明定性依据和处理意见", "reference": "参考答案",
                "rubric": [{"text": "指出问题", "points": 4}, {"text": "定性依据", "points": 6}]}
    return {"type": "case", "stem": f"案例{index}", "parts": [
        {"type": "single", "stem": "小题一", "options": ["对的", "错的"], "answer": "A"},
        {"type": "true_false", "stem": "小题二", "answer": False}]}


def answer_for(question, right: bool):
    """The answer a simulated person gives, by option text, so option shuffling is honoured."""
    def option(options, prefix):
        return [o.id for o in options if o.text.startswith(prefix)]
    if question.qtype == "single":
        return option(question.options, "对" if right else "错的甲")[0]
    if question.qtype == "multiple":
        return option(question.options, "对") if right else option(question.options, "错") + option(question.options, "对的一")
    if question.qtype == "true_false":
        return right
    if question.qtype == "fill":
        return "3日" if right else "五日"
    first = question.parts[0]
    return {"p1": option(first.options, "对" if right else "错")[0], "p2": not right}


def points(kind: str) -> float:
    return DEFAULT_POINTS["single"] + DEFAULT_POINTS["true_false"] if kind == "case" else DEFAULT_POINTS[kind]


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    first_save: float = float("inf")
    last_save: float = 0.0
    lost: int = 0
    wrong_scores: int = 0
    submitted: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def open_database(tmp: Path):
    """(Services, cleanup) on SQLite in tmp, or on a fresh PostgreSQL database."""
    settings = Settings(data_dir=tmp, database_url=sqlite_url(tmp), corpus_path=tmp)
    if not os.environ.get("DATABASE_URL"):
        return open_services(settings), None
    url, drop = scratch_database(os.environ["DATABASE_URL"])
    return open_services(replace(settings, database_url=url)), drop


def prepare(kb: Services, engine: Services, people: int,
            paper: list[str] = PAPER) -> tuple[int, list[int], list[int]]:
    with kb.db.session() as session, session.begin():
        admin = User(username="bench-admin", display_name="管理员", role=ROLE_ADMIN, password_hash="!")
        staff = [User(username=f"staff{i:03d}", display_name=f"审计人员{i}", role=ROLE_STAFF, password_hash="!")
                 for i in range(people)]
        session.add_all([admin, *staff])
        session.flush()
        admin_id, staff_ids = admin.id, [u.id for u in staff]
    admin = actor_of(kb.users.get_user(admin_id))
    ids = [engine.bank.create_question(admin, question_data(kind, i)).id for i, kind in enumerate(paper)]
    engine.bank.review(admin, ids)
    engine.bank.publish(admin, ids)
    now = engine.bank.clock.now()
    round_id = engine.rounds.create_round(admin, RoundSpec(
        title="压力测试", opens_at=now, closes_at=now + dt.timedelta(days=1), question_ids=tuple(ids))).summary.id
    engine.lifecycle.publish_round(admin, round_id)
    return round_id, staff_ids, ids


def take(engine: Services, person: int, index: int, round_id: int, barrier, run: Run) -> None:
    actor = actor_of(engine.users.get_user(person))
    view = engine.attempts.start(actor, round_id)
    barrier.wait()
    expected, final = 0.0, {}
    for number, question in enumerate(view.questions):
        right = (index + number) % 3 != 0
        plan = [answer_for(question, not right), answer_for(question, right)] if number % 5 == 0 else [answer_for(question, right)]
        for answer in plan:
            started = time.perf_counter()
            engine.attempts.save_answer(actor, view.attempt_id, question.question_id, answer)
            ended = time.perf_counter()
            with run.lock:
                run.latencies.append(ended - started)
                run.first_save, run.last_save = min(run.first_save, started), max(run.last_save, ended)
        final[question.question_id] = plan[-1]
        expected += points(question.qtype) if right else 0.0
    result = engine.attempts.submit(actor, view.attempt_id)
    stored = engine.attempts.get_attempt(actor, view.attempt_id)
    lost = sum(1 for q in stored.questions if _canonical(q.answer) != _canonical(final[q.question_id]))
    with run.lock:
        run.submitted += 1
        run.lost += lost
        run.wrong_scores += abs(result.score - expected) > 1e-6


def _canonical(answer):
    if isinstance(answer, str):
        return [answer] if answer in ("3日", "五日") else answer
    if isinstance(answer, list):
        return sorted(answer)
    return answer


def one_run(people: int) -> Run:
    with tempfile.TemporaryDirectory() as tmp:
        kb, drop = open_database(Path(tmp))
        engine = kb
        round_id, staff_ids, _ = prepare(kb, engine, people)
        run = Run()
        barrier = threading.Barrier(people)

        def work(person, index):
            try:
                take(engine, person, index, round_id, barrier, run)
            except Exception as error:   # noqa: BLE001 — counted and printed
                barrier.abort()
                run.errors.append(f"{type(error).__name__}: {error}")
        threads = [threading.Thread(target=work, args=(p, i)) for i, p in enumerate(staff_ids)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        kb.close()
        if drop:
            drop()
        return run


def main() -> None:
    parser = argparse.ArgumentParser(description="quiz domain load benchmark")
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    backend = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite (WAL)"
    print(f"{backend}: {args.people} 人同时作答 {len(PAPER)} 题（每题自动保存，其中每 5 题改答一次），然后交卷")
    rates, p95s = [], []
    for number in range(1, args.runs + 1):
        run = one_run(args.people)
        wall = run.last_save - run.first_save
        latencies = sorted(run.latencies)
        p95 = latencies[int(0.95 * (len(latencies) - 1))] * 1000
        rate = len(latencies) / wall if wall else 0.0
        rates.append(rate)
        p95s.append(p95)
        print(f"  第 {number} 次：保存 {len(latencies)} 次，{rate:.0f} 次/秒，p50 {statistics.median(latencies) * 1000:.1f} ms，"
              f"p95 {p95:.1f} ms，最大 {latencies[-1] * 1000:.1f} ms；交卷 {run.submitted}，丢失答案 {run.lost}，"
              f"评分错误 {run.wrong_scores}，异常 {len(run.errors)} {run.errors[:1]}")
    print(f"中位数：{statistics.median(rates):.0f} 次保存/秒，p95 {statistics.median(p95s):.1f} ms")


if __name__ == "__main__":
    main()
