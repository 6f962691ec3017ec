"""Benchmark: the whole-library link step (repeal clauses and every reference inside every
statute) that runs after `python -m kb import`, against the import it follows.

Usage: python -m bench.link_bench [--runs 3] [--corpus PATH]
Imports the corpus once into a temporary database, then links it `--runs` times and
prints the median with the import time measured in the same run as a baseline.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from bench.import_bench import timed
from kb.importer import Importer
from quizzes.services import open_services
from core.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", default=str(Settings.from_env().corpus_path))
    args = parser.parse_args()
    corpus = Path(args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        kb = open_services(Settings(Path(tmp), f"sqlite:///{tmp}/kb.sqlite3", corpus))
        import_seconds, _ = timed(lambda: Importer(kb.db).import_path(corpus))
        link_times = []
        for run in range(args.runs):
            seconds, summary = timed(kb.citations.link_library)
            link_times.append(seconds)
            print(f"run {run + 1}: link {seconds:.1f} s ({summary.articles} articles, "
                  f"{summary.citations} references, {summary.unresolved} unresolved, "
                  f"{summary.repeals} repeal clauses)")
        kb.close()
    median = statistics.median(link_times)
    print(f"median over {args.runs} runs: link {median:.1f} s; import (baseline, same run) "
          f"{import_seconds:.1f} s; link/import = {median / import_seconds:.2f}")


if __name__ == "__main__":
    main()
