"""Benchmark: read a 300-article Word document and a 100-page text PDF into statute data,
parse report included (what the intake page shows before saving).

Usage: python -m bench.intake_bench [--runs 5] [--corpus PATH]
The files are generated from corpus texts (民事诉讼法 cut to 300 articles; the 民法典 parts
laid out as one PDF cut at 100 pages).  Prints the median over the runs (the machine is
shared and noisy).  Target (issue H): each ≤ 5 s.
"""
from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from core.settings import Settings
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", default=str(Settings.from_env().corpus_path))
    args = parser.parse_args()
    corpus = Path(args.corpus)
    procedure = (corpus / "诉讼与非诉讼程序法" / "民事诉讼法(2023-09-01).md").read_text(encoding="utf-8")
    docx = write_docx(first_articles(procedure, 300))
    pdf = write_pdf(code_markdown(corpus), max_pages=100)
    pages = pdf.count(b"/Type /Page\n")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; "
          f"medians of {args.runs} runs; target ≤ 5 s each")
    wall, cpu, articles = timed_read(docx, "民事诉讼法.docx", args.runs)
    print(f"docx  {len(docx) / 1024:5.0f} KB  {articles:4d} articles            "
          f"wall {wall:5.2f} s  cpu {cpu:5.2f} s")
    wall, cpu, articles = timed_read(pdf, "民法典.pdf", args.runs)
    print(f"pdf   {len(pdf) / 1024:5.0f} KB  {articles:4d} articles {pages:3d} pages  "
          f"wall {wall:5.2f} s  cpu {cpu:5.2f} s")


if __name__ == "__main__":
    main()
