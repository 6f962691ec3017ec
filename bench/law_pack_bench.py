"""Benchmark (issue 16 K, 以案释法): a 30-page pack is written as .docx and as PDF in ≤ 10 s.

Usage: python -m bench.law_pack_bench [--runs 3] [--corpus PATH]

A fresh data directory gets the statutes an 经济责任审计 pack draws on (预算法, 审计法,
会计法, 政府采购法, 招标投标法 and their 实施条例, 财政违法行为处罚处分条例, 公职人员政务处分法)
from the corpus, the finding guide, the sample cases and the sample question bank (none of
that is timed).  The pack names every finding of 预算执行, 行政事业单位财务 and 政府采购 in
the guide, three cases, up to 20 questions (the bank has 11 on these articles), and as its
key articles the 法律责任 of 预算法 and 会计法 and the first 36 articles of 审计法: about 90
articles with the guide's, laid out at 34 A4 pages.  Each run times, from the service as
the download routes call it, the .docx (assembly included) and the PDF (assembly included);
the first PDF of the process also registers the fonts (reading two TrueType collections),
so the first run is reported apart.  Medians of the runs, wall-clock and CPU seconds (the
machine is shared: under load the wall clock measures the neighbours).
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from accounts.permissions import system_actor
from core.settings import DEFAULT_CORPUS, Settings, sqlite_url
from kb.cases.samples import load_sample_cases
from kb.guide.seed import seed_guide
from kb.importer import Importer
from quizzes.law_pack.values import MeetingInput, PackInput
from quizzes.services import open_services

ACTOR = system_actor("基准测试")
STATUTES = ("经济法/预算法", "经济法/审计法", "经济法/会计法", "经济法/政府采购法",
            "行政法规/政府采购法实施条例", "行政法规/审计法实施条例", "行政法规/预算法实施条例",
            "行政法规/财政违法行为处罚处分条例", "宪法相关法/公职人员政务处分法",
            "民法商法/招标投标法", "行政法规/招标投标法实施条例")
ARTICLES = ("《预算法》第八十八条至第一百零一条；《审计法》第一条至第三十六条；"
            "《会计法》第四十条至第四十五条")
LIMIT_SECONDS = 10
PAGE = re.compile(rb"/Type /Page\b(?!s)")


def build(data_dir: Path, corpus: Path):
    source = data_dir.parent / "statutes"
    for name in STATUTES:
        for path in corpus.glob(name + "(*).md"):
            target = source / path.relative_to(corpus)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    settings = Settings(data_dir=data_dir, database_url=sqlite_url(data_dir), corpus_path=corpus)
    services = open_services(settings)
    Importer(services.db).import_path(source)
    services.citations.link_library()
    seed_guide(services.guide)
    load_sample_cases(services.case_transfer)
    services.samples.load(ACTOR)
    guide = [e.slug for e in services.guide.list_entries()
             if e.category in ("预算执行", "行政事业单位财务", "政府采购")]
    pack = services.law_packs.create_pack(ACTOR, PackInput(
        "经济责任审计进点会普法资料", "经济责任", tuple(guide), ARTICLES,
        ("sample-005", "sample-001", "sample-010"), 20),
        MeetingInput("某县交通运输局", "进点会", dt.date(2025, 3, 10)))
    return services, pack.id, pack.meetings[0].id


def timed(work) -> tuple[float, float, bytes]:
    wall, cpu = time.perf_counter(), time.process_time()
    _, data = work()
    return time.perf_counter() - wall, time.process_time() - cpu, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        services, pack_id, meeting_id = build(Path(tmp) / "data", args.corpus)
        document = services.law_packs.assemble(ACTOR, pack_id, meeting_id)
        print(f"资料包：{len(document.articles)} 条法条，{len(document.findings)} 个常见问题，"
              f"{len(document.cases)} 个案例，{len(document.questions)} 道自测题")
        runs = {"docx": [], "pdf": []}
        first_pdf = None
        for run in range(args.runs + 1):
            runs["docx"].append(timed(lambda: services.law_packs.docx(ACTOR, pack_id, meeting_id)))
            result = timed(lambda: services.law_packs.pdf(ACTOR, pack_id, meeting_id))
            if run == 0:
                first_pdf = result     # includes registering the fonts
            else:
                runs["pdf"].append(result)
        runs["docx"] = runs["docx"][1:]
        services.close()
    pages = len(PAGE.findall(first_pdf[2]))
    print(f"PDF {pages} 页，{len(first_pdf[2]) / 1e6:.1f} MB；.docx {len(runs['docx'][0][2]) / 1e3:.0f} KB")
    print(f"首次 PDF（含载入字体）：{first_pdf[0]:.2f} s（CPU {first_pdf[1]:.2f} s）")
    total = 0.0
    for name, results in runs.items():
        wall = statistics.median(r[0] for r in results)
        cpu = statistics.median(r[1] for r in results)
        total += wall
        print(f"{name:5s} 中位数 {wall:.2f} s（CPU {cpu:.2f} s），{len(results)} 次")
    verdict = "达标" if total <= LIMIT_SECONDS else "超标"
    print(f".docx + PDF 合计 {total:.2f} s（要求 ≤ {LIMIT_SECONDS} s）：{verdict}")


if __name__ == "__main__":
    main()
