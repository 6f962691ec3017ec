"""Benchmark: full-corpus index build and search latency, against a plain Whoosh + jieba
baseline built in the same run.

Usage: python -m bench.search_bench [--runs 1 (0: the live index, no build)] [--baseline/--no-baseline] [--rounds 3]

Needs the corpus imported in KB_DATA_DIR (`python -m kb import ../shared/corpus`).  Builds
into temporary directories, so the live index is not touched.  The machine is shared: every
figure is a median (builds over --runs, latency percentiles per round, median over --rounds).

Baseline: one TEXT field per document analysed by jieba's stock `ChineseAnalyzer`, a single
Whoosh writer, Whoosh's BM25F and query parser (AND of all words, and OR of all words).
Targets (issues B and 15): build ≤ 90 s; latency p50 ≤ 5 ms, p95 ≤ 20 ms over a mixed query set.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

from jieba.analyse import ChineseAnalyzer
from whoosh import index
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.qparser import OrGroup, QueryParser

from bench.plain_eval import load_questions
from bench.search_eval import load_queries
from kb.search import SearchService
from kb.search.documents import StatuteDocuments
from quizzes.services import Services, open_services
from core.settings import Settings

# Beside the evaluation queries, input the issue says must stay fast and safe.
EXTRA_QUERIES = ["条*", "审计 AND 资料 OR NOT 预算", "body:审计 [a TO z]", "？？？", "",
                 "审计" * 200, "“被审计单位", "（预算法", "😀 预算调整", "\x00\x07审计"]

# Pasted stories at the longest a query is searched whole (kb.search.query.MAX_QUERY_CHARS).
LONG_CHARS = 500
LONG_QUERIES = 30


def long_queries() -> list[str]:
    """500-character texts cut from the long plain-language stories of bench/plain_eval.json,
    one after another, each window starting at another place."""
    stories = "".join(q["query"] for q in load_questions() if len(q["query"]) >= 150)
    step = max(1, (len(stories) - LONG_CHARS) // LONG_QUERIES)
    return [stories[start:start + LONG_CHARS] for start in range(0, step * LONG_QUERIES, step)]


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the build's workers)."""
    usages = (resource.getrusage(resource.RUSAGE_SELF),
              resource.getrusage(resource.RUSAGE_CHILDREN))
    return sum(u.ru_utime + u.ru_stime for u in usages)


def build_timed(fn) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of a build: on a shared machine CPU time is the steadier."""
    before = cpu_seconds()
    seconds, _ = timed(fn)
    return seconds, cpu_seconds() - before


def percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def build_ours(kb: Services, root: Path) -> tuple[float, float, SearchService]:
    service = SearchService(root, kb.db.session)
    return *build_timed(service.rebuild), service


def build_baseline(kb: Services, root: Path) -> tuple[float, float]:
    schema = Schema(key=ID(stored=True, unique=True), title=TEXT(analyzer=ChineseAnalyzer()),
                    body=TEXT(analyzer=ChineseAnalyzer(), stored=True), law=STORED)
    provider = StatuteDocuments(kb.db.session)

    def build():
        ix = index.create_in(str(root), schema)
        writer = ix.writer()
        for doc in provider.documents(provider.groups()):
            writer.add_document(key=doc.key, title=doc.title or doc.meta.law_title,
                                body=doc.body, law=doc.meta.short_title)
        writer.commit()
    return build_timed(build)


def latency_ours(service: SearchService, queries: list[str],
                 cpu: list[list[float]] | None = None) -> list[float]:
    """Wall milliseconds per query; with `cpu`, the round's CPU milliseconds are added to it
    (on a machine shared with other work the CPU time is the steadier figure)."""
    walls, cpus = [], []
    for query in queries:
        before = time.process_time()
        walls.append(timed(lambda q=query: service.search(q))[0] * 1000)
        cpus.append((time.process_time() - before) * 1000)
    if cpu is not None:
        cpu.append(cpus)
    return walls


def latency_baseline(root: Path, queries: list[str], group=None) -> list[float]:
    ix = index.open_dir(str(root))
    parser = QueryParser("body", ix.schema, **({"group": group} if group else {}))
    times = []
    for text in queries:
        def run(text=text):
            with ix.searcher() as searcher:
                hits = searcher.search(parser.parse(text), limit=10)
                return [hit["key"] for hit in hits]
        times.append(timed(run)[0] * 1000)
    return times


def report(name: str, rounds: list[list[float]], cpu: list[list[float]] = ()) -> None:
    p50 = statistics.median(percentiles(r)[0] for r in rounds)
    p95 = statistics.median(percentiles(r)[1] for r in rounds)
    worst = max(max(r) for r in rounds)
    line = f"  {name:34} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   max {worst:7.1f} ms"
    if cpu:
        line += (f"   (CPU p50 {statistics.median(percentiles(r)[0] for r in cpu):.1f} ms, "
                 f"p95 {statistics.median(percentiles(r)[1] for r in cpu):.1f} ms)")
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1,
                        help="builds of our index (median); 0: time the live index of "
                             "KB_DATA_DIR, no build")
    parser.add_argument("--rounds", type=int, default=3, help="latency rounds (median)")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    queries = [q["query"] for q in load_queries()] + EXTRA_QUERIES
    kb = open_services(Settings.from_env())
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        builds, cpus, service = [], [], kb.search
        for run in range(args.runs):
            seconds, cpu, service = build_ours(kb, Path(tmp) / f"ours-{run}")
            builds.append(seconds)
            cpus.append(cpu)
            print(f"our build, run {run + 1}: {seconds:.1f} s ({cpu:.0f} CPU-seconds)")
        baseline_build = None
        if not args.no_baseline:
            (Path(tmp) / "plain").mkdir()
            baseline_build, baseline_cpu = build_baseline(kb, Path(tmp) / "plain")
            print(f"plain Whoosh + jieba build: {baseline_build:.1f} s "
                  f"({baseline_cpu:.0f} CPU-seconds)")
        first, _ = timed(lambda: service.search(queries[0]))
        print(f"\nfirst search after opening (loads statute names, priors): {first * 1000:.0f} ms")
        print(f"latency over {len(queries)} queries (questions, keywords, citations, names, "
              f"bad input), median of {args.rounds} rounds:")
        cpu: list[list[float]] = []
        report("ours", [latency_ours(service, queries, cpu) for _ in range(args.rounds)], cpu)
        stories, cpu = long_queries(), []
        report(f"ours, {len(stories)} pasted {LONG_CHARS}-char texts",
               [latency_ours(service, stories, cpu) for _ in range(args.rounds)], cpu)
        if not args.no_baseline:
            for name, group in (("plain Whoosh + jieba, AND", None),
                                ("plain Whoosh + jieba, OR", OrGroup)):
                report(name, [latency_baseline(Path(tmp) / "plain", queries, group)
                              for _ in range(args.rounds)])
        if not builds:
            kb.close()
            return
        ours = statistics.median(builds)
        print(f"\nbuild: ours {ours:.1f} s, {statistics.median(cpus):.0f} CPU-seconds (median of "
              f"{len(builds)}, target ≤ 90 s)" + (f"; plain {baseline_build:.1f} s, ratio "
                                                 f"{baseline_build / ours:.1f}×"
                                                 if baseline_build else ""))
    kb.close()


if __name__ == "__main__":
    main()
