"""Benchmark of 阅卷 by question in the browser's way: the production server (gunicorn,
`python -m webapp serve`, as in bench.web_load), a closed round with one 简答题 whose rubric
expects articles, 100 submitted attempts (500-character answers citing 审计法 and
政府采购法 correctly, plus a citation to an article that does not exist), and one trainer
who signs in and grades all 100 answers through the grading page: for each answer a page
load (GET …/grading?task=1&n=N, the page a browser shows after the previous save's
redirect) and a grade save (POST of the page's form, with its CSRF token and the grade's
version).

    python -m bench.grading_bench [--answers 100] [--runs 3] [--workers 2]

Prints per run and as medians over runs: p50/p95 of an answer page and of a save, the
server's CPU time per answer (page + save, from /proc: the figure the machine's other load
does not change), and whether every answer ended graded with the points sent.  Target (issue J): an answer page
≤ 300 ms p95.  Each run uses a fresh data directory holding only the two statutes the
answers cite (read from the corpus, ../shared/corpus by default); traffic goes to
127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import http.client
import re
import statistics
import tempfile
import time
import urllib.parse
from pathlib import Path

from accounts.permissions import actor_of, system_actor
from accounts.user import ROLE_ADMIN, ROLE_STAFF, User
from accounts.user_admin import NewUser
from bench.web_load import free_port, percentile, server_cpu_seconds, start_server
from core.settings import Settings, sqlite_url
from kb.importer import Importer
from quizzes.round_spec import RoundSpec
from quizzes.services import open_services

ROOT = Path(__file__).resolve().parent.parent
STATUTES = ("经济法/审计法(2021-10-23).md", "经济法/政府采购法(2014-08-31).md")
GRADER, PASSWORD = "bench-grader", "Yuejuan-2026-测评口令"
QUESTION = {"type": "short", "stem": "某单位未履行政府采购程序，请指出问题并说明定性依据和处理意见。",
            "reference": "应依据《中华人民共和国政府采购法》第七十一条处理；审计机关依据《中华人民共和国审计法》第四十五条作出处理。",
            "rubric": [{"text": "指出问题", "points": 2},
                       {"text": "定性依据", "points": 4, "articles": "《中华人民共和国政府采购法》第七十一条"},
                       {"text": "处理意见", "points": 4, "articles": "《中华人民共和国审计法》第四十五条"}]}
FIELD = re.compile(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"[^>]*>')
COMMENT = re.compile(r'<textarea[^>]*name="comment"[^>]*>([^<]*)</textarea>')
ACTION = re.compile(r'<form method="post" action="([^"]+)" data-grade-form')


def answer_text(person: int) -> str:
    """500 characters: the finding, two correct citations, one to an article that does not exist."""
    text = (f"答卷{person}：该单位采购货物未依法采用公开招标方式，属于规避政府采购的行为。"
            "依据《中华人民共和国政府采购法》第七十一条，应责令限期改正，给予警告；"
            "审计机关依据《中华人民共和国审计法》第四十五条，责令被审计单位纠正并依法处理，"
            "另依审计法第九十九条追究责任。建议完善内部控制，规范采购流程。")
    return (text * 4)[:500]


def prepare(data_dir: Path, corpus: Path, answers: int) -> int:
    """The two statutes, a grader, `answers` staff who each submit one answer; the round closed."""
    kb = open_services(Settings(data_dir, sqlite_url(data_dir), corpus))
    try:
        for name in STATUTES:
            Importer(kb.db).import_path(corpus / name)
        bench = system_actor("bench")
        kb.users.create_user(bench, NewUser(GRADER, "阅卷人", "trainer", None, PASSWORD, False))
        with kb.db.session() as session, session.begin():
            staff = [User(username=f"staff{i:03d}", display_name=f"审计人员{i}", role=ROLE_STAFF, password_hash="!")
                     for i in range(answers)]
            reviewer = User(username="bench-admin", display_name="管理员", role=ROLE_ADMIN, password_hash="!")
            session.add_all([reviewer, *staff])
            session.flush()
            staff_ids, reviewer_id = [u.id for u in staff], reviewer.id
        trainer = actor_of(kb.users.find_user(GRADER))
        question_id = kb.bank.create_question(trainer, QUESTION).id
        reviewer = actor_of(kb.users.get_user(reviewer_id))  # 审核 is by someone other than the author
        kb.bank.review(reviewer, [question_id])
        kb.bank.publish(reviewer, [question_id])
        now = kb.bank.clock.now()
        round_id = kb.rounds.create_round(trainer, RoundSpec(
            title="阅卷测试", opens_at=now, closes_at=now + dt.timedelta(days=1),
            question_ids=(question_id,))).summary.id
        kb.lifecycle.publish_round(trainer, round_id)
        for person, user_id in enumerate(staff_ids):
            actor = actor_of(kb.users.get_user(user_id))
            attempt = kb.attempts.start(actor, round_id)
            kb.attempts.save_answer(actor, attempt.attempt_id, question_id, answer_text(person))
            kb.attempts.submit(actor, attempt.attempt_id)
        kb.lifecycle.close_round(trainer, round_id)
        return round_id
    finally:
        kb.close()


def grade_form(page: str) -> tuple[str, dict[str, str]]:
    """The grading form of an answer page: its action and the fields as the browser sends them
    (the suggestion pre-filled; the grader adds 2 points for 指出问题 and a comment)."""
    # As a browser submits: a checkbox (选作示范答案) only when it is ticked.
    fields = {match[1]: html.unescape(match[2]) for match in FIELD.finditer(page)
              if 'type="checkbox"' not in match[0] or " checked" in match[0]}
    comment = COMMENT.search(page)
    fields["comment"] = (html.unescape(comment.group(1)) if comment else "") + "引用审计法第九十九条有误。"
    fields["point_r1"] = "2"
    return html.unescape(ACTION.search(page).group(1)), fields


class Browser:
    """One signed-in browser: a keep-alive connection, the session cookie, the last redirect."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie, self.location = "", ""

    def fetch(self, method: str, url: str, form: dict | None = None) -> tuple[int, str]:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = urllib.parse.urlencode(form) if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, url, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read().decode()
        cookie = response.getheader("Set-Cookie")
        self.cookie = cookie.split(";", 1)[0] if cookie else self.cookie
        self.location = response.getheader("Location") or ""
        return response.status, data

    def sign_in(self) -> None:
        _, page = self.fetch("GET", "/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        status, _ = self.fetch("POST", "/login", {"csrf_token": token, "username": GRADER, "password": PASSWORD})
        if status != 302:
            raise SystemExit(f"登录失败：HTTP {status}")


def grade_all(port: int, round_id: int, answers: int) -> tuple[list[float], list[float], list[str]]:
    """Page load, save, follow the redirect to the next answer: (page times, save times, errors)."""
    browser, pages, saves = Browser(port), [], []
    browser.sign_in()
    url = f"/rounds/{round_id}/grading?task=1"
    for _ in range(answers):
        started = time.perf_counter()
        status, page = browser.fetch("GET", url)
        pages.append(time.perf_counter() - started)
        if status != 200 or "data-grade-form" not in page:
            return pages, saves, [f"阅卷页 HTTP {status}"]
        action, fields = grade_form(page)
        started = time.perf_counter()
        status, _ = browser.fetch("POST", action, fields)
        saves.append(time.perf_counter() - started)
        if status != 302:
            return pages, saves, [f"保存评分 HTTP {status}"]
        url = urllib.parse.urlsplit(browser.location)._replace(scheme="", netloc="").geturl()
    return pages, saves, []


def one_run(args) -> dict:
    with tempfile.TemporaryDirectory(prefix="grading-") as tmp:
        data_dir = Path(tmp)
        round_id = prepare(data_dir, Path(args.corpus), args.answers)
        port = free_port()
        server = start_server(data_dir, port, args.workers, args.threads)
        try:
            cpu = server_cpu_seconds(server)
            pages, saves, errors = grade_all(port, round_id, args.answers)
            cpu = server_cpu_seconds(server) - cpu
        finally:
            server.terminate()
            server.wait(timeout=60)
        graded, right = check(data_dir, round_id)
    return {"pages": pages, "saves": saves, "errors": errors, "graded": graded, "right": right,
            "cpu": cpu / max(1, len(pages)) * 1000}


def check(data_dir: Path, round_id: int) -> tuple[int, int]:
    """(answers graded, answers whose points are the 10 the bench gave: 2 + the suggested 4 + 4)."""
    kb = open_services(Settings(data_dir, sqlite_url(data_dir), data_dir))
    try:
        queue = kb.marking.queue(actor_of(kb.users.find_user(GRADER)), round_id)
        answers = [a for task in queue.tasks for a in task.answers]
        return (sum(a.marks is not None for a in answers),
                sum(a.marks is not None and abs(a.marks.points - 10) < 1e-9 for a in answers))
    finally:
        kb.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--answers", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    args = parser.parse_args()
    print(f"按题阅卷：1 道简答题 × {args.answers} 份已交答卷（每份 500 字，含正确与错误的法条引用）；"
          f"一位阅卷人逐份打开阅卷页并保存评分；gunicorn {args.workers} 个进程 × {args.threads} 个线程，SQLite (WAL)")
    results = []
    for number in range(1, args.runs + 1):
        result = one_run(args)
        results.append(result)
        print(f"  第 {number} 次：阅卷页 p50 {percentile(result['pages'], 0.5):.1f} ms、"
              f"p95 {percentile(result['pages'], 0.95):.1f} ms；保存 p50 {percentile(result['saves'], 0.5):.1f} ms、"
              f"p95 {percentile(result['saves'], 0.95):.1f} ms；服务器 CPU 每份（阅卷页＋保存）{result['cpu']:.1f} ms；已评 {result['graded']}/{args.answers}，"
              f"得分正确 {result['right']}，异常 {result['errors'][:2]}")
    median = lambda key, q: statistics.median(percentile(r[key], q) for r in results)  # noqa: E731
    print(f"中位数（{args.runs} 次）：阅卷页 p50 {median('pages', 0.5):.1f} ms、p95 {median('pages', 0.95):.1f} ms"
          f"（目标 ≤ 300）；保存 p50 {median('saves', 0.5):.1f} ms、p95 {median('saves', 0.95):.1f} ms；"
          f"服务器 CPU 每份 {statistics.median(r['cpu'] for r in results):.1f} ms")


if __name__ == "__main__":
    main()
