"""Search quality on plain-language legal questions (bench/plain_eval.json), beside a plain
BM25 baseline built in the same run.

Usage: python -m bench.plain_eval [--split tune|held|all] [--failures] [--json] [--rebuild-baseline]
                                  [--min-chars N]

Needs the whole corpus imported and indexed in KB_DATA_DIR (`python -m kb import …`, then
`python -m kb index`).  For each question, over the whole corpus:
- the product: `kb.search.search(question, per_page=100)` restricted to article hits (the
  kinds filter is a mask, it does not change the ranking), like bench/search_eval.py;
- the baseline: bench/bm25_baseline.py, the same current articles in a bare Whoosh index.
Figures, per split and per domain: Recall@10 and Recall@100 (share of a question's
expected articles among its first 10/100 article hits, averaged over questions), MRR@10,
and none@10 (share of questions with no expected article in the first 10).

Every third question of each domain is "held": tune nothing on it, read its failures only
when reporting (--failures --split held).  How the set was written and checked:
bench/README-plain-eval.md.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from bench.bm25_baseline import ArticleKey, Bm25Baseline
from core.progress import progress_bar
from kb.search import SearchFilters
from kb.search.service import INTERNAL_ERROR
from quizzes.services import Services, open_services
from core.settings import Settings

EVAL_FILE = Path(__file__).resolve().parent / "plain_eval.json"
DEPTH = 100
TOP = 10
SYSTEMS = ("product", "bm25")
ARTICLES = SearchFilters(kinds=("article",))


def load_questions(path: Path = EVAL_FILE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def expected_keys(kb: Services, entry: dict) -> set[ArticleKey]:
    """(law id, article no, suffix) of each expected article; a missing statute raises."""
    return {(kb.library.find_statute(law).id, number, suffix[0] if suffix else 0)
            for law, number, *suffix in entry["expect"]}


def product_hits(kb: Services, question: str) -> list[ArticleKey]:
    response = kb.search.search(question, ARTICLES, per_page=DEPTH)
    if response.message == INTERNAL_ERROR:  # no hits at all is a result; a failure is not
        raise RuntimeError(f"检索失败：{question[:40]}")
    return [(h.law_id, h.article_no, h.article_suffix) for h in response.hits]


def measure(expected: set[ArticleKey], hits: list[ArticleKey]) -> dict:
    ranks = [i for i, key in enumerate(dict.fromkeys(hits), 1) if key in expected]
    first = ranks[0] if ranks else None
    return {"recall@10": sum(r <= TOP for r in ranks) / len(expected),
            "recall@100": sum(r <= DEPTH for r in ranks) / len(expected),
            "mrr@10": 1 / first if first and first <= TOP else 0.0,
            "none@10": 0.0 if first and first <= TOP else 1.0,
            "rank": first}


def evaluate(kb: Services, baseline: Bm25Baseline, questions: list[dict]) -> list[dict]:
    rows = []
    with progress_bar("检索评测问题") as update:
        for done, entry in enumerate(questions, 1):
            expected = expected_keys(kb, entry)
            product = product_hits(kb, entry["query"])
            rows.append({**entry, "product": measure(expected, product),
                         "bm25": measure(expected, baseline.search(entry["query"], DEPTH)),
                         "got": product[:3]})
            update(done, len(questions), entry["id"])
    return rows


def summarise(rows: list[dict]) -> dict:
    out = {"questions": len(rows)}
    for system in SYSTEMS:
        out[system] = {metric: sum(r[system][metric] for r in rows) / len(rows)
                       for metric in ("recall@10", "recall@100", "mrr@10", "none@10")}
    return out


def report(rows: list[dict]) -> dict:
    out = {}
    for split in ("tune", "held", "all"):
        chosen = [r for r in rows if split == "all" or r["split"] == split]
        by_domain = defaultdict(list)
        for r in chosen:
            by_domain[r["domain"]].append(r)
        out[split] = {"overall": summarise(chosen),
                      **{domain: summarise(items) for domain, items in by_domain.items()}}
    return out


def print_report(summary: dict) -> None:
    print(f"{'split':5} {'domain':15} {'n':>4} {'system':8} {'R@10':>6} {'R@100':>6} "
          f"{'MRR@10':>7} {'none@10':>8}")
    for split, groups in summary.items():
        for domain, s in groups.items():
            for system in SYSTEMS:
                m = s[system]
                print(f"{split:5} {domain:15} {s['questions']:>4} {system:8} "
                      f"{m['recall@10']:>6.3f} {m['recall@100']:>6.3f} {m['mrr@10']:>7.3f} "
                      f"{m['none@10']:>8.3f}")


def print_failures(rows: list[dict], split: str, kb: Services) -> None:
    """Questions of the split with no expected article in the product's first 10."""
    names = {}

    def name(key: ArticleKey) -> str:
        if key[0] not in names:
            names[key[0]] = kb.library.get_statute(key[0]).short_title
        return f"{names[key[0]]}{key[1]}{'之' + str(key[2]) if key[2] else ''}"

    for r in rows:
        if (split == "all" or r["split"] == split) and r["product"]["none@10"]:
            expect = "、".join(f"{law}{no}" for law, no, *_ in r["expect"])
            print(f"{r['id']} [{r['domain']}] rank={r['product']['rank']} "
                  f"bm25={r['bm25']['rank']} {r['query'][:60]} | 应为 {expect} | 得 "
                  f"{'、'.join(name(k) for k in r['got'])}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("tune", "held", "all"), default="tune",
                        help="whose failures --failures prints (default: tune only)")
    parser.add_argument("--failures", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--rebuild-baseline", action="store_true")
    parser.add_argument("--min-chars", type=int, default=0,
                        help="only questions this long or longer (pasted stories: 150)")
    args = parser.parse_args(argv)
    kb = open_services(Settings.from_env())
    try:
        if not kb.search.is_built():
            print("检索索引尚未建立：先运行 python -m kb index", file=sys.stderr)
            return 1
        with progress_bar("建立 BM25 基线索引") as update:
            baseline, built = Bm25Baseline.open(kb.db, rebuild=args.rebuild_baseline,
                                                progress=update)
        print(f"BM25 基线：{baseline.doc_count} 条现行条文（{'新建' if built else '缓存'}）",
              file=sys.stderr)
        rows = evaluate(kb, baseline, [q for q in load_questions()
                                       if len(q["query"]) >= args.min_chars])
        summary = report(rows)
        if args.json:
            print(json.dumps(summary, ensure_ascii=False, indent=2))
        else:
            print_report(summary)
        if args.failures:
            print_failures(rows, args.split, kb)
    finally:
        kb.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
