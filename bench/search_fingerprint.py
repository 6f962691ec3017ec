"""Every answer of the search to the benchmark and evaluation queries, written to a JSON
file and compared with another such file: a change meant only to make search faster must
leave every hit, score, snippet, message and suggestion as it was.

Usage: python -m bench.search_fingerprint OUT.json [--compare BEFORE.json]

Needs the whole corpus imported and indexed in KB_DATA_DIR.  The queries: the audit set
(bench/search_eval.json), the plain-language set (bench/plain_eval.json, articles only, 100
hits, as bench.plain_eval asks), the bench's bad input and pasted 500-character stories,
and a few filtered and paged searches.  Each query is asked twice (the second answer comes
from warm caches and must be the same as the first).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from bench.plain_eval import ARTICLES, load_questions
from bench.search_bench import EXTRA_QUERIES, long_queries
from bench.search_eval import load_queries
from core.settings import Settings
from kb.search import SearchFilters
from quizzes.services import open_services

FILTERED = [
    ("预算调整", SearchFilters(law="预算法"), 1, 10),
    ("审计", SearchFilters(level="行政法规"), 2, 10),
    ("会计账簿", SearchFilters(status="all"), 1, 20),
    ("招标", SearchFilters(on_date=dt.date(2015, 1, 1)), 1, 10),
    ("审计法第三十四条", SearchFilters(status="all"), 1, 10),
    ("违法", SearchFilters(kinds=("case", "court_case")), 1, 10),
    ("政府采购", SearchFilters(), 3, 25),
]


def searches() -> list[tuple[str, SearchFilters, int, int]]:
    plain = SearchFilters()
    return ([(q["query"], plain, 1, 10) for q in load_queries()]
            + [(q["query"], ARTICLES, 1, 100) for q in load_questions()]
            + [(q, plain, 1, 10) for q in EXTRA_QUERIES + long_queries()] + FILTERED)


def _answer(response) -> dict:
    """The response as the API gives it, with every score at full precision."""
    return {**response.to_json(), "scores": [repr(hit.score) for hit in response.hits]}


def answers(search) -> list[dict]:
    out = []
    for query, filters, page, per_page in searches():
        response = _answer(search.search(query, filters, page, per_page))
        again = _answer(search.search(query, filters, page, per_page))
        if again != response:
            raise SystemExit(f"第二次检索结果不同：{query[:40]}")
        out.append({"query": query, "filters": repr(filters), "page": page,
                    "response": response})
    return out


def compare(now: list[dict], before: list[dict]) -> int:
    if len(now) != len(before):
        print(f"查询数不同：{len(now)} / {len(before)}")
        return 1
    differ = [(a, b) for a, b in zip(now, before) if a != b]
    for a, b in differ[:10]:
        print(f"不同：{a['query'][:40]!r} {a['filters']}")
        for key in a["response"]:
            if a["response"][key] != b["response"].get(key):
                print(f"  {key}: {str(b['response'].get(key))[:300]}\n  → {str(a['response'][key])[:300]}")
    print(f"{len(now)} 个检索，{len(differ)} 个结果不同")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--compare", type=Path)
    args = parser.parse_args(argv)
    kb = open_services(Settings.from_env())
    try:
        now = answers(kb.search)
    finally:
        kb.close()
    args.out.write_text(json.dumps(now, ensure_ascii=False, indent=0), encoding="utf-8")
    if args.compare:
        return compare(now, json.loads(args.compare.read_text(encoding="utf-8")))
    print(f"{len(now)} 个检索 → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
