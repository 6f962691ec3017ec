"""Benchmark (issue H): a 300-article Word document and a 100-page text PDF each parse,
preview and save in ≤ 5 s, the new version searchable at once.

Usage: python -m bench.intake_bench [--runs 3] [--corpus PATH] [--data-dir DIR]

The files are generated from corpus texts with the test suite's generators (民事诉讼法 cut
to 300 articles as an flk-style .docx; the 民法典 parts laid out as one PDF cut at 100
pages).  Parse is `StatuteIntake.read`, preview what the intake page adds (the parse report
and the namesake look-up), save `StatuteIntake.save` as a new version of 民事诉讼法 / 民法典:
store, link, index refresh, audit log.  Medians of the runs, wall-clock and CPU seconds
(the machine is shared: under load the wall clock measures the neighbours).

Without --data-dir only parse and preview are timed.  With it (a data directory holding the
whole corpus, imported and indexed, e.g. the one bench.web_load builds) the directory is
copied once (never written to), the copy linked if it is not, and each run saves both files
into a fresh copy of that (the copying is not timed), then searches for a sentence only the
new version has.  The preview and the save run in two services opened on the copy, as two
gunicorn workers have them (the save reuses the preview's conversion, kept in the data
directory: kb.intake_sources).  Baselines measured in the same run: the file read again
(`read_statute`, what a save on another worker than the preview paid before the
conversion was kept), and a full relink (`link_library`, what every intake did before the
link became incremental) on the same library after the save.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from accounts.permissions import system_actor
from core.settings import Settings, sqlite_url
from kb.intake import IntakeMetadata, StatuteIntake
from kb.search import SearchFilters
from laws.readers import build_report, read_statute
from quizzes.services import open_services
from tests.support.statute_files import first_articles, write_docx, write_pdf

MARK = "本条为基准测试新增的文字"
ACTOR = system_actor("基准测试")
PDF_PAGE = b"/Type /Page\n"


def code_markdown(corpus: Path) -> str:
    """The 民法典 parts as one document: the first part's header, every part's body."""
    parts = sorted((corpus / "民法典").glob("*.md"))
    texts = [p.read_text(encoding="utf-8") for p in parts]
    texts.sort(key=lambda t: "总则" not in t.split("\n", 3)[2])  # 总则 first
    head, _, _ = texts[0].partition("<!-- INFO END -->")
    bodies = [t.partition("<!-- INFO END -->")[2] for t in texts]
    return head.replace("# 总则\n", "") + "<!-- INFO END -->\n" + "\n".join(bodies)


class Timer:
    """Wall-clock and CPU seconds of each named step, over the runs."""

    def __init__(self):
        self.wall: dict[str, list[float]] = {}
        self.cpu: dict[str, list[float]] = {}

    def time(self, step: str, work):
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        self.wall.setdefault(step, []).append(time.perf_counter() - wall)
        self.cpu.setdefault(step, []).append(time.process_time() - cpu)
        return result

    def add(self, step: str, wall: float) -> None:
        self.wall.setdefault(step, []).append(wall)

    def total(self, step: str, parts: list[str]) -> None:
        """A step that is the sum of the last run of others, wall and CPU."""
        self.wall.setdefault(step, []).append(sum(self.wall[p][-1] for p in parts))
        self.cpu.setdefault(step, []).append(sum(self.cpu[p][-1] for p in parts))

    def line(self, step: str) -> str:
        cpu = f"  cpu {statistics.median(self.cpu[step]):5.2f} s" if step in self.cpu else ""
        return f"{step:28s} wall {statistics.median(self.wall[step]):6.2f} s{cpu}"


@dataclass
class Sample:
    data: bytes
    filename: str
    statute: str
    timer: Timer = field(default_factory=Timer)
    articles: int = 0
    found: list[bool] = field(default_factory=list)


def parse_and_preview(sample: Sample, intake: StatuteIntake) -> None:
    doc = sample.timer.time("parse", lambda: intake.read(sample.data, sample.filename))
    report = sample.timer.time("preview", lambda: (build_report(doc), intake.namesake(doc.title))[0])
    sample.articles = report.article_count


def save_run(library: Path, sample: Sample, run: int) -> None:
    """Parse and preview in one worker, save in another, into a fresh copy of the library;
    then the baselines."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(library, copy)
        settings = replace(Settings.from_env(), data_dir=copy, database_url=sqlite_url(copy))
        preview, kb = open_services(settings), open_services(settings)
        try:
            for worker in (preview, kb):
                worker.search.warm()   # as the running web app has it: jieba and the lexicon loaded
            parse_and_preview(sample, preview.intake)
            on = dt.date(2026, 6, 1 + run)
            result = sample.timer.time("save (another worker)", lambda: kb.intake.save(
                ACTOR, sample.data, sample.filename, IntakeMetadata(
                    level="法律", new_version_of=sample.statute, promulgated=on, effective=on + dt.timedelta(days=30))))
            hits = kb.search.search(MARK, SearchFilters(law=sample.statute)).hits
            sample.found.append(any(h.version_date == on for h in hits))
            timer = sample.timer
            steps = ["parse", "preview", "save (another worker)"]
            timer.total("parse + preview + save", steps)
            timer.add("  of which the link", result.import_outcome.link_seconds)
            timer.time("baseline: read again", lambda: read_statute(sample.data, sample.filename))
            timer.total("baseline: with the re-read", steps + ["baseline: read again"])
            timer.time("baseline: full relink", kb.citations.link_library)
        finally:
            preview.close()
            kb.close()


def linked_copy(data_dir: Path, into: Path) -> Path:
    """A copy of the data directory, its citations linked (a library imported without a
    link would make every intake's link a full one)."""
    library = into / "library"
    shutil.copytree(data_dir, library)
    kb = open_services(replace(Settings.from_env(), data_dir=library, database_url=sqlite_url(library)))
    try:
        if kb.citations.is_link_pending() or not kb.citations.is_library_linked():
            started = time.perf_counter()
            summary = kb.citations.link_library()
            print(f"linked the library copy first: {summary.articles} articles, "
                  f"{time.perf_counter() - started:.1f} s")
    finally:
        kb.close()
    return library


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", default=str(Settings.from_env().corpus_path))
    parser.add_argument("--data-dir", help="whole-corpus data directory (read only): also time the save")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    procedure = (corpus / "诉讼与非诉讼程序法" / "民事诉讼法(2023-09-01).md").read_text(encoding="utf-8")
    docx = write_docx(first_articles(procedure, 300).replace("第一条 ", f"第一条 {MARK}。", 1))
    pdf = write_pdf(code_markdown(corpus).replace("第一条 ", f"第一条 {MARK}。", 1), max_pages=100)
    samples = [Sample(docx, "民事诉讼法.docx", "民事诉讼法"), Sample(pdf, "民法典.pdf", "民法典")]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; medians of {args.runs} runs; "
          f"target ≤ 5 s each for parse + preview + save")
    with tempfile.TemporaryDirectory() as tmp:
        library = linked_copy(Path(args.data_dir), Path(tmp)) if args.data_dir else None
        for sample in samples:
            for run in range(args.runs):
                if library is None:
                    with tempfile.TemporaryDirectory() as empty:
                        kb = open_services(replace(Settings.from_env(), data_dir=Path(empty),
                                                   database_url=sqlite_url(Path(empty))))
                        parse_and_preview(sample, kb.intake)
                        kb.close()
                else:
                    save_run(library, sample, run)
            pages = f", {sample.data.count(PDF_PAGE)} pages" if sample.filename.endswith(".pdf") else ""
            print(f"\n{sample.filename}: {len(sample.data) / 1024:.0f} KB, {sample.articles} articles{pages}")
            for step in sample.timer.wall:
                print("  " + sample.timer.line(step))
            if sample.found:
                print(f"  searchable at once: {'yes' if all(sample.found) else 'NO'} "
                      f"({sum(sample.found)} of {len(sample.found)} runs)")


if __name__ == "__main__":
    main()
