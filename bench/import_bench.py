"""Benchmark: import the whole corpus into an empty database, then re-import it unchanged.

Usage: python -m bench.import_bench [--runs 3] [--corpus PATH]
Prints the median of each figure over the runs (the machine is shared and noisy), and
parsing alone for scale.  Targets (issue A): import ≤ 60 s, unchanged re-import ≤ 10 s.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from kb.importer import Importer
from quizzes.services import open_services
from core.settings import Settings
from laws.corpus import load_documents


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", default=str(Settings.from_env().corpus_path))
    args = parser.parse_args()
    corpus = Path(args.corpus)
    parse_times, import_times, reimport_times = [], [], []
    for run in range(args.runs):
        parse_times.append(timed(lambda: sum(1 for _ in load_documents(corpus)))[0])
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(Path(tmp), f"sqlite:///{tmp}/kb.sqlite3", corpus)
            kb = open_services(settings)
            seconds, summary = timed(lambda kb=kb: Importer(kb.db).import_path(corpus))
            import_times.append(seconds)
            seconds, again = timed(lambda kb=kb: Importer(kb.db).import_path(corpus))
            reimport_times.append(seconds)
            assert again.documents == 0, "re-import changed something"
            kb.close()
        print(f"run {run + 1}: parse {parse_times[-1]:.1f} s, import {import_times[-1]:.1f} s, "
              f"re-import {reimport_times[-1]:.1f} s "
              f"({summary.total_statutes} statutes, {summary.total_versions} versions, "
              f"{summary.total_articles} articles)")
    print(f"median over {args.runs} runs: parse only {statistics.median(parse_times):.1f} s; "
          f"import into empty database {statistics.median(import_times):.1f} s (target ≤ 60 s); "
          f"re-import unchanged {statistics.median(reimport_times):.1f} s (target ≤ 10 s)")


if __name__ == "__main__":
    main()
