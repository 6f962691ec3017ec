"""Benchmark: read a 300-article Word document and a 100-page text PDF into statute data,
parse report included (what the intake page shows before saving).

Usage: python -m bench.intake_bench [--runs 5] [--corpus PATH] [--data-dir DIR]
The files are generated from corpus texts (民事诉讼法 cut to 300 articles; the 民法典 parts
laid out as one PDF cut at 100 pages).  Prints the median over the runs (the machine is
shared and noisy).  Target (issue H): each parses, previews and saves in ≤ 5 s, the new
version searchable at once.

With --data-dir (a data directory holding the whole corpus, imported and indexed, e.g. the
one bench.web_load builds), each run also saves both files into a fresh copy of it (the copy
is not timed) as new versions of 民事诉讼法 and 民法典 through kb.intake — store, relink,
index refresh — and searches for a sentence only the new version has.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import tempfile
import statistics
import time
from dataclasses import replace
from pathlib import Path

from accounts.permissions import system_actor
from core.settings import Settings, sqlite_url
from kb.intake import IntakeMetadata
from kb.search import SearchFilters
from quizzes.services import open_services
from laws.readers import build_report, read_statute
from tests.support.statute_files import first_articles, write_docx, write_pdf


def code_markdown(corpus: Path) -> str:
    """The 民法典 parts as one document: the first part's header, every part's body."""
    parts = sorted((corpus / "民法典").glob("*.md"))
    texts = [p.read_text(encoding="utf-8") for p in parts]
    texts.sort(key=lambda t: "总则" not in t.split("\n", 3)[2])  # 总则 first
    head, _, _ = texts[0].partition("<!-- INFO END -->")
    bodies = [t.partition("<!-- INFO END -->")[2] for t in texts]
    return head.replace("# 总则\n", "") + "<!-- INFO END -->\n" + "\n".join(bodies)


def timed_read(data: bytes, name: str, runs: int) -> tuple[float, float, int]:
    """Median wall-clock and CPU seconds of reading the file and building its report.

    CPU time is printed beside wall time because the machine is shared: under load the
    wall clock measures the neighbours."""
    walls, cpus, articles = [], [], 0
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        report = build_report(read_statute(data, name))
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        articles = report.article_count
    return statistics.median(walls), statistics.median(cpus), articles


MARK = "本条为基准测试新增的文字"


def timed_save(data_dir: Path, data: bytes, name: str, statute: str, runs: int) -> tuple[float, float, bool]:
    """Median wall and CPU seconds of preview (read + report) and save into a copy of the
    library; and whether every run found the new version by search right after."""
    walls, cpus, found = [], [], True
    for run in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "data"
            shutil.copytree(data_dir, copy)
            kb = open_services(replace(Settings.from_env(), data_dir=copy, database_url=sqlite_url(copy)))
            try:
                wall, cpu = time.perf_counter(), time.process_time()
                build_report(read_statute(data, name))
                kb.intake.save(system_actor("基准测试"), data, name, IntakeMetadata(
                    level="法律", new_version_of=statute, promulgated=dt.date(2026, 6, 1 + run),
                    effective=dt.date(2026, 7, 1 + run)))
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
                hits = kb.search.search(MARK, SearchFilters(law=statute)).hits
                found = found and any(h.version_date == dt.date(2026, 6, 1 + run) for h in hits)
            finally:
                kb.close()
    return statistics.median(walls), statistics.median(cpus), found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", default=str(Settings.from_env().corpus_path))
    parser.add_argument("--data-dir", help="whole-corpus data directory: also time the save")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    procedure = (corpus / "诉讼与非诉讼程序法" / "民事诉讼法(2023-09-01).md").read_text(encoding="utf-8")
    docx = write_docx(first_articles(procedure, 300).replace("第一条 ", f"第一条 {MARK}。", 1))
    pdf = write_pdf(code_markdown(corpus).replace("第一条 ", f"第一条 {MARK}。", 1), max_pages=100)
    pages = pdf.count(b"/Type /Page\n")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; "
          f"medians of {args.runs} runs; target ≤ 5 s each")
    wall, cpu, articles = timed_read(docx, "民事诉讼法.docx", args.runs)
    print(f"docx  {len(docx) / 1024:5.0f} KB  {articles:4d} articles            "
          f"wall {wall:5.2f} s  cpu {cpu:5.2f} s")
    wall, cpu, articles = timed_read(pdf, "民法典.pdf", args.runs)
    print(f"pdf   {len(pdf) / 1024:5.0f} KB  {articles:4d} articles {pages:3d} pages  "
          f"wall {wall:5.2f} s  cpu {cpu:5.2f} s")
    if args.data_dir:
        runs = max(1, min(args.runs, 3))
        for data, name, statute in ((docx, "民事诉讼法.docx", "民事诉讼法"), (pdf, "民法典.pdf", "民法典")):
            wall, cpu, found = timed_save(Path(args.data_dir), data, name, statute, runs)
            print(f"{name:10s} preview + save as a new version (median of {runs}): wall {wall:5.2f} s  "
                  f"cpu {cpu:5.2f} s; searchable at once: {'yes' if found else 'NO'}")


if __name__ == "__main__":
    main()
