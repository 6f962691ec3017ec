"""Benchmark of the 案例汇编 (issue 16): a 评比 of 20 winning cases, each about 3,000
characters citing six articles of 审计法, 政府采购法 and 预算法, judged by three judges
and published; then the compiled .docx (cover, contents, every case with the texts of
the articles it cites) is generated `--runs` times, and the results sheet once per run.

    python -m bench.contest_bench [--cases 20] [--runs 3]

Prints each run and the medians: the 汇编 (.docx, including reading the winners and
resolving their references) and the results sheet (.xlsx).  Target: a 20-case 汇编
≤ 15 s.  Uses a fresh data directory holding only the three statutes (read from the
corpus, ../shared/corpus by default).
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import tempfile
import time
from pathlib import Path

from docx import Document

from accounts.permissions import actor_of, system_actor
from accounts.user_admin import NewUser
from core.clock import FixedClock
from core.settings import Settings, sqlite_url
from kb.cases.values import CaseInput
from kb.importer import Importer
from quizzes.case_contest.values import AWARDS, ContestInput, EntryInput, ReviewInput
from quizzes.services import open_services

ROOT = Path(__file__).resolve().parent.parent
STATUTES = ("经济法/审计法(2021-10-23).md", "经济法/政府采购法(2014-08-31).md",
            "经济法/预算法(2018-12-29).md")
START = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.timezone.utc)
PASSWORD = "Bench-Contest-2026"


def case_body(number: int) -> str:
    """About 3,000 characters in the case template's sections, six references."""
    finding = (f"案例{number}：审计发现，该单位在预算执行中超预算、无预算安排支出，"
               "部分采购项目化整为零规避公开招标，资金使用效益不高。") * 6
    return "\n\n".join((
        "## 基本情况", f"某县第{number}号审计项目，对该县财政局及下属单位2024年度预算执行情况进行审计。" * 4,
        "## 审计发现", finding,
        "## 定性依据", "上述行为违反《中华人民共和国预算法》第五十七条、第十三条的规定，"
        "违反《中华人民共和国政府采购法》第二十八条的规定。" * 3,
        "## 处理处罚", "依据《中华人民共和国审计法》第四十五条、第四十九条，"
        "并依据《中华人民共和国政府采购法》第七十一条，责令改正，调整有关会计账目。" * 3,
        "## 整改情况", "被审计单位已完成整改，建立健全了内部控制制度。" * 8,
        "## 启示", "预算执行审计应当关注无预算支出和规避招标问题。" * 8))


def set_up(data_dir: Path, corpus: Path, cases: int):
    settings = Settings(data_dir=data_dir, database_url=sqlite_url(data_dir), corpus_path=corpus)
    clock = FixedClock(START)
    services = open_services(settings, clock=clock)
    for statute in STATUTES:
        Importer(services.db).import_path(corpus / statute)
    services.citations.link_library()

    def user(name: str, role: str = "staff"):
        return actor_of(services.users.create_user(system_actor(), NewUser(
            name, f"用户{name}", role, None, PASSWORD, False)).user)
    trainer, judges = user("trainer", "trainer"), [user(f"judge{i}") for i in range(3)]
    contest_id = services.case_contests.open_contest(trainer, ContestInput(
        "2026年度审计案例评比", START - dt.timedelta(hours=1), START + dt.timedelta(days=7),
        judges=tuple(j.username for j in judges)))
    entries = [services.contest_entries.submit(user(f"staff{n}"), contest_id, EntryInput(CaseInput(
        f"第{n}号预算执行审计案例", "预算执行", case_body(n), ("预算执行",), dt.date(2025, 6, 1), "",
        f"第{n}号案例摘要"))).id for n in range(1, cases + 1)]
    clock.set(START + dt.timedelta(days=8))
    criteria = services.contest_judging.criteria(trainer, contest_id)
    for judge in judges:
        for n, entry_id in enumerate(entries):
            points = {c.id: max(0, c.weight - (n + judge.id) % 7) for c in criteria}
            services.contest_judging.score(judge, entry_id, ReviewInput(points, "评语"))
    services.case_contests.set_awards(trainer, contest_id, {
        e: AWARDS[min(n // 5, 3)] for n, e in enumerate(entries)})
    services.case_contests.publish(trainer, contest_id)
    return services, trainer, contest_id


def timed(action) -> tuple[float, bytes]:
    started = time.perf_counter()
    data = action()
    return time.perf_counter() - started, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"准备：{args.cases} 个获奖案例，3 名评委 …", flush=True)
        services, trainer, contest_id = set_up(Path(tmp) / "data", args.corpus, args.cases)
        compiled = services.contest_documents.compilation(trainer, contest_id)
        print(f"汇编：{len(compiled.cases)} 个案例，引用条文共 "
              f"{sum(len(c.articles) for c in compiled.cases)} 条（附条文全文）", flush=True)
        documents, sheets = [], []
        for run in range(1, args.runs + 1):
            seconds, data = timed(lambda: services.contest_documents.compilation_docx(trainer, contest_id))
            paragraphs = len(Document(io.BytesIO(data)).paragraphs)
            sheet, _ = timed(lambda: services.contest_documents.results_workbook(trainer, contest_id))
            documents.append(seconds)
            sheets.append(sheet)
            print(f"第{run}次：案例汇编 {seconds:.2f} s（{len(data) // 1024} KB，{paragraphs} 段）；"
                  f"成绩表 {sheet:.2f} s", flush=True)
        services.close()
    median = statistics.median(documents)
    print(f"中位数：案例汇编（{args.cases} 个案例）{median:.2f} s（目标 ≤ 15 s："
          f"{'达到' if median <= 15 else '未达到'}）；成绩表 {statistics.median(sheets):.2f} s")


if __name__ == "__main__":
    main()
